import type { SessionContent } from '../../src/lib/session/prepare';
import type { FollowUpLink } from '../../src/lib/session/follow-up';
import { initialState, upgradeState, type SessionState } from '../../src/lib/session/state';
import type { Template } from '../../src/lib/template/types';
import { hashSecret, newJoinCode, newSecret, newSessionId, secretMatches } from '../keys';
import { CodeTakenError } from '../store/errors';
import type { SessionRecord, Store } from '../store/types';
import { Room } from './room';

/** How long a claimed lease lasts unless renewed (server/rooms/ownership.ts renews it). */
export const LEASE_TTL_MS = 5_000;

/**
 * Another live process holds the session's lease (server/store/types.ts, Leases): its live
 * state is there. A connection for it is refused with the retryable `moved`.
 */
export class ElsewhereError extends Error {
	override readonly name = 'ElsewhereError';
	constructor(readonly sessionId: string) {
		super(`Session ${sessionId} is held by another process.`);
	}
}

/** What a room's leaving this process waits for: its clients told to reconnect, its documents saved (or dropped). */
export type LeaveListener = (room: Room, reason: 'handover' | 'lost') => Promise<void>;

export interface CreatedSession {
	id: string;
	code: string;
	/** Shown once, to the facilitator who created the session; only its hash is kept. */
	facilitatorKey: string;
}

/**
 * Finds sessions and keeps their rooms in memory while they are in use. Concurrent
 * requests for one session share a single load, so a room is never built twice.
 */
export class RoomRegistry {
	readonly #store: Store;
	readonly #template: Template;
	readonly #rooms = new Map<string, Promise<Room>>();
	/** Join code → session id of the rooms in memory: a phone's handshake needs no query. */
	readonly #codes = new Map<string, string>();
	readonly #onLoad: Array<(room: Room) => void> = [];
	/** Connections per room in memory, and when each room was last left or looked up. */
	readonly #connections = new Map<string, number>();
	readonly #lastUsed = new Map<string, number>();
	readonly #onLeave: LeaveListener[] = [];
	/** When this process took each session's lease (a handover asked too soon after is declined). */
	readonly #claimedAt = new Map<string, number>();
	/** Sessions being handed over or dropped: nothing new is let in meanwhile. */
	readonly #leaving = new Set<string>();
	readonly #leaseTtlMs: number;
	#draining = false;

	constructor(store: Store, template: Template, options: { leaseTtlMs?: number } = {}) {
		this.#store = store;
		this.#template = template;
		this.#leaseTtlMs = options.leaseTtlMs ?? LEASE_TTL_MS;
	}

	/** Called, and awaited, before a room leaves for another process (server/sheets/revocation.ts, server/realtime/attach.ts). */
	onLeave(listener: LeaveListener): void {
		this.#onLeave.push(listener);
	}

	/** When this process took the session's lease, if it holds it. */
	claimedAt(id: string): number | undefined {
		return this.#claimedAt.get(id);
	}

	/** Rooms currently in memory (for tests and the benchmark). */
	get loadedRooms(): number {
		return this.#rooms.size;
	}

	/** Called for every room when it is loaded into memory (the realtime layer wires its broadcasts here). */
	onLoad(listener: (room: Room) => void): void {
		this.#onLoad.push(listener);
	}

	/**
	 * A new session from the built-in template, or from `content` a facilitator saved as a
	 * template (or a follow-up's, with its `followUp` link: server/follow-up.ts). The store decides whether a code is free (CodeTakenError): another code is
	 * drawn then. `facilitatorKey`: a new secret, or the key of the session a tool continues (server/next-programme.ts).
	 */
	async create(now = Date.now(), content?: SessionContent, followUp: FollowUpLink | null = null, facilitatorKey = newSecret()): Promise<CreatedSession> {
		for (let attempt = 0; ; attempt++) {
			const id = newSessionId();
			const code = newJoinCode();
			const state = initialState(content ?? this.#template, { id, code, createdAt: now, followUp });
			try {
				await this.#store.createSession({ id, code, keyHash: hashSecret(facilitatorKey), createdAt: now, state });
			} catch (error) {
				if (!(error instanceof CodeTakenError)) throw error;
				if (attempt < 20) continue;
				throw new Error('Could not find a free join code');
			}
			return { id, code, facilitatorKey };
		}
	}

	/**
	 * The session's record once this process holds its lease: read again after the claim, for
	 * the previous owner may have committed until its lease ended. One process (SQLite): as read.
	 */
	async #claim(record: SessionRecord): Promise<SessionRecord> {
		const leases = this.#store.leases;
		if (!leases.shared) return record;
		const claim = await leases.claim(record.id, this.#leaseTtlMs);
		if (!claim.held) throw new ElsewhereError(record.id);
		if (!this.#claimedAt.has(record.id)) this.#claimedAt.set(record.id, Date.now());
		const fresh = await this.#store.sessionById(record.id);
		if (!fresh) throw new ElsewhereError(record.id);
		return fresh;
	}

	/** From now on no session is loaded here (the process is draining): connections are sent elsewhere. */
	stopTaking(): void {
		this.#draining = true;
	}

	async #room(record: SessionRecord): Promise<Room> {
		if (this.#leaving.has(record.id) || (this.#draining && !this.#rooms.has(record.id))) throw new ElsewhereError(record.id);
		let room = this.#rooms.get(record.id);
		if (!room) {
			this.#codes.set(record.code, record.id);
			room = this.#claim(record).then(async (claimed) => {
				const loaded = await Room.load(upgradeState(claimed.state), claimed.version, this.#store);
				for (const listener of this.#onLoad) listener(loaded);
				return loaded;
			});
			this.#rooms.set(record.id, room);
			room.catch(() => {
				this.#rooms.delete(record.id);
				this.#codes.delete(record.code);
			});
		}
		return room;
	}

	/** A connection to the room opened: it stays in memory at least until the connection closes. */
	retain(id: string): void {
		this.#connections.set(id, (this.#connections.get(id) ?? 0) + 1);
	}

	release(id: string, now = Date.now()): void {
		const left = (this.#connections.get(id) ?? 1) - 1;
		if (left > 0) this.#connections.set(id, left);
		else this.#connections.delete(id);
		this.#lastUsed.set(id, now);
	}

	/**
	 * Takes rooms out of memory that nobody has been connected to, or looked up, for
	 * `idleMs`; everything in them is in the store, and the next look-up loads them again.
	 */
	releaseIdle(idleMs: number, now = Date.now()): void {
		for (const id of this.#rooms.keys()) {
			if (this.#connections.has(id)) continue;
			const lastUsed = this.#lastUsed.get(id);
			if (lastUsed === undefined) this.#lastUsed.set(id, now);
			else if (now - lastUsed >= idleMs) void this.#forget(id);
		}
	}

	async #forget(id: string): Promise<Room | undefined> {
		const room = await this.#rooms.get(id)?.catch(() => undefined);
		this.#rooms.delete(id);
		if (this.#claimedAt.delete(id)) await this.#store.leases.release(id).catch(() => undefined);
		this.#connections.delete(id);
		this.#lastUsed.delete(id);
		for (const [code, sessionId] of this.#codes) if (sessionId === id) this.#codes.delete(code);
		room?.dispose();
		return room;
	}

	async byId(id: string): Promise<Room | undefined> {
		if (this.#rooms.has(id) && !this.#connections.has(id)) this.#lastUsed.set(id, Date.now());
		const loaded = this.#rooms.get(id);
		if (loaded) return loaded;
		const record = await this.#store.sessionById(id);
		return record && this.#room(record);
	}

	async byCode(code: string): Promise<Room | undefined> {
		const loaded = this.#codes.get(code);
		if (loaded) return this.byId(loaded);
		const record = await this.#store.sessionByCode(code);
		return record && this.#room(record);
	}

	/** The id of the session with this join code, without loading it (a phone is routed by the id). */
	async idOfCode(code: string): Promise<string | undefined> {
		return this.#codes.get(code) ?? (await this.#store.sessionByCode(code))?.id;
	}

	/** Whether the session exists, without loading it: a refused key says "no such session" when there is none. */
	async exists(id: string): Promise<boolean> {
		return this.#rooms.has(id) || (await this.#store.sessionById(id)) !== undefined;
	}

	/** The room, if `key` is this session's facilitator key. */
	async authorise(id: string, key: string): Promise<Room | undefined> {
		const record = await this.#store.sessionById(id);
		if (!record || !secretMatches(key, record.keyHash)) return undefined;
		return this.#room(record);
	}

	/**
	 * What is committed of the session, to read (an export, the API's JSON): the live room when
	 * it is here, otherwise (several processes) a read-only copy from the store, kept nowhere,
	 * and no lease taken.
	 */
	async view(id: string): Promise<Room | undefined> {
		const loaded = this.#rooms.get(id);
		if (loaded) {
			const room = await loaded.catch(() => undefined);
			if (room) return room;
		}
		const record = await this.#store.sessionById(id);
		return record && this.#viewOf(record);
	}

	/** The live room if it is here; else, with one process, the room loaded (publishing what was due); else a read-only copy. */
	async #viewOf(record: SessionRecord): Promise<Room> {
		const loaded = await this.#rooms.get(record.id)?.catch(() => undefined);
		if (loaded) return loaded;
		if (!this.#store.leases.shared) return this.#room(record);
		return Room.load(upgradeState(record.state), record.version, this.#store, { readOnly: true });
	}

	/** The session's state as committed (or live here), without loading a room: a page's language and code. */
	async stateOf(id: string): Promise<SessionState | undefined> {
		const loaded = this.#rooms.get(id);
		const room = loaded && (await loaded.catch(() => undefined));
		if (room) return room.state;
		const record = await this.#store.sessionById(id);
		return record && upgradeState(record.state);
	}

	/** `view`, if `key` is this session's facilitator key. */
	async authoriseView(id: string, key: string): Promise<Room | undefined> {
		const record = await this.#store.sessionById(id);
		if (!record || !secretMatches(key, record.keyHash)) return undefined;
		return this.#viewOf(record);
	}

	/**
	 * The session's room leaves this process for another: nothing new is let in, the work taken
	 * is finished and stored, its clients are told to reconnect and its documents are saved
	 * (the leave listeners), then its lease is released, so the next process takes it at once.
	 * `lost`: the lease is gone already (another process took it): nothing is saved, its
	 * writes would be refused.
	 */
	async leave(id: string, reason: 'handover' | 'lost'): Promise<void> {
		const loading = this.#rooms.get(id);
		if (!loading || this.#leaving.has(id)) return;
		this.#leaving.add(id);
		try {
			const room = await loading.catch(() => undefined);
			if (room) {
				if (reason === 'handover') await room.settle().catch(() => undefined);
				room.emit('moved');
				for (const listener of this.#onLeave) await listener(room, reason).catch(() => undefined);
			}
			if (reason === 'lost') this.#claimedAt.delete(id);
			await this.#forget(id);
		} finally {
			this.#leaving.delete(id);
		}
	}

	/** Whether the session's room is on its way out of this process (`leave`). */
	isLeaving(id: string): boolean {
		return this.#leaving.has(id);
	}

	/** Whether the session's room is in memory here (or loading). */
	isLoaded(id: string): boolean {
		return this.#rooms.has(id);
	}

	/** Every session whose room is in memory here. */
	loadedIds(): string[] {
		return [...this.#rooms.keys()];
	}

	/** Takes a session's room out of memory, telling its listeners first. */
	async unload(id: string): Promise<void> {
		const room = await this.#rooms.get(id)?.catch(() => undefined);
		room?.emit('deleted');
		await this.#forget(id);
	}

	async close(): Promise<void> {
		for (const room of this.#rooms.values()) (await room.catch(() => undefined))?.dispose();
		for (const id of this.#claimedAt.keys()) await this.#store.leases.release(id).catch(() => undefined);
		this.#claimedAt.clear();
		this.#rooms.clear();
		this.#codes.clear();
		this.#connections.clear();
		this.#lastUsed.clear();
	}
}
