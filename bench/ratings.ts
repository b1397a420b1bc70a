/**
 * Rating load: a schedule of `rating:set` emits, sent open-loop (a phone's taps do not wait
 * for the previous acknowledgement), with every acknowledgement accounted for.
 */
import type { Participant } from './clients';
import type { ScreenTracker } from './screen-tracker';
import { jitter, Latencies, now, shuffle, sleep, waitFor } from './stats';

export interface PlannedRating {
	/** ms after the schedule starts. */
	at: number;
	participant: Participant;
	itemId: string;
	value: number;
	tracker?: ScreenTracker;
}

export interface Pace {
	/** Mean time between one phone's ratings (each gap is uniform in ±50 %). */
	intervalMs: number;
	/** Phones start at a uniform random moment within this window. */
	startSpreadMs: number;
}

export const randomValue = (): number => Math.floor(Math.random() * 5);

/** Every participant rates every item once, in its own random order, at the given pace. */
export function planEveryItem(participants: Participant[], itemIds: string[], pace: Pace, trackerOf?: (p: Participant) => ScreenTracker): PlannedRating[] {
	const plan: PlannedRating[] = [];
	for (const participant of participants) {
		let at = Math.random() * pace.startSpreadMs;
		for (const itemId of shuffle([...itemIds])) {
			plan.push({ at, participant, itemId, value: randomValue(), tracker: trackerOf?.(participant) });
			at += jitter(pace.intervalMs);
		}
	}
	return plan.sort((a, b) => a.at - b.at);
}

export interface AckCounts {
	sent: number;
	acknowledged: number;
	/** Answered with `{ error }`, by code: must be none. */
	refused: Record<string, number>;
	/** No acknowledgement within the timeout, the connection still up: lost. */
	lost: number;
	/** The connection dropped before the acknowledgement (the restart scenario's crash). */
	cut: number;
}

export interface Outcome {
	ok: boolean;
	value: number;
	sentAt: number;
	ackedAt: number;
}

export class RatingLoad {
	readonly ackLatency = new Latencies();
	readonly counts: AckCounts = { sent: 0, acknowledged: 0, refused: {}, lost: 0, cut: 0 };
	#inFlight = 0;

	constructor(readonly ackTimeoutMs = 15_000) {}

	get inFlight(): number {
		return this.#inFlight;
	}

	/** Emits one rating and accounts for its acknowledgement. */
	async send(participant: Participant, itemId: string, value: number, tracker?: ScreenTracker): Promise<Outcome> {
		const first = !participant.rated.has(itemId);
		participant.rated.add(itemId);
		this.counts.sent += 1;
		this.#inFlight += 1;
		const sentAt = now();
		const reply = await participant.request('rating:set', { itemId, value }, this.ackTimeoutMs);
		const ackedAt = now();
		this.#inFlight -= 1;
		if ('data' in reply) {
			this.counts.acknowledged += 1;
			this.ackLatency.add(ackedAt - sentAt);
			if (first) tracker?.acknowledgedFirst(itemId, sentAt);
			return { ok: true, value, sentAt, ackedAt };
		}
		if ('error' in reply) this.counts.refused[reply.error.code] = (this.counts.refused[reply.error.code] ?? 0) + 1;
		else if (reply.failed === 'disconnected') this.counts.cut += 1;
		else this.counts.lost += 1;
		return { ok: false, value, sentAt, ackedAt };
	}

	/** Runs a plan to the end and waits for every acknowledgement (bounded by the ack timeout). */
	async run(plan: PlannedRating[]): Promise<void> {
		const started = now();
		let next = 0;
		while (next < plan.length) {
			const elapsed = now() - started;
			while (next < plan.length && plan[next].at <= elapsed) {
				const { participant, itemId, value, tracker } = plan[next++];
				if (participant.socket.connected) void this.send(participant, itemId, value, tracker);
			}
			if (next < plan.length) await sleep(Math.min(10, Math.max(1, plan[next].at - (now() - started))));
		}
		await this.settled();
	}

	/** Waits until no acknowledgement is outstanding. */
	async settled(): Promise<void> {
		await waitFor(() => this.#inFlight === 0, this.ackTimeoutMs + 2_000);
	}
}
