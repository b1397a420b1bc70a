import type { SessionContent } from '../../src/lib/session/prepare';
import { initialState, upgradeState } from '../../src/lib/session/state';
import type { Template } from '../../src/lib/template/types';
import { hashSecret, newJoinCode, newSecret, newSessionId, secretMatches } from '../keys';
import { CodeTakenError } from '../store/errors';
import type { SessionRecord, Store } from '../store/types';
import { Room } from './room';

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

	constructor(store: Store, template: Template) {
		this.#store = store;
		this.#template = template;
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
	 * template. The store decides whether a code is free (CodeTakenError): another code is
	 * drawn then.
	 */
	async create(now = Date.now(), content?: SessionContent): Promise<CreatedSession> {
		const facilitatorKey = newSecret();
		for (let attempt = 0; ; attempt++) {
			const id = newSessionId();
			const code = newJoinCode();
			const state = initialState(content ?? this.#template, { id, code, createdAt: now });
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

	async #room(record: SessionRecord): Promise<Room> {
		let room = this.#rooms.get(record.id);
		if (!room) {
			this.#codes.set(record.code, record.id);
			room = Room.load(upgradeState(record.state), record.version, this.#store).then((loaded) => {
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

	/** Takes a session's room out of memory, telling its listeners first. */
	async unload(id: string): Promise<void> {
		const room = await this.#rooms.get(id)?.catch(() => undefined);
		room?.emit('deleted');
		await this.#forget(id);
	}

	async close(): Promise<void> {
		for (const room of this.#rooms.values()) (await room.catch(() => undefined))?.dispose();
		this.#rooms.clear();
		this.#codes.clear();
		this.#connections.clear();
		this.#lastUsed.clear();
	}
}
