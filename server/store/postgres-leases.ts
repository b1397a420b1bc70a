import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Leases } from './types';

/** Runs queries: the pool, or one client inside a transaction. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** A name for this start of this process: host, pid and a random part (two starts never share one). */
export const processOwner = (): string => `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;

/** `$n` milliseconds as an interval, from the database's clock. */
const inMs = (n: number) => `now() + make_interval(secs => $${n}::float8 / 1000)`;

export interface Fence {
	/**
	 * Of these sessions, those whose writes must be refused in the calling transaction: this
	 * store instance never claimed them, released them, or the lease row no longer names it at
	 * the epoch it claimed. The others' lease rows are locked FOR SHARE until the transaction
	 * ends: writers of this process go on side by side, and a claim by another process (which
	 * locks the row to update it) waits until they commit, so it never slips in between.
	 * Rows are locked in id order, so two batches (or a batch and a renewal) cannot deadlock.
	 */
	refused(client: Queryable, sessionIds: Iterable<string>): Promise<Set<string>>;
}

/** A session's documents are `<session id>/…`: the session whose lease fences a write to one. */
export const sessionOfDoc = (docName: string): string => {
	const slash = docName.indexOf('/');
	return slash < 0 ? docName : docName.slice(0, slash);
};

/**
 * Leases in the `leases` table (server/store/postgres-migrations.ts), one row per session,
 * kept after a release so epochs only grow; expiry by the database's clock.
 */
export function postgresLeases(pool: pg.Pool, owner: string): Leases & Fence {
	const held = new Map<string, number>();

	const holder = async (sessionId: string) => {
		const { rows } = await pool.query<{ owner: string; expires_at: number; live: boolean }>(
			'SELECT owner, extract(epoch FROM expires_at) * 1000 AS expires_at, expires_at > now() AS live FROM leases WHERE session_id = $1',
			[sessionId]
		);
		return rows[0];
	};

	return {
		owner,
		shared: true,
		async claim(sessionId, ttlMs) {
			// One statement: the row lock ON CONFLICT takes decides between racing claims. Taken
			// from anyone (another process, an expired or a released holder), the epoch grows.
			for (let attempt = 0; ; attempt++) {
				let rows: Array<{ epoch: number }>;
				try {
					({ rows } = await pool.query<{ epoch: number }>(
						`INSERT INTO leases AS l (session_id, owner, epoch, expires_at) VALUES ($1, $2, 1, ${inMs(3)})
						 ON CONFLICT (session_id) DO UPDATE SET
							epoch = CASE WHEN l.owner = excluded.owner AND l.expires_at > now() THEN l.epoch ELSE l.epoch + 1 END,
							owner = excluded.owner, expires_at = excluded.expires_at
						 WHERE l.owner = excluded.owner OR l.expires_at <= now()
						 RETURNING epoch`,
						[sessionId, owner, ttlMs]
					));
				} catch (error) {
					// The session does not exist (or is being deleted): nobody can hold it.
					if ((error as { code?: string }).code === '23503') return { held: false, owner: '', expiresAt: 0 };
					throw error;
				}
				if (rows.length === 1) {
					held.set(sessionId, Number(rows[0].epoch));
					return { held: true, epoch: Number(rows[0].epoch) };
				}
				const current = await holder(sessionId);
				// Released or expired since the claim looked: claim again (a few times at most).
				if (current?.live || attempt >= 3) return { held: false, owner: current?.owner ?? '', expiresAt: Math.round(Number(current?.expires_at ?? 0)) };
			}
		},
		async renewAll(ttlMs) {
			if (held.size === 0) return [];
			const ids = [...held.keys()];
			const epochs = ids.map((id) => held.get(id)!);
			const { rows } = await pool.query<{ session_id: string }>(
				`WITH mine AS (
					SELECT l.session_id FROM leases l JOIN unnest($1::text[], $2::bigint[]) AS h (session_id, epoch)
						ON l.session_id = h.session_id AND l.epoch = h.epoch
					WHERE l.owner = $3 ORDER BY l.session_id FOR NO KEY UPDATE OF l
				)
				UPDATE leases SET expires_at = ${inMs(4)} FROM mine WHERE leases.session_id = mine.session_id
				RETURNING leases.session_id`,
				[ids, epochs, owner, ttlMs]
			);
			const renewed = new Set(rows.map((row) => row.session_id));
			// Not renewed, and not claimed again meanwhile (at another epoch).
			const lost = ids.filter((id, index) => !renewed.has(id) && held.get(id) === epochs[index]);
			for (const id of lost) held.delete(id);
			return lost;
		},
		async release(sessionId) {
			// Forgotten first: from now on this instance's writes of it are refused without asking.
			const epoch = held.get(sessionId);
			held.delete(sessionId);
			if (epoch === undefined) return;
			// Waits for this process's writes that passed the fence already (they hold the row).
			await pool.query("UPDATE leases SET expires_at = now() - interval '1 millisecond' WHERE session_id = $1 AND owner = $2 AND epoch = $3", [
				sessionId,
				owner,
				epoch
			]);
		},
		held: () => held,
		async refused(client, sessionIds) {
			const ids = [...new Set(sessionIds)];
			const claimed = ids.filter((id) => held.has(id)).sort();
			const refused = new Set(ids.filter((id) => !held.has(id)));
			if (claimed.length === 0) return refused;
			const { rows } = await client.query<{ session_id: string; epoch: number }>(
				'SELECT session_id, epoch FROM leases WHERE session_id = ANY($1::text[]) AND owner = $2 ORDER BY session_id FOR SHARE',
				[claimed, owner]
			);
			const epochs = new Map(rows.map((row) => [row.session_id, Number(row.epoch)]));
			for (const id of claimed) if (epochs.get(id) !== held.get(id)) refused.add(id);
			return refused;
		}
	};
}
