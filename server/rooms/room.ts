import { EventEmitter } from 'node:events';
import { changeRating, emptyTally, summarise, type Tally } from '../../src/lib/session/aggregate';
import { checkRating, reduce, type Actor, type Command, type SessionError } from '../../src/lib/session/reducer';
import { remainingMs, type SessionState } from '../../src/lib/session/state';
import type { ModelId } from '../../src/lib/template/types';
import type { ContentView, ResultsView, SelfView, SessionView } from '../../src/lib/protocol';
import type { Store, StoredRating } from '../store/types';

/** How long a burst of ratings is gathered into one results broadcast. */
export const RESULTS_COALESCE_MS = 50;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SessionError };

interface RoomEvents {
	session: [SessionView];
	content: [ContentView];
	results: [ResultsView];
}

/**
 * One live session in memory: the authoritative state, running tallies per item and each
 * participant's own ratings. Mutations run one at a time, in arrival order, and each is
 * committed to the store before its outcome is returned (and so acknowledged).
 */
export class Room extends EventEmitter<RoomEvents> {
	#state: SessionState;
	readonly #store: Store;
	readonly #tallies = new Map<string, Tally>();
	readonly #ratings = new Map<number, Map<string, number>>();
	/** Participants who rated at least one item, per model: kept as ratings arrive. */
	readonly #raters: Record<ModelId, number> = { general: 0, leader: 0 };
	#participants: number;
	#queue: Promise<unknown> = Promise.resolve();
	#resultsTimer: NodeJS.Timeout | null = null;

	private constructor(state: SessionState, store: Store, participants: number, ratings: StoredRating[]) {
		super();
		this.#state = state;
		this.#store = store;
		this.#participants = participants;
		for (const rating of ratings) this.#record(rating.participantId, rating.itemId, rating.value);
	}

	/** Rebuilds a room from the store: tallies are computed once here, then kept incrementally. */
	static async load(state: SessionState, store: Store): Promise<Room> {
		const [participants, ratings] = await Promise.all([store.countParticipants(state.id), store.ratings(state.id)]);
		return new Room(state, store, participants, ratings);
	}

	get id(): string {
		return this.#state.id;
	}

	get state(): SessionState {
		return this.#state;
	}

	#serial<T>(work: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(work, work);
		this.#queue = run.catch(() => undefined);
		return run;
	}

	#modelOf(itemId: string): ModelId | undefined {
		return this.#state.items.find((item) => item.id === itemId)?.model;
	}

	#record(participantId: number, itemId: string, value: number): void {
		let own = this.#ratings.get(participantId);
		if (!own) this.#ratings.set(participantId, (own = new Map()));
		if (!own.has(itemId)) {
			const model = this.#modelOf(itemId);
			const firstOfModel = model && ![...own.keys()].some((rated) => this.#modelOf(rated) === model);
			if (firstOfModel) this.#raters[model] += 1;
		}
		let tally = this.#tallies.get(itemId);
		if (!tally) this.#tallies.set(itemId, (tally = emptyTally()));
		changeRating(tally, own.get(itemId), value);
		own.set(itemId, value);
	}

	command(actor: Actor, command: Command, now = Date.now()): Promise<Outcome<null>> {
		return this.#serial(async () => {
			const result = reduce(this.#state, actor, command, now);
			if (!result.ok) return result;
			await this.#store.saveState(result.state);
			const contentChanged = result.state.items !== this.#state.items || result.state.steps !== this.#state.steps;
			this.#state = result.state;
			if (contentChanged) this.emit('content', this.contentView());
			this.emit('session', this.sessionView(now));
			if (command.type === 'item:add') this.#scheduleResults();
			return { ok: true, value: null };
		});
	}

	rate(participantId: number, itemId: string, value: number, now = Date.now()): Promise<Outcome<null>> {
		return this.#serial(async () => {
			const refusal = checkRating(this.#state, itemId, value);
			if (refusal) return { ok: false, error: refusal };
			await this.#store.setRating(this.id, { participantId, itemId, value }, now);
			this.#record(participantId, itemId, value);
			this.#scheduleResults();
			return { ok: true, value: null };
		});
	}

	join(tokenHash: string, nickname: string, now = Date.now()): Promise<{ participantId: number; self: SelfView }> {
		return this.#serial(async () => {
			const participant = await this.#store.joinParticipant(this.id, tokenHash, nickname, now);
			if (participant.created) {
				this.#participants += 1;
				this.#scheduleResults();
			}
			const ratings = Object.fromEntries(this.#ratings.get(participant.id) ?? []);
			return { participantId: participant.id, self: { nickname: participant.nickname, ratings } };
		});
	}

	/** Many ratings in a burst become one broadcast. */
	#scheduleResults(): void {
		if (this.#resultsTimer) return;
		this.#resultsTimer = setTimeout(() => {
			this.#resultsTimer = null;
			this.emit('results', this.resultsView());
		}, RESULTS_COALESCE_MS);
	}

	sessionView(now = Date.now()): SessionView {
		const { stepIndex, timer, votes } = this.#state;
		return {
			stepIndex,
			timer: {
				running: timer.runningSince !== null,
				remainingMs: remainingMs(timer, now),
				totalMs: timer.plannedMs + timer.addedMs
			},
			votes
		};
	}

	contentView(): ContentView {
		const { id, code, title, steps, items } = this.#state;
		return { id, code, title, steps, items };
	}

	resultsView(): ResultsView {
		return {
			participants: this.#participants,
			raters: { ...this.#raters },
			items: this.#state.items.map((item) => summarise(item.id, this.#tallies.get(item.id) ?? emptyTally()))
		};
	}

	/** Stops pending broadcasts; the room can be dropped after this. */
	dispose(): void {
		if (this.#resultsTimer) clearTimeout(this.#resultsTimer);
		this.#resultsTimer = null;
		this.removeAllListeners();
	}
}
