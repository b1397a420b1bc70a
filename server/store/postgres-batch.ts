import pg from 'pg';
import { LeaseLostError } from './errors';
import type { Fence } from './postgres-leases';
import { HOT_BATCH, hotBatchParams, type HotBatchResult, type HotWrite } from './postgres-hot-writes';
import type { Leases } from './types';

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

interface Pending {
	write: HotWrite;
	resolve: (value: unknown) => void;
	reject: (error: unknown) => void;
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown };

export interface PgBatch {
	/**
	 * Queues a hot write; resolves once the batch it went in has committed: a join with its
	 * participant (ParticipantRecord), the others with undefined.
	 */
	(write: HotWrite): Promise<unknown>;
	/** Resolves once everything queued so far has been committed (or refused). */
	flush(): Promise<void>;
}

/** The lease holder's side of the fence: who it is, and the epochs it holds (postgres-leases.ts). */
export type Holder = Pick<Leases, 'owner' | 'held'>;

/** A failure the database reported about the statement (not the connection): a write of the batch may be to blame. */
const aboutTheWrites = (error: unknown) => error instanceof pg.DatabaseError;

/**
 * One call of `vaegten_hot_batch` for these writes, in its own implicit transaction: the fence
 * and every write of the batch, merged, in one round trip. Writes of a session this process
 * does not hold (by its own count) are refused without asking.
 */
async function call(client: pg.PoolClient, holder: Holder, batch: Pending[]): Promise<Settled[]> {
	// As held when the call goes: a release meanwhile does not undo what the call committed.
	const all = holder.held();
	const held = new Map<string, number>();
	for (const { write } of batch) if (all.has(write.sessionId)) held.set(write.sessionId, all.get(write.sessionId)!);
	const asked = batch.filter((pending) => held.has(pending.write.sessionId));
	let refused = new Set<string>();
	let result: HotBatchResult | undefined;
	const { values, joins } = hotBatchParams(holder.owner, asked.map((pending) => pending.write), held);
	if (asked.length > 0) {
		result = (await client.query<HotBatchResult>({ ...HOT_BATCH, values })).rows[0];
		refused = new Set(result.refused);
	}
	let at = 0;
	return batch.map(({ write }): Settled => {
		if (!held.has(write.sessionId)) return { ok: false, error: new LeaseLostError(write.sessionId) };
		const join = joins.get(at++);
		if (refused.has(write.sessionId)) return { ok: false, error: new LeaseLostError(write.sessionId) };
		if (!join || !result) return { ok: true, value: undefined };
		const { index, first } = join;
		const value = { id: Number(result.j_id![index]), nickname: result.j_name![index], groupId: result.j_group_id![index], created: first && result.j_created![index] };
		return { ok: true, value };
	});
}

/**
 * Group commit for PostgreSQL: the hot writes (joins, ratings, dots, publications, Yjs updates)
 * asked for while the previous batch commits go together in the next, committed by one call
 * (one round trip, one transaction, one fence check for all their sessions; see
 * postgres-hot-function.ts). Each promise resolves only after COMMIT. A write that fails
 * rejects alone: when the call fails, each write of the batch is sent again alone, in order
 * (the common case, nothing failing, pays one round trip). One batch is in flight at a time.
 */
export function pgBatch(pool: pg.Pool, holder: Holder): PgBatch {
	let queue: Pending[] = [];
	let running: Promise<void> | undefined;
	let scheduled = false;

	const commit = async (batch: Pending[]) => {
		let client: pg.PoolClient;
		try {
			client = await pool.connect();
		} catch (error) {
			for (const pending of batch) pending.reject(error);
			return;
		}
		let broken: Error | undefined;
		try {
			const settled = await call(client, holder, batch).catch(async (error: unknown): Promise<Settled[]> => {
				if (!aboutTheWrites(error)) throw error;
				const alone: Settled[] = [];
				for (const pending of batch) {
					if (broken) {
						alone.push({ ok: false, error: broken });
						continue;
					}
					try {
						alone.push(...(await call(client, holder, [pending])));
					} catch (failed) {
						alone.push({ ok: false, error: failed });
						if (!aboutTheWrites(failed)) broken = failed as Error;
					}
				}
				return alone;
			});
			settled.forEach((outcome, index) => (outcome.ok ? batch[index].resolve(outcome.value) : batch[index].reject(outcome.error)));
		} catch (error) {
			broken = error as Error;
			for (const pending of batch) pending.reject(error);
		} finally {
			// A client whose connection broke is not given back to the pool.
			client.release(broken);
		}
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

	const enqueue = (write: HotWrite) =>
		new Promise<unknown>((resolve, reject) => {
			queue.push({ write, resolve, reject });
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
