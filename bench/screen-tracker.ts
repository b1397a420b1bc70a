/**
 * Rating → screen latency. The screen hears coalesced `results:changed` broadcasts, each with
 * every item's `count` (how many people have rated it). A person's first rating of an item
 * raises that count by one; a later rating of the same item changes only the value and
 * cannot be told apart on the screen, so only first ratings are sampled.
 *
 * Definition: when the generator receives the acknowledgement of the c-th first rating of
 * item X (c counts acknowledgements for X in arrival order), that rating is reflected by the
 * first `results:changed` in which X's count is ≥ c. Its latency is that message's arrival
 * time minus the time the rating was emitted. The room applies ratings one at a time and
 * acknowledges each after it is applied, so acknowledgements leave the server in apply order;
 * only acknowledgements read in the same event-loop turn can swap, which shifts a sample by
 * less than one broadcast.
 *
 * Results are published in batches (src/lib/session/publication.ts): an item's count moves only
 * once at least three people's ratings of it changed, so a rating waits for two more on the
 * screen, and the last one or two of an item wait for the facilitator to close the round
 * (`unresolved`). That wait is set by the people's pace, not the server. `batchLatencies`
 * samples the server's part: per broadcast that raises an item's count, arrival minus the
 * emission of the last-sent rating of that batch (only when every rating of the batch was
 * acknowledged before the broadcast arrived, the usual order: acks go out first).
 */
import type { ResultsView } from '../src/lib/protocol';
import type { Screen } from './clients';
import { Latencies } from './stats';

interface Waiting {
	target: number;
	sentAt: number;
}

export class ScreenTracker {
	/** itemId → the arrival time of the first broadcast in which the count reached each value. */
	readonly #reachedAt = new Map<string, number[]>();
	readonly #counts = new Map<string, number>();
	readonly #acknowledged = new Map<string, number>();
	readonly #waiting = new Map<string, Waiting[]>();
	#open = true;

	/** Where samples go; a scenario may swap it per phase. */
	latencies: Latencies;
	/** Batch complete → screen (see above); a scenario may swap or share it. */
	batchLatencies: Latencies = new Latencies();

	constructor(screen: Screen, latencies: Latencies) {
		this.latencies = latencies;
		screen.onResults((results, at) => this.#seen(results, at));
	}

	/** A participant's first rating of `itemId`, emitted at `sentAt`, was acknowledged. */
	acknowledgedFirst(itemId: string, sentAt: number): void {
		if (!this.#open) return;
		const target = (this.#acknowledged.get(itemId) ?? 0) + 1;
		this.#acknowledged.set(itemId, target);
		const reachedAt = this.#reachedAt.get(itemId)?.[target];
		if (reachedAt !== undefined) return this.latencies.add(Math.max(0, reachedAt - sentAt));
		let queue = this.#waiting.get(itemId);
		if (!queue) this.#waiting.set(itemId, (queue = []));
		queue.push({ target, sentAt });
	}

	#seen(results: ResultsView, at: number): void {
		if (!this.#open) return;
		for (const { itemId, count } of results.items) {
			const before = this.#counts.get(itemId) ?? 0;
			if (count <= before) continue;
			this.#counts.set(itemId, count);
			let reached = this.#reachedAt.get(itemId);
			if (!reached) this.#reachedAt.set(itemId, (reached = []));
			for (let c = before + 1; c <= count; c++) reached[c] = at;
			const queue = this.#waiting.get(itemId);
			if (!queue) continue;
			let done = 0;
			let lastSent = -Infinity;
			while (done < queue.length && queue[done].target <= count) {
				this.latencies.add(Math.max(0, at - queue[done].sentAt));
				lastSent = Math.max(lastSent, queue[done].sentAt);
				done += 1;
			}
			if (done > 0 && done === count - before) this.batchLatencies.add(Math.max(0, at - lastSent));
			queue.splice(0, done);
		}
	}

	/** Acknowledged first ratings the screen has not shown yet. */
	get unresolved(): number {
		let n = 0;
		for (const queue of this.#waiting.values()) n += queue.length;
		return n;
	}

	/** Stops sampling (a crash makes counts ambiguous); returns how many were still waiting. */
	close(): number {
		const left = this.unresolved;
		this.#open = false;
		this.#waiting.clear();
		return left;
	}
}
