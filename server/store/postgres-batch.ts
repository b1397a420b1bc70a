import pg from 'pg';
import { LeaseLostError } from './errors';
import type { Fence } from './postgres-leases';
import { dotsKey, HOT_BATCH, hotBatchParams, joinKey, ratingKey, type HotBatchResult, type HotWrite } from './postgres-hot-writes';
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
 * The rows a hot write touches, as keys: two writes with no key in common commute (no row, lock
 * or order between them), so their batches may commit in either order, at the same time.
 */
export function keysOf(write: HotWrite): string[] {
	const { sessionId } = write;
	switch (write.kind) {
		case 'join':
			return [joinKey(sessionId, write.tokenHash)];
		case 'rating':
			return [ratingKey(sessionId, write.participantId, write.itemId)];
		case 'dots':
			return [dotsKey(sessionId, write.participantId)];
		case 'publish':
			return [
				...write.batch.ratings.map(({ participantId, itemId }) => ratingKey(sessionId, participantId, itemId)),
				...write.batch.dots.map(({ participantId }) => dotsKey(sessionId, participantId))
			];
		case 'append':
			return [`a ${sessionId} ${write.doc}`];
	}
}

/** How many batches may be committing at once (each on a connection of its own). */
export const BATCHES_IN_FLIGHT = 2;

/**
 * Takes from `queue`, in order, the writes that share no key with `busy` (the keys of the
 * batches in flight) nor with a write left behind: a write that waits holds back every later
 * write of its keys, so each key's writes still commit in the order they were asked for.
 */
export function takeDisjoint<T extends { write: HotWrite }>(queue: T[], busy: ReadonlySet<string>): { taken: T[]; left: T[]; keys: Set<string> } {
	const blocked = new Set(busy);
	const keys = new Set<string>();
	const taken: T[] = [];
	const left: T[] = [];
	for (const pending of queue) {
		const own = keysOf(pending.write);
		if (own.some((key) => blocked.has(key))) {
			for (const key of own) blocked.add(key);
			left.push(pending);
		} else {
			for (const key of own) keys.add(key);
			taken.push(pending);
		}
	}
	return { taken, left, keys };
}

/**
 * Group commit for PostgreSQL: the hot writes (joins, ratings, dots, publications, Yjs updates)
 * asked for while earlier batches commit go together in the next, committed by one call
 * (one round trip, one transaction, one fence check for all their sessions; see
 * postgres-hot-function.ts). Each promise resolves only after COMMIT. A write that fails
 * rejects alone: when the call fails, each write of the batch is sent again alone, in order
 * (the common case, nothing failing, pays one round trip).
 *
 * Up to BATCHES_IN_FLIGHT batches commit at once, on connections of their own, and a batch
 * sent while another is in flight holds only writes whose keys (keysOf) no batch in flight
 * has: they commute with everything in flight, so the order in which the batches commit, or
 * the redo of a failed one, cannot reorder two writes of one row. A write that shares a key
 * waits for the next batch after that one. So a rating does not wait for a whole commit that
 * had started without it, which is most of the acknowledgement's time when the database
 * shares the cores with the app.
 */
export function pgBatch(pool: pg.Pool, holder: Holder): PgBatch {
	let queue: Pending[] = [];
	/** The batches in flight, each with the keys of its writes. */
	const inFlight = new Map<Promise<void>, Set<string>>();
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
		if (inFlight.size >= BATCHES_IN_FLIGHT || queue.length === 0) return;
		const busy = new Set<string>();
		for (const own of inFlight.values()) for (const key of own) busy.add(key);
		const { taken: batch, left, keys } = takeDisjoint(queue, busy);
		if (batch.length === 0) return;
		queue = left;
		const running: Promise<void> = commit(batch).finally(() => {
			inFlight.delete(running);
			drain();
		});
		inFlight.set(running, keys);
	};

	const enqueue = (write: HotWrite) =>
		new Promise<unknown>((resolve, reject) => {
			queue.push({ write, resolve, reject });
			if (!scheduled && inFlight.size < BATCHES_IN_FLIGHT) {
				scheduled = true;
				setImmediate(drain);
			}
		});

	const flush = async () => {
		while (inFlight.size > 0 || queue.length > 0) {
			if (inFlight.size < BATCHES_IN_FLIGHT) drain();
			await Promise.race(inFlight.keys());
		}
	};
	return Object.assign(enqueue, { flush });
}
