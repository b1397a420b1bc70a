import type pg from 'pg';
import { LeaseLostError } from './errors';
import type { Fence } from './postgres-leases';

/** Runs `work` in a transaction on a client of its own: committed when it resolves, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	let broken: Error | undefined;
	try {
		try {
			await client.query('BEGIN');
			const value = await work(client);
			await client.query('COMMIT');
			return value;
		} catch (error) {
			await client.query('ROLLBACK').catch((rollback: Error) => (broken = rollback));
			throw error;
		}
	} finally {
		// A client whose connection broke is not given back to the pool.
		client.release(broken);
	}
}

/** A transaction that writes about `sessionId` only while this store holds its lease (postgres-leases.ts). */
export function fencedTransaction<T>(pool: pg.Pool, fence: Fence, sessionId: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
	return transaction(pool, async (client) => {
		if ((await fence.refused(client, [sessionId])).size > 0) throw new LeaseLostError(sessionId);
		return work(client);
	});
}

/**
 * A write that may go into one statement with the others of its kind in a batch: the merger
 * writes each key's last row (the same as running the writes one by one, in order).
 */
export interface Mergeable {
	kind: string;
	key: string;
	row: unknown[];
}

/** Writes the rows of one kind, one per key, in one statement. */
export type Merger = (client: pg.PoolClient, rows: unknown[][]) => Promise<unknown>;

interface Pending {
	sessionId: string;
	write: (client: pg.PoolClient) => Promise<unknown>;
	merge?: Mergeable;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface PgBatch {
	/**
	 * Queues a write about `sessionId`; resolves with its result once the batch it went in has
	 * committed (a merged write resolves with undefined).
	 */
	<T>(sessionId: string, write: (client: pg.PoolClient) => Promise<T>, merge?: Mergeable): Promise<T>;
	/** Resolves once everything queued so far has been committed (or refused). */
	flush(): Promise<void>;
}

/** Thrown inside the fast attempt when a write fails: the batch is redone with savepoints. */
const REDO = Symbol('redo');

/**
 * One try at committing the batch. Fast (no savepoints): mergeable writes are gathered and
 * written one statement per kind before the next write that is not (so order holds), and any
 * failure throws REDO. With savepoints: each write alone, a failure rejects only that one.
 */
async function attempt(client: pg.PoolClient, fence: Fence, mergers: Record<string, Merger>, batch: Pending[], savepoints: boolean): Promise<Settled[]> {
	const redo = () => Promise.reject(REDO);
	const gathered = new Map<string, Map<string, unknown[]>>();
	const writeGathered = async () => {
		for (const [kind, rows] of gathered) await mergers[kind](client, [...rows.values()]).catch(redo);
		gathered.clear();
	};
	await client.query('BEGIN');
	try {
		const refused = await fence.refused(client, batch.map((pending) => pending.sessionId));
		const settled: Settled[] = [];
		for (const { sessionId, write, merge } of batch) {
			if (refused.has(sessionId)) {
				settled.push({ ok: false, error: new LeaseLostError(sessionId) });
			} else if (!savepoints && merge && mergers[merge.kind]) {
				const rows = gathered.get(merge.kind) ?? new Map<string, unknown[]>();
				gathered.set(merge.kind, rows.set(merge.key, merge.row));
				settled.push({ ok: true, value: undefined });
			} else if (!savepoints) {
				await writeGathered();
				settled.push({ ok: true, value: await write(client).catch(redo) });
			} else {
				await client.query('SAVEPOINT write');
				try {
					settled.push({ ok: true, value: await write(client) });
					await client.query('RELEASE SAVEPOINT write');
				} catch (error) {
					await client.query('ROLLBACK TO SAVEPOINT write');
					settled.push({ ok: false, error });
				}
			}
		}
		await writeGathered();
		await client.query('COMMIT');
		return settled;
	} catch (error) {
		await client.query('ROLLBACK').catch(() => undefined);
		throw error;
	}
}

/**
 * Group commit for PostgreSQL: the hot writes (ratings, dots, publications, Yjs updates) asked
 * for while the previous batch commits go together in the next transaction, in the order they
 * were asked for, with one fence check for all their sessions. Each promise resolves only after
 * COMMIT. Ratings and dots go in one statement each (`Mergeable`). A write that fails rejects
 * alone: the batch is redone with each write in a savepoint (the common case, nothing failing,
 * pays neither savepoints nor a statement per write). One batch is in flight at a time.
 */
export function pgBatch(pool: pg.Pool, fence: Fence, mergers: Record<string, Merger> = {}): PgBatch {
	let queue: Pending[] = [];
	let running: Promise<void> | undefined;
	let scheduled = false;

	const commit = async (batch: Pending[]) => {
		let settled: Settled[];
		try {
			const client = await pool.connect();
			let broken: Error | undefined;
			try {
				settled = await attempt(client, fence, mergers, batch, false).catch((error: unknown) => {
					if (error !== REDO) throw error;
					return attempt(client, fence, mergers, batch, true);
				});
			} catch (error) {
				broken = error as Error;
				throw error;
			} finally {
				client.release(broken);
			}
		} catch (error) {
			for (const pending of batch) pending.reject(error);
			return;
		}
		settled.forEach((outcome, index) => (outcome.ok ? batch[index].resolve(outcome.value) : batch[index].reject(outcome.error)));
	};

	const drain = () => {
		scheduled = false;
		if (running || queue.length === 0) return;
		const batch = queue;
		queue = [];
		running = commit(batch).finally(() => {
			running = undefined;
			drain();
		});
	};

	const enqueue = <T>(sessionId: string, write: (client: pg.PoolClient) => Promise<T>, merge?: Mergeable) =>
		new Promise<T>((resolve, reject) => {
			queue.push({ sessionId, write, merge, resolve: resolve as (value: unknown) => void, reject });
			if (!scheduled && !running) {
				scheduled = true;
				setImmediate(drain);
			}
		});

	const flush = async () => {
		while (running || queue.length > 0) {
			if (!running) drain();
			await running;
		}
	};
	return Object.assign(enqueue, { flush });
}
