import type { Measurement } from '../../src/lib/session/follow-up';
import type { SessionContent } from '../../src/lib/session/prepare';
import type { Locale, VaegtenItem } from '../../src/lib/template/types';
import type { SessionState } from '../../src/lib/session/state';
import type { CollabStore } from '../collab/types';

export interface SessionRecord {
	id: string;
	code: string;
	keyHash: string;
	createdAt: number;
	state: SessionState;
	/**
	 * The row's version: 1 when created, one more with every saved state. A writer saves at
	 * the version it loaded (compare and swap), so two writers cannot overwrite each other.
	 */
	version: number;
}

/** A session as created: it starts at version 1. */
export type NewSession = Omit<SessionRecord, 'version'>;

export interface Member {
	id: number;
	nickname: string;
	groupId: string | null;
}

export interface ParticipantRecord extends Member {
	/** True when this call created the participant (first connect of that token). */
	created: boolean;
}

export interface Membership {
	participantId: number;
	groupId: string | null;
}

export interface StoredDots {
	participantId: number;
	allocation: Record<string, number>;
	/** The allocation as last published in a batch (src/lib/session/publication.ts); absent before. */
	published?: Record<string, number>;
}

export interface StoredRating {
	participantId: number;
	itemId: string;
	value: number;
	/** The value as last published in a batch (src/lib/session/publication.ts); absent before. */
	published?: number;
}

/** What one batch made public: kept, so a restarted room goes on from what clients last saw. */
export interface PublishedBatch {
	ratings: Array<{ participantId: number; itemId: string; value: number }>;
	dots: Array<{ participantId: number; allocation: Record<string, number> }>;
}

export interface TemplateSummary {
	id: string;
	name: string;
	createdAt: number;
}

/**
 * What is kept of a session after its raw data goes (it ended, or RETENTION_DAYS passed), for
 * RESULTS_RETENTION_DAYS: what a follow-up needs to be made and to compare, and nothing about
 * any person (no participant, token, nickname, single rating or group text).
 */
export interface KeptResults {
	sessionId: string;
	/** The hash of the session's facilitator key: it alone makes a follow-up from these, or deletes them. */
	keyHash: string;
	/**
	 * When their retention (RESULTS_RETENTION_DAYS) starts, epoch ms: the workshop's time, or a
	 * follow-up's planned date when that is later (server/sessions.ts, retentionStart).
	 */
	retainFrom: number;
	/** The session's language and its Vægten items (custom ones included): the instrument a follow-up measures again. */
	locale: Locale;
	items: VaegtenItem[];
	/** The session's own measurement. */
	measurement: Measurement;
	/** When the session was itself a follow-up: the measurements before it, oldest first. */
	earlier: Measurement[];
}

/** A session's content saved under a name, to start later sessions from. Global to the server. */
export interface TemplateRecord extends TemplateSummary {
	/** The hash of the facilitator key of the session it was saved from: that key may delete it. */
	ownerKeyHash: string;
	content: SessionContent;
}

/** What a claim on a session's lease gave: the epoch that fences this process's writes, or who holds it. */
export type LeaseClaim = { held: true; epoch: number } | { held: false; owner: string; expiresAt: number };

/**
 * Which process holds a session's live state (its room, its Yjs documents): the one holding
 * the session's lease (owner, epoch, expiry). Expiry is the database's clock, not a process's.
 *
 * In a shared store (PostgreSQL), every write about a session commits only while this process
 * holds the session's lease at the epoch its claim gave: checked inside the write's transaction
 * with the lease row locked, so a claim by another process waits for that write, and a write
 * after the claim is refused with LeaseLostError, having changed nothing. That covers
 * saveState, saveGroups, joinParticipant, setRating, setDots, clearDots, markPublished, and
 * collab append and compact of the session's documents (`<session id>/…`). Creating, reading
 * and deleting a session are not fenced: any process may do them.
 *
 * SQLite is one process: every claim is granted, at epoch 1, and nothing is fenced.
 */
export interface Leases {
	/** This process's name in the lease rows: unique per start of a process. */
	readonly owner: string;
	/** Whether other processes share the database (and so the leases mean anything). */
	readonly shared: boolean;
	/**
	 * Takes or renews the session's lease for `ttlMs`. Granted when nobody holds it, when its
	 * holder let it expire, or when it is this process's already (then the epoch stays). Taking
	 * it increments the epoch: epochs of a session only grow, across releases too. Refused:
	 * who holds it, and until when (epoch ms, the database's clock).
	 */
	claim(sessionId: string, ttlMs: number): Promise<LeaseClaim>;
	/**
	 * Renews every lease this process holds, in one round trip, for `ttlMs`; resolves with the
	 * ids of those it no longer holds (taken by another process, or the session deleted): from
	 * then on their writes are refused, and they are no longer in `held()`.
	 */
	renewAll(ttlMs: number): Promise<string[]>;
	/** Lets the lease go at once (another process may claim it now); its writes are refused from then on. */
	release(sessionId: string): Promise<void>;
	/** The sessions this process holds, with their epochs, as far as it knows. */
	held(): ReadonlyMap<string, number>;
}

/** What one process tells the others sharing the database. */
export type ClusterSignal =
	/** The session was deleted: its owner closes its room and its clients. */
	| { type: 'deleted'; sessionId: string }
	/** Connections for the session reach `to` (the proxy routes them there): its owner hands it over. */
	| { type: 'handover'; sessionId: string; to: string };

/**
 * Messages to every process on the database, this one included (PostgreSQL: LISTEN/NOTIFY on a
 * connection of its own; SQLite: within the process). At most once: a process that is down
 * misses them, so nothing may depend on a signal alone that the database does not also say.
 */
export interface Signals {
	publish(signal: ClusterSignal): Promise<void>;
	/** Returns a function that stops listening. */
	subscribe(listener: (signal: ClusterSignal) => void): () => void;
}

/**
 * Persistence behind one small contract, so PostgreSQL can take SQLite's place without
 * touching a handler. tests/contract/store-contract.ts checks every store against it.
 *
 * - Every write has committed when its promise resolves (another connection reads it then):
 *   callers acknowledge to clients only after that.
 * - A write that rejects has changed nothing. The refusals the contract names are typed
 *   (server/store/errors.ts); anything else is the database failing.
 * - Writes may race (from this process or another connection): each method's guarantee holds
 *   however they interleave.
 */
export interface Store {
	/**
	 * The groups' Yjs documents, named `<session id>/…` (server/collab/upgrade.ts). Committed as
	 * every write is, but a committed append need only survive a crash of the process, not of the
	 * machine: SQLite commits them without an fsync (server/store/sqlite-collab.ts,
	 * `openSqliteCollab`). What a power cut takes, the phones still hold: a reconnecting Yjs
	 * client is sent the server's state vector and sends back every update it lacks. Every
	 * other write (ratings, dots, joins) is on disk when it resolves.
	 */
	readonly collab: CollabStore;
	readonly leases: Leases;
	readonly signals: Signals;
	/**
	 * Runs `work` only if no other process is running work under the same `lock` (PostgreSQL: an
	 * advisory lock held while it runs); otherwise resolves `{ ran: false }` at once.
	 */
	exclusively<T>(lock: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
	/**
	 * Creates a session at version 1. Another session with the same code: CodeTakenError, and
	 * nothing is created. The database decides (not a look-up first), so of concurrent creates
	 * with one code exactly one succeeds.
	 */
	createSession(record: NewSession): Promise<void>;
	sessionById(id: string): Promise<SessionRecord | undefined>;
	sessionByCode(code: string): Promise<SessionRecord | undefined>;
	/**
	 * Saves the state if the session is still at `expectedVersion` (the version its writer
	 * loaded or last saved), and resolves with the next version, `expectedVersion + 1`.
	 * Otherwise (someone else saved first, or the session is gone): StaleStateError, nothing
	 * changed.
	 */
	saveState(state: SessionState, expectedVersion: number): Promise<number>;
	/**
	 * saveState and moves people between groups, all or nothing: at a stale version
	 * StaleStateError, and a move naming someone who is not a participant of this session
	 * UnknownParticipantError; either way no state and no group changes.
	 */
	saveGroups(state: SessionState, expectedVersion: number, moves: Membership[]): Promise<number>;
	/**
	 * Finds the participant of this token, or creates it in `groupIfNew`: never two for one
	 * token, however many joins with it race. Whichever join created it, every answer
	 * describes that one participant (`created` is true for one of them).
	 */
	joinParticipant(sessionId: string, tokenHash: string, nickname: string, groupIfNew: string | null, now: number): Promise<ParticipantRecord>;
	participantByToken(sessionId: string, tokenHash: string): Promise<Member | undefined>;
	/** Everyone who has joined, in the order they joined. */
	participants(sessionId: string): Promise<Member[]>;
	/** Sets a participant's rating of an item (one per participant and item), keeping what was published of it. */
	setRating(sessionId: string, rating: StoredRating, now: number): Promise<void>;
	ratings(sessionId: string): Promise<StoredRating[]>;
	/** Replaces a participant's allocation of dots, keeping what was published of it. */
	setDots(sessionId: string, dots: StoredDots, now: number): Promise<void>;
	dots(sessionId: string): Promise<StoredDots[]>;
	/** Removes every allocation of dots of the session (the vote starts afresh). */
	clearDots(sessionId: string): Promise<void>;
	/**
	 * Records what a results batch published; `ratings()` and `dots()` return it as
	 * `published`. Resolves once committed: nothing is shown to anyone before the batch it
	 * belongs to is stored, so a restart never publishes a smaller step.
	 */
	markPublished(sessionId: string, batch: PublishedBatch): Promise<void>;
	/**
	 * Removes the session and everything of it, in one transaction: its participants, ratings,
	 * dots (with what was published of them) and its collab documents. Its code is free again.
	 * A session that does not exist is no error. None of it stays readable in the store's files.
	 */
	deleteSession(sessionId: string): Promise<void>;
	/** Sessions created strictly before `before` (epoch ms). */
	sessionsCreatedBefore(before: number): Promise<string[]>;
	/**
	 * Keeps (or replaces) what a comparison needs of a session. Kept results outlive the
	 * session: `deleteSession` leaves them, `deleteKeptResults` removes them.
	 */
	keepResults(record: KeptResults): Promise<void>;
	keptResults(sessionId: string): Promise<KeptResults | undefined>;
	/** Removes a session's kept results (none is no error). None of it stays readable in the store's files. */
	deleteKeptResults(sessionId: string): Promise<void>;
	/** Sessions whose kept results' retention started strictly before `before` (epoch ms). */
	keptResultsBefore(before: number): Promise<string[]>;
	/**
	 * Saves a template unless `limit` templates exist already (then false), in one
	 * transaction: however many saves race, never more than `limit` exist.
	 */
	saveTemplate(record: TemplateRecord, limit: number): Promise<boolean>;
	/** Every saved template, newest first. */
	templates(): Promise<TemplateSummary[]>;
	templateById(id: string): Promise<TemplateRecord | undefined>;
	deleteTemplate(id: string): Promise<void>;
	/** Commits what is queued, then closes the connection. */
	close(): Promise<void>;
}
