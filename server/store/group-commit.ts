import type { Database } from 'better-sqlite3';

interface Pending {
	write: () => unknown;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface GroupCommit {
	/** Queues `write` for this turn's transaction; resolves with its result once that has committed. */
	<T>(write: () => T): Promise<T>;
	/**
	 * Queues `write` behind what is queued and commits them all now, without waiting for the
	 * turn to end: for a write that something is waiting on to go out (a results batch, which
	 * the screens are shown only once it is stored). The writes queued before it are acknowledged
	 * sooner with it, in the same order.
	 */
	now<T>(write: () => T): Promise<T>;
	/** Commits what is queued now (before the database is closed). */
	flush(): void;
}

/**
 * Group commit: the writes asked for in one turn of the event loop are committed together, in
 * one transaction and so one fsync, in the order they were asked for. Each promise resolves only
 * once that transaction has committed, so "acknowledge after commit" holds while a room of
 * 2,500 phones pays for one fsync per turn instead of one per tap. A write that throws is rolled
 * back alone and rejects; the others still commit.
 *
 * The batch runs first as one plain transaction: a savepoint around every write would cost two
 * statements more per rating, for failures that do not happen in a working room. When a write
 * throws, that whole transaction is rolled back and the batch runs again with each write in its
 * own savepoint. So a write may run twice: it must do nothing but write to this database.
 *
 * `maxWrites`: at most so many writes per transaction; the rest commit in the next turns, in
 * order (a connection without an fsync per commit holds the event loop less in slices). `now`
 * commits every slice before it returns: what it waits on is queued behind all of them.
 */
export function groupCommit(db: Database, maxWrites = Infinity): GroupCommit {
	let queue: Pending[] = [];
	const plain = db.transaction((batch: Pending[]): unknown[] => batch.map(({ write }) => write()));
	const savepoint = db.transaction((write: () => unknown) => write());
	const oneByOne = db.transaction((batch: Pending[]): Settled[] =>
		batch.map(({ write }) => {
			try {
				return { ok: true, value: savepoint(write) };
			} catch (error) {
				return { ok: false, error };
			}
		})
	);
	/** After a failed plain try: each write in its own savepoint, a failure rejecting only its own. */
	const redo = (batch: Pending[]) => {
		let settled: Settled[];
		try {
			settled = oneByOne(batch);
		} catch (error) {
			for (const pending of batch) pending.reject(error);
			return;
		}
		settled.forEach((outcome, index) => (outcome.ok ? batch[index].resolve(outcome.value) : batch[index].reject(outcome.error)));
	};

	const commitSome = () => {
		if (queue.length === 0) return;
		const batch = queue.length > maxWrites ? queue.splice(0, maxWrites) : queue;
		if (batch === queue) queue = [];
		else setImmediate(commitSome);
		let values: unknown[];
		try {
			values = plain(batch);
		} catch {
			return redo(batch);
		}
		for (let index = 0; index < batch.length; index++) batch[index].resolve(values[index]);
	};
	const flush = () => {
		while (queue.length > 0) commitSome();
	};

	const enqueue = <T>(write: () => T) =>
		new Promise<T>((resolve, reject) => {
			if (queue.length === 0) setImmediate(commitSome);
			queue.push({ write, resolve: resolve as (value: unknown) => void, reject });
		});
	const now = <T>(write: () => T) => {
		const committed = enqueue(write);
		flush();
		return committed;
	};
	return Object.assign(enqueue, { now, flush });
}
