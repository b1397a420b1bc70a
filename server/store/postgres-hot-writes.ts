import type pg from 'pg';
import type { Mergeable, Merger } from './postgres-batch';
import type { StoredDots, StoredRating } from './types';

/** A batched write: run alone, or merged with the others of its kind (postgres-batch.ts). */
export interface HotWrite {
	write: (client: pg.PoolClient) => Promise<unknown>;
	merge: Mergeable;
}

const UPSERT_RATINGS = `INSERT INTO ratings (session_id, participant_id, item_id, value, updated_at)
	SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::integer[], $5::bigint[])
	ON CONFLICT (session_id, participant_id, item_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

const UPSERT_DOTS = `INSERT INTO dots (session_id, participant_id, allocation, updated_at)
	SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::bigint[])
	ON CONFLICT (session_id, participant_id) DO UPDATE SET allocation = excluded.allocation, updated_at = excluded.updated_at`;

/** The rows as one array per column, as unnest takes them. */
const columns = (rows: unknown[][]): unknown[][] => rows[0].map((_, index) => rows.map((row) => row[index]));

/** One statement for all of a batch's ratings, and one for its dots: each key's last row. */
export const hotMergers: Record<string, Merger> = {
	rating: (client, rows) => client.query(UPSERT_RATINGS, columns(rows)),
	dots: (client, rows) => client.query(UPSERT_DOTS, columns(rows))
};

export function ratingWrite(sessionId: string, { participantId, itemId, value }: StoredRating, now: number): HotWrite {
	const row = [sessionId, participantId, itemId, value, now];
	return {
		write: (client) => client.query(UPSERT_RATINGS, columns([row])),
		merge: { kind: 'rating', key: JSON.stringify([sessionId, participantId, itemId]), row }
	};
}

export function dotsWrite(sessionId: string, { participantId, allocation }: StoredDots, now: number): HotWrite {
	const row = [sessionId, participantId, JSON.stringify(allocation), now];
	return {
		write: (client) => client.query(UPSERT_DOTS, columns([row])),
		merge: { kind: 'dots', key: JSON.stringify([sessionId, participantId]), row }
	};
}
