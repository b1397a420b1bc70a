/** Latency samples and their summaries. Times are milliseconds from `performance.now()`. */

export interface Distribution {
	count: number;
	p50: number | null;
	p95: number | null;
	p99: number | null;
	max: number | null;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number | null {
	if (sorted.length === 0) return null;
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

export function distribution(values: number[]): Distribution {
	const sorted = Float64Array.from(values).sort();
	const list = Array.from(sorted);
	return {
		count: list.length,
		p50: round(percentile(list, 50)),
		p95: round(percentile(list, 95)),
		p99: round(percentile(list, 99)),
		max: round(list.length ? list[list.length - 1] : null)
	};
}

/** Collects latencies; bounded so a run can never grow without limit. */
export class Latencies {
	readonly #values: number[] = [];
	#dropped = 0;
	constructor(readonly limit = 2_000_000) {}

	add(ms: number): void {
		if (this.#values.length < this.limit) this.#values.push(ms);
		else this.#dropped += 1;
	}

	get count(): number {
		return this.#values.length + this.#dropped;
	}

	summary(): Distribution {
		return distribution(this.#values);
	}
}

export const now = (): number => performance.now();

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when `check` holds, polling; false when `timeoutMs` passed first. */
export async function waitFor(check: () => boolean, timeoutMs: number, pollMs = 20): Promise<boolean> {
	const deadline = now() + timeoutMs;
	while (!check()) {
		if (now() > deadline) return false;
		await sleep(pollMs);
	}
	return true;
}

/** Fisher–Yates, in place. */
export function shuffle<T>(items: T[]): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(Math.random() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}

/** Uniform in [base·(1 − spread), base·(1 + spread)]. */
export const jitter = (base: number, spread = 0.5): number => base * (1 - spread + 2 * spread * Math.random());

/** The median of the values that are there; null when none is. */
export function median(values: Array<number | null | undefined>): number | null {
	const list = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b);
	if (list.length === 0) return null;
	const mid = list.length >> 1;
	return list.length % 2 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
}

export const roundTo = (value: number | null, digits = 0): number | null => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits);

/** a ÷ b to two decimals; null when either is missing or b is 0. */
export const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : Math.round((a / b) * 100) / 100);
