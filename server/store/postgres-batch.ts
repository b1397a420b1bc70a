import type pg from 'pg';
import { LeaseLostError } from './errors';
import type { Fence } from './postgres-leases';

/** Runs `work` in a transaction on a client of its own: committed when it resolves, rolled back when it throws. */
export async function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
	const client = await pool.connect();
	let broken: Error | undefined;
	try {
		await client.query('BEGIN');
		try {
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

interface Pending {
	sessionId: string;
	write: (client: pg.PoolClient) => Promise<unknown>;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface PgBatch {
	/** Queues a write about `sessionId`; resolves with its result once the batch it went in has committed. */
	<T>(sessionId: string, write: (client: pg.PoolClient) => Promise<T>): Promise<T>;
	/** Resolves once everything queued so far has been committed (or refused). */
	flush(): Promise<void>;
}

/** Thrown inside the fast attempt when a write fails: the batch is redone with savepoints. */
const REDO = Symbol('redo');

async function attempt(client: pg.PoolClient, fence: Fence, batch: Pending[], savepoints: boolean): Promise<Settled[]> {
	await client.query('BEGIN');
	try {
		const refused = await fence.refused(client, batch.map((pending) => pending.sessionId));
		const settled: Settled[] = [];
		for (const { sessionId, write } of batch) {
			if (refused.has(sessionId)) {
				settled.push({ ok: false, error: new LeaseLostError(sessionId) });
				continue;
			}
			if (!savepoints) {
				settled.push({ ok: true, value: await write(client).catch(() => Promise.reject(REDO)) });
				continue;
			}
			await client.query('SAVEPOINT write');
			try {
				settled.push({ ok: true, value: await write(client) });
				await client.query('RELEASE SAVEPOINT write');
			} catch (error) {
				await client.query('ROLLBACK TO SAVEPOINT write');
				settled.push({ ok: false, error });
			}
		}
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
 * COMMIT. A write that fails rejects alone: the batch is redone with each write in a savepoint
 * (the common case, nothing failing, pays no savepoints). One batch is in flight at a time.
 */
export function pgBatch(pool: pg.Pool, fence: Fence): PgBatch {
	let queue: Pending[] = [];
	let running: Promise<void> | undefined;
	let scheduled = false;

	const commit = async (batch: Pending[]) => {
		let settled: Settled[];
		try {
			const client = await pool.connect();
			let broken: Error | undefined;
			try {
				settled = await attempt(client, fence, batch, false).catch((error: unknown) => {
					if (error !== REDO) throw error;
					return attempt(client, fence, batch, true);
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

	const enqueue = <T>(sessionId: string, write: (client: pg.PoolClient) => Promise<T>) =>
		new Promise<T>((resolve, reject) => {
			queue.push({ sessionId, write, resolve: resolve as (value: unknown) => void, reject });
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
