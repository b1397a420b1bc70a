import type { Logger } from '../log';
import type { CollabStore } from './types';

/**
 * One timer for the buffered updates of every document of an endpoint: each document that has
 * updates waiting is flushed at most `flushMs` after its first, and all those due at once
 * append in the same turn, and so (the store's group commit) in one transaction, or a few
 * (SQLite commits 16 documents' at a time, server/store/sqlite-collab.ts), rather than one
 * each. A hundred groups typing cost a few commits a second, not two hundred.
 */
export class FlushClock {
	readonly #due = new Set<() => void>();
	#timer: NodeJS.Timeout | undefined;

	constructor(readonly flushMs: number) {}

	/** Calls `flush` at most `flushMs` from now (with every other due flush), unless cancelled. */
	schedule(flush: () => void): void {
		this.#due.add(flush);
		this.#timer ??= setTimeout(() => this.#fire(), this.flushMs);
	}

	cancel(flush: () => void): void {
		this.#due.delete(flush);
		if (this.#due.size === 0) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}
	}

	#fire(): void {
		this.#timer = undefined;
		const due = [...this.#due];
		this.#due.clear();
		for (const flush of due) flush();
	}
}

export interface PersistenceOptions {
	/** When buffered updates are appended: the endpoint's one clock. */
	clock: FlushClock;
	/** Compact while in use once the updates since the last snapshot exceed this many bytes. */
	compactAfterBytes: number;
	/** The document's full state, taken when a compaction runs. */
	snapshot(): Uint8Array;
	log: Logger;
}

const sum = (updates: Uint8Array[]): number => updates.reduce((total, update) => total + update.length, 0);

/**
 * One document's writes to the store. Updates are buffered and appended in one transaction at
 * most `flushMs` after the first of them (on the endpoint's FlushClock, with every other
 * document's that is due then). Appends and compactions run one at a time, in order,
 * so a compaction never overtakes an older append. A failed write is logged and its updates
 * are kept for the next attempt: nothing is dropped while the document is in memory.
 *
 * `bytes` estimates what is stored for the document (loaded updates, plus every update pushed,
 * reset to the snapshot after a compaction): the measure `maxDocumentBytes` limits. Log growth
 * is compacted away in use, so that a long session of typing and deleting does not reach the
 * limit while the document itself stays small.
 */
export class DocPersistence {
	readonly #store: CollabStore;
	readonly #name: string;
	readonly #options: PersistenceOptions;
	#pending: Uint8Array[] = [];
	#queue: Promise<void> = Promise.resolve();
	#bytes = 0;
	/** Rows stored or pending: with one or none, there is nothing to compact. */
	#rows = 0;
	#snapshotBytes = 0;
	#disposed = false;

	constructor(store: CollabStore, name: string, options: PersistenceOptions) {
		this.#store = store;
		this.#name = name;
		this.#options = options;
	}

	get bytes(): number {
		return this.#bytes;
	}

	async load(): Promise<Uint8Array[]> {
		const updates = await this.#store.load(this.#name);
		this.#bytes = sum(updates);
		this.#rows = updates.length;
		return updates;
	}

	push(update: Uint8Array): void {
		if (this.#disposed) return;
		this.#pending.push(update);
		this.#bytes += update.length;
		this.#rows++;
		this.#options.clock.schedule(this.#onClock);
	}

	readonly #onClock = (): void => void this.flush();

	/** Resolves when everything pushed so far has been written (or has failed and been kept). */
	flush(): Promise<void> {
		this.#unschedule();
		if (this.#pending.length === 0) return this.#queue;
		const batch = this.#pending;
		this.#pending = [];
		return this.#enqueue(async () => {
			try {
				await this.#store.append(this.#name, batch);
			} catch (error) {
				this.#options.log.error({ err: error, doc: this.#name }, 'collab: saving failed; retrying');
				this.#keep(batch);
				return;
			}
			if (this.#bytes - this.#snapshotBytes > this.#options.compactAfterBytes) await this.#compactNow();
		});
	}

	/** Flushes, then replaces what is stored with one snapshot. */
	compact(): Promise<void> {
		if (this.#disposed) return this.#queue;
		void this.flush();
		return this.#enqueue(() => this.#compactNow());
	}

	/** Resolves when every write queued so far has finished. */
	settled(): Promise<void> {
		return this.#queue;
	}

	/** Takes the document off the clock; later pushes are ignored. Call after the last `compact()` resolved. */
	dispose(): void {
		this.#disposed = true;
		this.#unschedule();
		this.#pending = [];
	}

	async #compactNow(): Promise<void> {
		if (this.#rows <= 1) return;
		const snapshot = this.#options.snapshot();
		// Updates that arrived since the flush are in the snapshot already.
		const included = this.#pending;
		this.#pending = [];
		this.#unschedule();
		const [bytes, rows] = [this.#bytes, this.#rows];
		try {
			await this.#store.compact(this.#name, snapshot);
		} catch (error) {
			this.#options.log.error({ err: error, doc: this.#name }, 'collab: compacting failed');
			this.#keep(included);
			return;
		}
		this.#bytes = snapshot.length + (this.#bytes - bytes);
		this.#rows = 1 + (this.#rows - rows);
		this.#snapshotBytes = snapshot.length;
	}

	/** Puts updates that could not be written back in front of the newer ones, for the next flush. */
	#keep(updates: Uint8Array[]): void {
		if (this.#disposed || updates.length === 0) return;
		this.#pending = [...updates, ...this.#pending];
		this.#options.clock.schedule(this.#onClock);
	}

	/** A task that throws is logged, and does not stop the tasks queued after it. */
	#enqueue(task: () => Promise<void>): Promise<void> {
		this.#queue = this.#queue.then(task).catch((error: unknown) => this.#options.log.error({ err: error, doc: this.#name }, 'collab: writing failed'));
		return this.#queue;
	}

	/** Nothing waits to be flushed (it was just taken, or is dropped). */
	#unschedule(): void {
		this.#options.clock.cancel(this.#onClock);
	}
}
