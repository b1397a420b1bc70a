/**
 * Samples the server's `GET /__metrics` (server/metrics.ts) and this process's own CPU and
 * event-loop delay every 250 ms, and summarises any time window of a run.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsSnapshot } from '../server/metrics';
import { now } from './stats';

export const SAMPLE_MS = 250;

interface Sample {
	t: number;
	/** Which server process answered (a restart starts its CPU counters again). */
	pid: number | undefined;
	server: MetricsSnapshot | null;
	generatorCpuMicros: number;
	generatorDelay: { p99: number; max: number };
	/** The whole machine (/proc/stat), cumulative ms: CPU busy (all cores) and waiting for disk. */
	machine: { busyMs: number; iowaitMs: number } | null;
}

/** Machine-wide CPU time from /proc/stat (Linux), in ms; null elsewhere. */
function machineCpu(): Sample['machine'] {
	try {
		const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
		const [user, nice, system, , iowait, irq, softirq, steal] = fields.map(Number);
		const tick = 10; // USER_HZ is 100 on Linux: one tick is 10 ms.
		return { busyMs: (user + nice + system + irq + softirq + steal) * tick, iowaitMs: iowait * tick };
	} catch {
		return null;
	}
}

export interface ResourceSummary {
	/** Server CPU, % of one core: over the window, and the highest 250 ms interval. */
	cpuMeanPct: number | null;
	cpuPeakPct: number | null;
	rssPeakMB: number | null;
	heapPeakMB: number | null;
	/** Event-loop delay, ms: the worst 250 ms window's p99, the median window's p99, and the maximum. */
	eventLoopP99WorstMs: number | null;
	eventLoopP99MedianMs: number | null;
	eventLoopMaxMs: number | null;
	connectionsPeak: number | null;
	/** The load generator (this process): CPU % of one core, and its own event-loop delay. */
	generatorCpuMeanPct: number | null;
	generatorCpuPeakPct: number | null;
	generatorEventLoopP99WorstMs: number | null;
	/**
	 * Everything else on the machine (the cores are shared): CPU used by other processes, % of
	 * one core, and time spent waiting for disk. High values make a run noisy.
	 */
	otherCpuMeanPct: number | null;
	iowaitMeanPct: number | null;
	samples: number;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const pct = (micros: number, ms: number) => Math.round(((micros / 1000 / ms) * 100) * 10) / 10;
const maxOf = (values: number[]) => (values.length ? Math.max(...values) : null);

export class Sampler {
	readonly #samples: Sample[] = [];
	readonly #delay = monitorEventLoopDelay({ resolution: 10 });
	#timer: NodeJS.Timeout | null = null;
	#busy = false;

	constructor(
		readonly url: () => string,
		readonly pid: () => number | undefined,
		readonly limit = 20_000
	) {}

	start(): void {
		this.#delay.enable();
		this.#timer = setInterval(() => void this.#sample(), SAMPLE_MS);
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#delay.disable();
	}

	/** Resolves once the server has answered a sample (the baseline a scenario measures from). */
	async ready(timeoutMs = 5_000): Promise<void> {
		const deadline = now() + timeoutMs;
		while (!this.latest && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		if (!this.latest) throw new Error('The server does not answer GET /__metrics (is VAEGTEN_METRICS=1 honoured?).');
	}

	/** The most recent server snapshot (null while the server is down). */
	get latest(): MetricsSnapshot | null {
		return this.#samples.at(-1)?.server ?? null;
	}

	async #sample(): Promise<void> {
		if (this.#busy || this.#samples.length >= this.limit) return;
		this.#busy = true;
		const pid = this.pid();
		let server: MetricsSnapshot | null = null;
		try {
			const response = await fetch(`${this.url()}/__metrics`, { signal: AbortSignal.timeout(2_000) });
			if (response.ok) server = (await response.json()) as MetricsSnapshot;
		} catch {
			// Down (the restart scenario) or too busy to answer in 2 s: a gap in the samples.
		}
		const cpu = process.cpuUsage();
		// As in server/metrics.ts: the delay is what exceeds the histogram timer's 10 ms interval.
		const late = (nanos: number) => Math.max(0, nanos / 1e6 - 10);
		const generatorDelay = { p99: late(this.#delay.percentile(99)), max: late(this.#delay.max) };
		this.#delay.reset();
		this.#samples.push({ t: now(), pid, server, generatorCpuMicros: cpu.user + cpu.system, generatorDelay, machine: machineCpu() });
		this.#busy = false;
	}

	summary(from: number, to: number): ResourceSummary {
		const window = this.#samples.filter((sample) => sample.t >= from && sample.t <= to);
		const served = window.filter((sample) => sample.server);
		const rates = (pick: (sample: Sample) => number | null, sameProcess: boolean) => {
			let micros = 0;
			let ms = 0;
			const peaks: number[] = [];
			for (let i = 1; i < window.length; i++) {
				const [a, b] = [window[i - 1], window[i]];
				const [ca, cb] = [pick(a), pick(b)];
				if (ca === null || cb === null || cb < ca || (sameProcess && a.pid !== b.pid)) continue;
				micros += cb - ca;
				ms += b.t - a.t;
				if (b.t - a.t >= SAMPLE_MS * 0.8) peaks.push(pct(cb - ca, b.t - a.t));
			}
			return { mean: ms > 0 ? pct(micros, ms) : null, peak: maxOf(peaks) };
		};
		const serverCpu = rates((s) => (s.server ? s.server.cpuUserMicros + s.server.cpuSystemMicros : null), true);
		const generatorCpu = rates((s) => s.generatorCpuMicros, false);
		const machineBusy = rates((s) => (s.machine ? s.machine.busyMs * 1000 : null), false);
		const iowait = rates((s) => (s.machine ? s.machine.iowaitMs * 1000 : null), false);
		const other =
			machineBusy.mean === null || serverCpu.mean === null || generatorCpu.mean === null
				? null
				: Math.max(0, Math.round((machineBusy.mean - serverCpu.mean - generatorCpu.mean) * 10) / 10);
		const p99s = served.map((s) => s.server!.eventLoopDelay.p99).sort((a, b) => a - b);
		const rss = maxOf(served.map((s) => s.server!.rss));
		const heap = maxOf(served.map((s) => s.server!.heapUsed));
		const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
		return {
			cpuMeanPct: serverCpu.mean,
			cpuPeakPct: serverCpu.peak,
			rssPeakMB: rss === null ? null : mb(rss),
			heapPeakMB: heap === null ? null : mb(heap),
			eventLoopP99WorstMs: round(maxOf(p99s)),
			eventLoopP99MedianMs: round(p99s.length ? p99s[Math.floor(p99s.length / 2)] : null),
			eventLoopMaxMs: round(maxOf(served.map((s) => s.server!.eventLoopDelay.max))),
			connectionsPeak: maxOf(served.map((s) => s.server!.connections)),
			generatorCpuMeanPct: generatorCpu.mean,
			generatorCpuPeakPct: generatorCpu.peak,
			generatorEventLoopP99WorstMs: round(maxOf(window.map((s) => s.generatorDelay.p99))),
			otherCpuMeanPct: other,
			iowaitMeanPct: iowait.mean,
			samples: window.length
		};
	}
}
