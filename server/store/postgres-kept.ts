import type pg from 'pg';
import { fromKeptRow, toKeptRow, type KeptRow } from './kept-rows';
import type { Store } from './types';

type KeptMethods = Pick<Store, 'keepResults' | 'keptResults' | 'deleteKeptResults' | 'keptResultsBefore'>;

/** Kept results in PostgreSQL (table kept_results, migration 2). Not fenced: they outlive the session and its lease. */
export function postgresKept(pool: pg.Pool): KeptMethods {
	return {
		async keepResults(record) {
			const row = toKeptRow(record);
			await pool.query(
				`INSERT INTO kept_results (session_id, key_hash, retain_from, content) VALUES ($1, $2, $3, $4)
				 ON CONFLICT (session_id) DO UPDATE SET key_hash = excluded.key_hash, retain_from = excluded.retain_from, content = excluded.content`,
				[row.session_id, row.key_hash, row.retain_from, row.content]
			);
		},
		async keptResults(sessionId) {
			return fromKeptRow((await pool.query<KeptRow>('SELECT * FROM kept_results WHERE session_id = $1', [sessionId])).rows[0]);
		},
		async deleteKeptResults(sessionId) {
			await pool.query('DELETE FROM kept_results WHERE session_id = $1', [sessionId]);
		},
		async keptResultsBefore(before) {
			return (await pool.query<{ id: string }>('SELECT session_id AS id FROM kept_results WHERE retain_from < $1', [before])).rows.map((row) => row.id);
		}
	};
}
