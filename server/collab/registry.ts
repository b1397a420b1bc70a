import * as Y from 'yjs';
import type { Logger } from '../log';
import { FlushClock } from './persistence';
import { SharedDoc, type Peer } from './shared-doc';
import type { CollabLimits, CollabStore, DocListener } from './types';

interface Entry {
	shared: SharedDoc;
	ready: Promise<void>;
	/** Peers that opened the document: joined, or still waiting for the load. */
	holders: Set<Peer>;
	idle?: NodeJS.Timeout;
}

/**
 * The documents in memory. Peers opening a document that is still loading share its one load;
 * a document nobody has held for `idleMs` is compacted and released.
 */
export class DocRegistry {
	readonly #store: CollabStore;
	readonly #limits: CollabLimits;
	readonly #log: Logger;
	readonly #onChange: DocListener | undefined;
	readonly #docs = new Map<string, Entry>();
	/** Every document's buffered updates are flushed on this one clock. */
	readonly #clock: FlushClock;
	/** Documents released but still writing their last updates: a new load waits for them. */
	readonly #retiring = new Map<string, Promise<void>>();

	constructor(store: CollabStore, limits: CollabLimits, log: Logger, onChange?: DocListener) {
		this.#store = store;
		this.#onChange = onChange;
		this.#limits = limits;
		this.#log = log;
		this.#clock = new FlushClock(limits.flushMs);
	}

	/** Documents in memory, those still loading included. */
	get size(): number {
		return this.#docs.size;
	}

	/**
	 * Resolves once the document is loaded and `peer` has joined it; with null when the peer
	 * left during the load. Rejects when the document could not be loaded.
	 */
	async open(name: string, peer: Peer): Promise<SharedDoc | null> {
		const entry = this.#docs.get(name) ?? this.#load(name);
		entry.holders.add(peer);
		clearTimeout(entry.idle);
		await entry.ready;
		if (!entry.holders.has(peer)) return null;
		entry.shared.join(peer);
		return entry.shared;
	}

	leave(name: string, peer: Peer): void {
		const entry = this.#docs.get(name);
		if (!entry?.holders.delete(peer)) return;
		entry.shared.leave(peer);
		if (entry.holders.size > 0) return;
		clearTimeout(entry.idle);
		entry.idle = setTimeout(() => void this.#release(name, entry), this.#limits.idleMs);
	}

	/**
	 * Runs `work` on the document as the server, in one transaction: what it changes reaches
	 * every connected peer and the store like any other update.
	 */
	async use<T>(name: string, work: (doc: Y.Doc) => T): Promise<T> {
		const server: Peer = { access: { access: 'write', role: 'server' }, clientIds: new Set(), announced: new Set(), send() {} };
		const shared = await this.open(name, server);
		try {
			if (!shared) throw new Error(`collab: ${name} could not be opened`);
			let result!: T;
			Y.transact(shared.doc, () => (result = work(shared.doc)), 'server');
			return result;
		} finally {
			this.leave(name, server);
		}
	}

	/** Forgets every document under `prefix` without saving it (the session is being deleted). */
	async drop(prefix: string): Promise<void> {
		const dropping: Promise<void>[] = [];
		for (const [name, entry] of this.#docs) {
			if (!name.startsWith(prefix)) continue;
			this.#docs.delete(name);
			clearTimeout(entry.idle);
			dropping.push(entry.ready.then(() => entry.shared.discard(), () => undefined));
		}
		for (const [name, retiring] of this.#retiring) if (name.startsWith(prefix)) dropping.push(retiring);
		await Promise.all(dropping);
	}

	/**
	 * Releases every document under `prefix` at once, whoever holds it (its connections are
	 * closed by the caller): saved first when `save`, forgotten unsaved otherwise (another
	 * process owns the session now, and this one's writes would be refused).
	 */
	async releaseAll(prefix: string, save: boolean): Promise<void> {
		if (!save) return this.drop(prefix);
		const releasing: Promise<void>[] = [];
		for (const [name, entry] of this.#docs) {
			if (!name.startsWith(prefix)) continue;
			this.#docs.delete(name);
			releasing.push(this.#retire(entry));
		}
		for (const [name, retiring] of this.#retiring) if (name.startsWith(prefix)) releasing.push(retiring);
		await Promise.all(releasing);
	}

	/**
	 * Runs `work` on the document as it is: the one in memory if it is loaded here, otherwise a
	 * copy read from the store and thrown away after (a process that does not own the session
	 * reads what its owner committed, and keeps nothing).
	 */
	async read<T>(name: string, work: (doc: Y.Doc) => T): Promise<T> {
		const entry = this.#docs.get(name);
		if (entry) {
			await entry.ready;
			return work(entry.shared.doc);
		}
		await this.#retiring.get(name);
		const doc = new Y.Doc();
		try {
			for (const update of await this.#store.load(name)) Y.applyUpdate(doc, update);
			return work(doc);
		} finally {
			doc.destroy();
		}
	}

	/** Flushes, compacts and releases every document. */
	async close(): Promise<void> {
		const entries = [...this.#docs.values()];
		this.#docs.clear();
		await Promise.all(entries.map((entry) => this.#retire(entry)));
	}

	#load(name: string): Entry {
		const shared = new SharedDoc(name, this.#store, this.#limits, this.#clock, this.#log, this.#onChange);
		const retiring = this.#retiring.get(name) ?? Promise.resolve();
		const entry: Entry = { shared, ready: retiring.then(() => shared.load()), holders: new Set() };
		this.#docs.set(name, entry);
		entry.ready.catch((error: unknown) => {
			this.#log.error({ err: error, doc: name }, 'collab: loading failed');
			if (this.#docs.get(name) === entry) this.#docs.delete(name);
			clearTimeout(entry.idle);
			shared.destroy();
		});
		return entry;
	}

	/**
	 * The document stays usable while it is compacted (compaction does not change it): a peer
	 * that opens it meanwhile keeps it in memory.
	 */
	async #release(name: string, entry: Entry): Promise<void> {
		if (this.#docs.get(name) !== entry) return;
		try {
			await entry.ready;
		} catch {
			return;
		}
		await entry.shared.compact();
		if (entry.holders.size > 0 || this.#docs.get(name) !== entry) return;
		this.#docs.delete(name);
		const retired = this.#retire(entry);
		this.#retiring.set(name, retired);
		await retired;
		if (this.#retiring.get(name) === retired) this.#retiring.delete(name);
	}

	async #retire(entry: Entry): Promise<void> {
		clearTimeout(entry.idle);
		try {
			await entry.ready;
		} catch {
			return;
		}
		await entry.shared.compact();
		entry.shared.destroy();
	}
}
