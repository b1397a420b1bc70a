import { EventEmitter } from 'node:events';
import type { ContentView, MembersView, PhoneContentView, ResultsView, SelfView, SessionView } from '../../src/lib/protocol';
import { localDate } from '../../src/lib/agreement';
import { compare } from '../../src/lib/session/comparison';
import { followsPlan } from '../../src/lib/session/follow-up';
import type { Command } from '../../src/lib/session/commands';
import type { Effect } from '../../src/lib/session/effects';
import { knownNext, type NextLink, type ToolProgramme } from '../../src/lib/session/next-programme';
import type { SessionError } from '../../src/lib/session/errors';
import { checkChoice, checkDots, checkPlace, checkRating } from '../../src/lib/session/participant-rules';
import type { Allocation } from '../../src/lib/session/priorities';
import { reduce } from '../../src/lib/session/reducer';
import type { Actor } from '../../src/lib/session/roles';
import { phoneContentOf } from '../../src/lib/session/phone-content';
import { remainingMs, type SessionState } from '../../src/lib/session/state';
import type { ModelId } from '../../src/lib/template/types';
import type { Member, Store, StoredDots, StoredRating } from '../store/types';
import { DotVote } from './dot-vote';
import { Members } from './members';
import { Ratings } from './ratings';

/** At most one results broadcast per room in this many milliseconds. */
export const RESULTS_COALESCE_MS = 50;
/**
 * The console's list of who is in the room is a whole view (every member), so a big room's
 * list goes out less often: at most every 50 ms plus 0.1 ms per member (a room of 300 every
 * 80 ms, of 10,000 once a second while phones join), not 20 times a second of 10,000 entries.
 */
const membersEveryMs = (members: number) => RESULTS_COALESCE_MS + members / 10;

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: SessionError };

/**
 * A request's outcome, and what it means for everyone else. `announce` sends that (broadcasts,
 * results and members scheduled): the caller acknowledges the sender first, then announces.
 * Announcements go out in the order the changes were made, whoever announces first.
 */
export interface Done<T> {
	outcome: Outcome<T>;
	announce(): void;
}

/** Queues something to say once the change is acknowledged. */
type Say = (send: () => void) => void;

const accepted: Outcome<null> = { ok: true, value: null };
/** A rating checked and handed to the store (`committed`), or refused. */
type RatingWrite = { ok: false; error: SessionError } | { ok: true; committed: Promise<void> };
const quiet = <T>(outcome: Outcome<T>): Done<T> => ({ outcome, announce: () => undefined });

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
	/** The session now lives in another process: everyone connected reconnects, through the proxy, to it. */
	moved: [];
	/** Something failed outside any request (storing a results batch): logged by whoever listens. */
	failure: [unknown];
}

/**
 * One live session in memory: the authoritative state, running tallies per item and each
 * participant's own ratings. Mutations run one at a time, in arrival order, and each is
 * committed to the store before its outcome is returned (and so acknowledged): check, then
 * persist, then apply, so memory is never ahead of the store. What everyone else hears
 * follows from the reducer's effects and goes out when the caller announces it, after the
 * acknowledgement (Done). A save the store refuses (the state moved on elsewhere:
 * StaleStateError) throws, and the command answers `internal`.
 */
export class Room extends EventEmitter<RoomEvents> {
	#state: SessionState;
	/** The store's version of #state: every save is made at it (compare and swap). */
	#version: number;
	readonly #store: Store;
	readonly #ratings: Ratings;
	readonly #itemModels = new Map<string, ModelId>();
	readonly #members: Members;
	/** Participants whose own lederaftale has text (never the text): notePersonal. */
	readonly #personal = new Set<number>();
	readonly #dots: DotVote;
	#queue: Promise<unknown> = Promise.resolve();
	/** Work queued and not yet finished (rate() skips the queue when there is none). */
	#queued = 0;
	/** What the room has to say, by turn, until the turn is announced (Done). */
	readonly #outbox: Array<{ turn: number; send: () => void }> = [];
	#turns = 0;
	#flushTimer: NodeJS.Timeout | null = null;
	#lastFlush = 0;
	#membersTimer: NodeJS.Timeout | null = null;
	#lastMembers = 0;
	#resultsDirty = false;
	/** Batches are published one after the other, each stored before it is sent. */
	#publishing: Promise<void> = Promise.resolve();
	#membersDirty = false;
	/** Joins and ratings taken in turn and being committed (outside the queue: see `rate`, `join`). */
	readonly #committing = new Set<Promise<void>>();

	private constructor(state: SessionState, version: number, store: Store, members: Member[], ratings: StoredRating[], dots: StoredDots[]) {
		super();
		this.#state = state;
		this.#version = version;
		this.#store = store;
		this.#members = new Members(members);
		this.#dots = new DotVote(dots);
		this.#indexItems();
		this.#ratings = new Ratings(ratings, (itemId) => this.#itemModels.get(itemId));
	}

	/**
	 * Rebuilds a room from the store: tallies are computed once here, then kept incrementally.
	 * `readOnly`: a view of what is committed, for a process that does not own the session (an
	 * export answered by any process); it writes nothing and shows only what was published.
	 */
	static async load(state: SessionState, version: number, store: Store, options: { readOnly?: boolean } = {}): Promise<Room> {
		const [members, ratings, dots] = await Promise.all([store.participants(state.id), store.ratings(state.id), store.dots(state.id)]);
		const room = new Room(state, version, store, members, ratings, dots);
		if (options.readOnly) return room;
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
		this.#queued += 1;
		const done = () => void (this.#queued -= 1);
		this.#queue = run.then(done, done);
		return run;
	}

	/** Which model each item belongs to, for constant-time look-ups as ratings arrive. */
	#indexItems(): void {
		for (const item of this.#state.items) this.#itemModels.set(item.id, item.model);
	}

	/**
	 * One turn of the room's work, in order with every other: `work` checks, persists and applies,
	 * and queues with `say` what everyone else is to hear, which waits in the outbox until the
	 * caller announces it (after acknowledging). A turn that failed leaves what it queued for
	 * the next announcement.
	 */
	#turn<T>(work: (say: Say) => Promise<Outcome<T>>): Promise<Done<T>> {
		const turn = ++this.#turns;
		const say: Say = (send) => void this.#outbox.push({ turn, send });
		const announce = () => {
			while (this.#outbox.length > 0 && this.#outbox[0].turn <= turn) this.#outbox.shift()!.send();
		};
		return this.#serial(() => work(say)).then((outcome) => ({ outcome, announce }));
	}

	/** A facilitator's command: the reducer decides, the room stores the state and carries out its effects. */
	command(actor: Actor, command: Command, now = Date.now()): Promise<Done<null>> {
		return this.#turn(async (say) => {
			// A regrouping must see everyone who has joined: joins still committing finish first (a turn at most).
			await Promise.allSettled(this.#committing);
			const result = reduce(this.#state, actor, command, now);
			if (!result.ok) return result;
			// A repeat (a double click): nothing to store and nothing for anyone to hear.
			if (result.state === this.#state) return accepted;
			const regroup = result.effects.some((effect) => effect.kind === 'regroup');
			const moves = regroup ? this.#members.regroup(result.state.groups) : [];
			this.#version = regroup
				? await this.#store.saveGroups(result.state, this.#version, moves)
				: await this.#store.saveState(result.state, this.#version);
			// Stored: the state and its version are taken on together.
			this.#state = result.state;
			this.#members.apply(moves);
			this.#sayMoves(say, moves.map((move) => move.participantId));
			for (const effect of result.effects) await this.#carryOut(effect, say);
			const view = this.sessionView(now);
			say(() => this.emit('session', view));
			return accepted;
		});
	}

	/**
	 * Links the session `create` makes as this one's next tool (server/next-programme.ts), in turn
	 * with every other change: a request sent twice at once, or again later, finds the link the
	 * first made and creates nothing. An ended workshop may still hand over.
	 */
	handOver(programme: ToolProgramme, create: () => Promise<Outcome<NextLink>>): Promise<Done<NextLink>> {
		return this.#turn(async (say) => {
			const known = knownNext(this.#state.next, programme);
			if (known) return { ok: true, value: known };
			const created = await create();
			if (!created.ok) return created;
			const state = { ...this.#state, next: created.value };
			this.#version = await this.#store.saveState(state, this.#version);
			this.#state = state;
			const view = this.sessionView();
			say(() => this.emit('session', view));
			return created;
		});
	}

	async #carryOut(effect: Effect, say: Say): Promise<void> {
		switch (effect.kind) {
			case 'regroup':
				// Stored with the state, above.
				return;
			case 'clearDots':
				if (this.#dots.spent === 0) return;
				await this.#store.clearDots(this.id);
				this.#dots.clear();
				return this.#sayMoves(say, this.#members.list().map((member) => member.id));
			case 'contentChanged': {
				this.#indexItems();
				const view = this.contentView();
				return say(() => this.emit('content', view));
			}
			case 'publishResults':
				// The round is over: its final result goes out next, every rating and dot in it now —
				// sealed here, in the command's turn, so a rating of the next step is not part of it.
				if (effect.whole) {
					this.#ratings.seal();
					this.#dots.seal();
				}
				return say(() => this.#schedule('results', effect.now));
			case 'membersChanged':
				return say(() => this.#schedule('members'));
		}
	}

	/**
	 * Checked in order with the room's other work, then committed together with every other
	 * write of this turn (the store's group commit), and counted once committed: the room does
	 * not wait for one tap's fsync before it looks at the next.
	 */
	rate(participantId: number, itemId: string, value: number, now = Date.now()): Promise<Done<null>> {
		// Nothing queued before it: checked and written now, as the queue would (a storm's taps skip its promises).
		if (this.#queued === 0) return this.#rated(this.#writeRating(participantId, itemId, value, now), participantId, itemId, value);
		return this.#serial(async () => this.#writeRating(participantId, itemId, value, now)).then((queued) => this.#rated(queued, participantId, itemId, value));
	}

	/** Once its write has committed, a rating counts (promise chains, not async functions: a promise per step costs a room of phones). */
	#rated(queued: RatingWrite, participantId: number, itemId: string, value: number): Promise<Done<null>> {
		if (!queued.ok) return Promise.resolve(quiet(queued));
		const { committed } = queued;
		this.#committing.add(committed);
		return committed.then(
			(): Done<null> => {
				this.#committing.delete(committed);
				this.#ratings.record(participantId, itemId, value);
				return { outcome: accepted, announce: this.#announceResults };
			},
			(error: unknown) => {
				this.#committing.delete(committed);
				throw error;
			}
		);
	}

	#writeRating(participantId: number, itemId: string, value: number, now: number): RatingWrite {
		const refusal = checkRating(this.#state, itemId, value);
		if (refusal) return { ok: false, error: refusal };
		return { ok: true, committed: this.#store.setRating(this.id, { participantId, itemId, value }, now) };
	}

	/** A rating's announcement: one function for all of them (a room of phones rates thousands of times a minute). */
	readonly #announceResults = (): void => this.#schedule('results');

	/**
	 * A phone joins (or comes back). Placed in turn with the room's other work, then committed
	 * outside the queue with the turn's other writes (the store's group commit), as `rate` is: a
	 * storm of 5,000 joins is not 5,000 transactions one after another. Its place is reserved
	 * meanwhile, so the next newcomer of the same turn goes to the next smallest group.
	 */
	async join(tokenHash: string, nickname: string, now = Date.now()): Promise<{ participantId: number; self: SelfView }> {
		const queued = await this.#serial(async () => {
			const place = this.#members.placeNewcomer(this.#state.groups);
			this.#members.reserve(place);
			return { place, committed: this.#store.joinParticipant(this.id, tokenHash, nickname, place, now) };
		});
		const { place, committed } = queued;
		const settled = committed.then(
			() => undefined,
			() => undefined
		);
		this.#committing.add(settled);
		try {
			const participant = await committed;
			if (participant.created) {
				this.#members.add(participant);
				this.#schedule('results');
				this.#schedule('members');
			}
			return { participantId: participant.id, self: this.selfView(participant.id) };
		} finally {
			this.#members.unreserve(place);
			this.#committing.delete(settled);
		}
	}

	/** A phone spends its dots: the whole allocation replaces its previous one. */
	spendDots(participantId: number, allocation: Allocation, now = Date.now()): Promise<Done<null>> {
		return this.#turn(async (say) => {
			const refusal = checkDots(this.#state, allocation);
			if (refusal) return { ok: false, error: refusal };
			await this.#store.setDots(this.id, { participantId, allocation }, now);
			this.#dots.set(participantId, allocation);
			say(() => this.#schedule('results'));
			return accepted;
		});
	}

	/** The facilitator moves a person to a group, or out of every group. */
	move(participantId: number, groupId: string | null): Promise<Done<null>> {
		return this.#turn((say) => this.#place(say, participantId, groupId));
	}

	/** A participant picks its own table, when the facilitator has let the room choose. */
	choose(participantId: number, groupId: string): Promise<Done<null>> {
		return this.#turn(async (say) => {
			const refusal = checkChoice(this.#state, groupId);
			if (refusal) return { ok: false, error: refusal };
			return this.#place(say, participantId, groupId);
		});
	}

	async #place(say: Say, participantId: number, groupId: string | null): Promise<Outcome<null>> {
		if (!this.#members.get(participantId)) return { ok: false, error: { code: 'not_found', message: `There is no participant ${participantId}.` } };
		const refusal = checkPlace(this.#state, groupId);
		if (refusal) return { ok: false, error: refusal };
		const moves = [{ participantId, groupId }];
		this.#version = await this.#store.saveGroups(this.#state, this.#version, moves);
		this.#members.apply(moves);
		this.#sayMoves(say, [participantId]);
		say(() => this.#schedule('members'));
		return accepted;
	}

	/** Each moved participant hears its own view, as it is now. */
	#sayMoves(say: Say, participantIds: number[]): void {
		for (const id of participantIds) {
			const view = this.selfView(id);
			say(() => this.emit('self', id, view));
		}
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
			this.#resultsDirty = false;
			if (this.#membersDirty) this.#sendMembers();
			if (results) this.#publishing = this.#publishing.then(() => this.#publish()).catch((error: unknown) => void this.emit('failure', error));
		}, wait);
	}

	/** The members' view, or a timer for when a big room's may go out next (membersEveryMs). */
	#sendMembers(): void {
		const wait = this.#lastMembers + membersEveryMs(this.#members.count) - Date.now();
		if (wait > 0) {
			this.#membersTimer ??= setTimeout(() => {
				this.#membersTimer = null;
				this.#schedule('members');
			}, wait);
			return;
		}
		this.#membersDirty = false;
		this.#lastMembers = Date.now();
		this.emit('members', this.membersView());
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
		const batch = { ratings: this.#ratings.publishDue(), dots: this.#dots.publishDue() };
		if (batch.ratings.length > 0 || batch.dots.length > 0) await this.#store.markPublished(this.id, batch);
		this.emit('results', this.resultsView());
	}

	sessionView(now = Date.now()): SessionView {
		const { stepIndex, timer, votes, groups, display, priorities, spentMs, endedAt, next } = this.#state;
		return {
			ended: endedAt !== null,
			next,
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
			participantId,
			nickname: member?.nickname ?? '',
			ratings: this.#ratings.of(participantId),
			groupId: member?.groupId ?? null,
			allocation: this.#dots.of(participantId)
		};
	}

	membersView(): MembersView {
		return { members: this.#members.list() };
	}

	/** What the phone view was made of, and the view: one object per version, however many phones ask. */
	#phone: { of: unknown[]; view: PhoneContentView } | null = null;

	/**
	 * What a phone shows (src/lib/session/phone-content.ts). The same object until the step, the
	 * content, the language or the title changes, so the transport can encode it once per version.
	 */
	phoneContentView(): PhoneContentView {
		const { steps, items, stepIndex, locale, title } = this.#state;
		const of = [steps, items, stepIndex, locale, title];
		if (!this.#phone || this.#phone.of.some((part, index) => part !== of[index])) this.#phone = { of, view: phoneContentOf(this.#state) };
		return this.#phone.view;
	}

	contentView(): ContentView {
		const { id, code, title, locale, createdAt, steps, items, followUp, programme } = this.#state;
		return { id, code, title, locale, createdAt, steps, items, followUp: followUp && { of: followUp.of, plannedFor: followUp.plannedFor, plan: followsPlan(followUp) }, programme };
	}

	resultsView(): ResultsView {
		const { followUp, items, title, createdAt } = this.#state;
		const results = this.#ratings.results(
			items.map((item) => item.id),
			(itemId) => this.#spreadShown(this.#itemModels.get(itemId))
		);
		return {
			participants: this.#members.count,
			raters: this.#ratings.raters(),
			ranking: this.#dots.ranking(this.#state.priorities.candidates),
			voters: this.#dots.voters(this.#state.priorities.candidates),
			personal: this.#personal.size,
			items: results,
			comparison: followUp && compare(followUp.chain, { date: localDate(new Date(createdAt)), title, items, results })
		};
	}

	/**
	 * Whether `participantId` has written anything in its own lederaftale, as the server reads it
	 * (server/sheets/personal.ts). Only how many have one leaves the room (ResultsView.personal),
	 * at once: a count says nothing of what anyone wrote.
	 */
	notePersonal(participantId: number, written: boolean): void {
		if (written === this.#personal.has(participantId)) return;
		if (written) this.#personal.add(participantId);
		else this.#personal.delete(participantId);
		// With the room's other results, coalesced: a count flipping back and forth is one broadcast.
		this.#schedule('results');
	}

	/**
	 * "Vis fordeling": the spread of a model's items is shown once a rating step of that model
	 * reveals it. A follow-up's progress is a distribution from the start (issue 15): its batches
	 * of three are published as any revealed spread is.
	 */
	#spreadShown(model: ModelId | undefined): boolean {
		if (model === 'progress') return true;
		return this.#state.steps.some((step) => step.kind === 'rating' && step.model === model && this.#state.votes[step.id]?.revealed);
	}

	/**
	 * Resolves once the work queued so far has finished: every request taken has been stored
	 * (or refused), and the results batch due is published. A room being handed over waits here.
	 */
	async settle(): Promise<void> {
		await this.#serial(async () => undefined);
		await Promise.allSettled(this.#committing);
		await this.publishNow();
	}

	/** Stops pending broadcasts; the room can be dropped after this. */
	dispose(): void {
		if (this.#flushTimer) clearTimeout(this.#flushTimer);
		if (this.#membersTimer) clearTimeout(this.#membersTimer);
		this.#flushTimer = this.#membersTimer = null;
		this.removeAllListeners();
	}
}
