import { EventEmitter } from 'node:events';
import { checkRating, ended, hasGroup, reduce, type Actor, type Command, type SessionError } from '../../src/lib/session/reducer';
import { remainingMs, type SessionState } from '../../src/lib/session/state';
import type { ModelId } from '../../src/lib/template/types';
import type { ContentView, MembersView, ResultsView, SelfView, SessionView } from '../../src/lib/protocol';
import type { Member, Store, StoredRating } from '../store/types';
import { checkAllocation, type Allocation } from '../../src/lib/session/priorities';
import type { StoredDots } from '../store/types';
import { DotVote } from './dot-vote';
import { Members } from './members';
import { Ratings } from './ratings';

/** At most one results broadcast per room in this many milliseconds. */
export const RESULTS_COALESCE_MS = 50;

/**
 * Commands that end a round of rating or voting: locking or revealing the ratings, closing the
 * vote, leaving the step, ending the workshop. Its final result is then published whole.
 */
function closesRound(command: Command): boolean {
	switch (command.type) {
		case 'vote:lock':
			return command.locked;
		case 'vote:reveal':
			return command.revealed;
		case 'dots:close':
		case 'step:next':
		case 'step:previous':
		case 'step:goto':
		case 'session:end':
			return true;
		default:
			return false;
	}
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SessionError };

const refuse = (code: SessionError['code'], message: string): Outcome<never> => ({ ok: false, error: { code, message } });

interface RoomEvents {
	session: [SessionView];
	content: [ContentView];
	results: [ResultsView];
	/** Who is in which group: for the facilitator. */
	members: [MembersView];
	/** A participant's own view changed (its group). */
	self: [participantId: number, self: SelfView];
	/** The session was deleted: everyone connected must go. */
	deleted: [];
	/** Something failed outside any request (storing a results batch): logged by whoever listens. */
	failure: [unknown];
}

/**
 * One live session in memory: the authoritative state, running tallies per item and each
 * participant's own ratings. Mutations run one at a time, in arrival order, and each is
 * committed to the store before its outcome is returned (and so acknowledged).
 */
export class Room extends EventEmitter<RoomEvents> {
	#state: SessionState;
	readonly #store: Store;
	readonly #ratings: Ratings;
	readonly #itemModels = new Map<string, ModelId>();
	readonly #members: Members;
	readonly #dots: DotVote;
	#queue: Promise<unknown> = Promise.resolve();
	#flushTimer: NodeJS.Timeout | null = null;
	#lastFlush = 0;
	#resultsDirty = false;
	/** The next publication takes everything that waits (a round just closed). */
	#publishAll = false;
	/** Batches are published one after the other, each stored before it is sent. */
	#publishing: Promise<void> = Promise.resolve();
	#membersDirty = false;

	private constructor(state: SessionState, store: Store, members: Member[], ratings: StoredRating[], dots: StoredDots[]) {
		super();
		this.#state = state;
		this.#store = store;
		this.#members = new Members(members);
		this.#dots = new DotVote(dots);
		this.#indexItems();
		this.#ratings = new Ratings(ratings, (itemId) => this.#itemModels.get(itemId));
	}

	/** Rebuilds a room from the store: tallies are computed once here, then kept incrementally. */
	static async load(state: SessionState, store: Store): Promise<Room> {
		const [members, ratings, dots] = await Promise.all([store.participants(state.id), store.ratings(state.id), store.dots(state.id)]);
		const room = new Room(state, store, members, ratings, dots);
		// Batches that were due when the room last stopped (a crash between a rating and its broadcast).
		const batch = { ratings: room.#ratings.publishDue(), dots: room.#dots.publishDue() };
		if (batch.ratings.length > 0 || batch.dots.length > 0) await store.markPublished(state.id, batch);
		return room;
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

	/** Which model each item belongs to, for constant-time look-ups as ratings arrive. */
	#indexItems(): void {
		for (const item of this.#state.items) this.#itemModels.set(item.id, item.model);
	}

	command(actor: Actor, command: Command, now = Date.now()): Promise<Outcome<null>> {
		return this.#serial(async () => {
			const result = reduce(this.#state, actor, command, now);
			if (!result.ok) return result;
			// A repeat (a double click): nothing to store and nothing for anyone to hear.
			if (result.state === this.#state) return { ok: true, value: null };
			if (command.type === 'groups:setup') {
				const moves = this.#members.regroup(result.state.groups);
				await this.#store.saveGroups(result.state, moves);
				this.#members.apply(moves);
				this.#announceMoves(moves.map((move) => move.participantId));
			} else {
				await this.#store.saveState(result.state);
			}
			// Another number of dots makes the earlier choices meaningless: the vote starts afresh.
			if (command.type === 'dots:open' && command.dots !== this.#state.priorities.dots && this.#dots.spent > 0) {
				await this.#store.clearDots(this.id);
				this.#dots.clear();
				this.#announceMoves(this.#members.list().map((member) => member.id));
			}
			const { items, steps, title, locale } = this.#state;
			const contentChanged = result.state.items !== items || result.state.steps !== steps || result.state.title !== title || result.state.locale !== locale;
			this.#state = result.state;
			if (contentChanged) {
				this.#indexItems();
				this.emit('content', this.contentView());
			}
			// The round is over: its final result goes out next, every rating and dot in it.
			if (closesRound(command)) this.#publishAll = true;
			this.emit('session', this.sessionView(now));
			if (command.type === 'item:add' || command.type.startsWith('candidate:') || command.type.startsWith('dots:')) {
				this.#schedule('results');
			}
			if (closesRound(command) || command.type === 'vote:reveal') this.#schedule('results', true);
			if (command.type === 'groups:setup') this.#schedule('members');
			return { ok: true, value: null };
		});
	}

	/**
	 * Checked in order with the room's other work, then committed together with every other
	 * write of this turn (the store's group commit), and counted once committed: the room does
	 * not wait for one tap's fsync before it looks at the next.
	 */
	async rate(participantId: number, itemId: string, value: number, now = Date.now()): Promise<Outcome<null>> {
		const queued = await this.#serial(async () => {
			const refusal = checkRating(this.#state, itemId, value);
			if (refusal) return { ok: false as const, error: refusal };
			return { ok: true as const, committed: this.#store.setRating(this.id, { participantId, itemId, value }, now) };
		});
		if (!queued.ok) return queued;
		await queued.committed;
		this.#ratings.record(participantId, itemId, value);
		this.#schedule('results');
		return { ok: true, value: null };
	}

	join(tokenHash: string, nickname: string, now = Date.now()): Promise<{ participantId: number; self: SelfView }> {
		return this.#serial(async () => {
			const place = this.#members.placeNewcomer(this.#state.groups);
			const participant = await this.#store.joinParticipant(this.id, tokenHash, nickname, place, now);
			if (participant.created) {
				this.#members.add(participant);
				this.#schedule('results');
				this.#schedule('members');
			}
			return { participantId: participant.id, self: this.selfView(participant.id) };
		});
	}

	/** A phone spends its dots: the whole allocation replaces its previous one. */
	spendDots(participantId: number, allocation: Allocation, now = Date.now()): Promise<Outcome<null>> {
		return this.#serial(async () => {
			const { priorities } = this.#state;
			if (this.#state.endedAt !== null) return { ok: false, error: ended };
			if (priorities.status !== 'open') return refuse('voting_closed', 'The vote is not open.');
			const ids = new Set(priorities.candidates.map((candidate) => candidate.id));
			const problem = checkAllocation(allocation, priorities.dots, ids);
			if (problem) return refuse('invalid_payload', problem);
			await this.#store.setDots(this.id, { participantId, allocation }, now);
			this.#dots.set(participantId, allocation);
			this.#schedule('results');
			return { ok: true, value: null };
		});
	}

	/** The facilitator moves a person to a group, or out of every group. */
	move(actor: Actor, participantId: number, groupId: string | null): Promise<Outcome<null>> {
		return this.#serial(async () => {
			if (actor !== 'facilitator') return refuse('forbidden', 'Only the facilitator moves people between groups.');
			return this.#place(participantId, groupId);
		});
	}

	/** A participant picks its own table, when the facilitator has let the room choose. */
	choose(participantId: number, groupId: string): Promise<Outcome<null>> {
		return this.#serial(async () => {
			if (this.#state.endedAt !== null) return { ok: false, error: ended };
			if (this.#state.groups.mode !== 'choose') return refuse('forbidden', 'The facilitator places people in groups.');
			return this.#place(participantId, groupId);
		});
	}

	async #place(participantId: number, groupId: string | null): Promise<Outcome<null>> {
		if (!this.#members.get(participantId)) return refuse('not_found', `There is no participant ${participantId}.`);
		if (groupId !== null && !hasGroup(this.#state, groupId)) return refuse('unknown_group', `There is no group ${groupId}.`);
		const moves = [{ participantId, groupId }];
		await this.#store.saveGroups(this.#state, moves);
		this.#members.apply(moves);
		this.#announceMoves([participantId]);
		this.#schedule('members');
		return { ok: true, value: null };
	}

	#announceMoves(participantIds: number[]): void {
		for (const id of participantIds) this.emit('self', id, this.selfView(id));
	}

	/** The group a participant is in now (null: none). */
	groupOf(participantId: number): string | null {
		return this.#members.get(participantId)?.groupId ?? null;
	}

	/**
	 * Many ratings or joins in a burst become a few broadcasts of each kind: the first after a
	 * quiet spell goes out on the next turn of the event loop, later ones at most every
	 * RESULTS_COALESCE_MS.
	 */
	#schedule(what: 'results' | 'members', now = false): void {
		if (what === 'results') this.#resultsDirty = true;
		else this.#membersDirty = true;
		if (now && this.#flushTimer) {
			clearTimeout(this.#flushTimer);
			this.#flushTimer = null;
		}
		if (this.#flushTimer) return;
		const wait = now ? 0 : Math.max(0, this.#lastFlush + RESULTS_COALESCE_MS - Date.now());
		this.#flushTimer = setTimeout(() => {
			this.#flushTimer = null;
			this.#lastFlush = Date.now();
			const results = this.#resultsDirty;
			if (this.#membersDirty) this.emit('members', this.membersView());
			this.#resultsDirty = this.#membersDirty = false;
			if (results) this.#publishing = this.#publishing.then(() => this.#publish()).catch((error: unknown) => void this.emit('failure', error));
		}, wait);
	}

	/**
	 * Publishes what is due now, without waiting for the next broadcast: resolves once it is
	 * stored and sent (the draft agreement is made from the ranking as published at the close).
	 */
	publishNow(): Promise<void> {
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		this.#flushTimer = null;
		this.#resultsDirty = false;
		this.#publishing = this.#publishing.then(() => this.#publish()).catch((error: unknown) => void this.emit('failure', error));
		return this.#publishing;
	}

	/**
	 * Sends the results once every batch that is due is published and stored: what a client is
	 * shown is on disk first, so a restarted room goes on from it (src/lib/session/publication.ts).
	 */
	async #publish(): Promise<void> {
		const everything = this.#publishAll;
		this.#publishAll = false;
		const batch = { ratings: this.#ratings.publishDue(everything), dots: this.#dots.publishDue(everything) };
		if (batch.ratings.length > 0 || batch.dots.length > 0) await this.#store.markPublished(this.id, batch);
		this.emit('results', this.resultsView());
	}

	sessionView(now = Date.now()): SessionView {
		const { stepIndex, timer, votes, groups, display, priorities, spentMs, endedAt } = this.#state;
		return {
			ended: endedAt !== null,
			spentMs,
			priorities: { candidates: priorities.candidates, dots: priorities.dots, status: priorities.status },
			groups: { mode: groups.mode, list: groups.list },
			display,
			stepIndex,
			timer: {
				running: timer.runningSince !== null,
				remainingMs: remainingMs(timer, now),
				totalMs: timer.plannedMs + timer.addedMs
			},
			votes
		};
	}

	selfView(participantId: number): SelfView {
		const member = this.#members.get(participantId);
		return {
			nickname: member?.nickname ?? '',
			ratings: this.#ratings.of(participantId),
			groupId: member?.groupId ?? null,
			allocation: this.#dots.of(participantId)
		};
	}

	membersView(): MembersView {
		return { members: this.#members.list() };
	}

	contentView(): ContentView {
		const { id, code, title, locale, createdAt, steps, items } = this.#state;
		return { id, code, title, locale, createdAt, steps, items };
	}

	resultsView(): ResultsView {
		return {
			participants: this.#members.count,
			raters: this.#ratings.raters(),
			ranking: this.#dots.ranking(this.#state.priorities.candidates),
			voters: this.#dots.voters(this.#state.priorities.candidates),
			items: this.#ratings.results(
				this.#state.items.map((item) => item.id),
				(itemId) => this.#spreadShown(this.#itemModels.get(itemId))
			)
		};
	}

	/** "Vis fordeling": the spread of a model's items is shown once a rating step of that model reveals it. */
	#spreadShown(model: ModelId | undefined): boolean {
		return this.#state.steps.some((step) => step.kind === 'rating' && step.model === model && this.#state.votes[step.id]?.revealed);
	}

	/** Stops pending broadcasts; the room can be dropped after this. */
	dispose(): void {
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		this.#flushTimer = null;
		this.removeAllListeners();
	}
}
