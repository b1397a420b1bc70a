import type Database from 'better-sqlite3';
import { fromKeptRow, toKeptRow, type KeptRow } from './kept-rows';
import type { Store } from './types';

type KeptMethods = Pick<Store, 'keepResults' | 'keptResults' | 'deleteKeptResults' | 'keptResultsBefore'>;

/** Kept results in SQLite (table kept_results, migration 8); `forget` empties the WAL after a deletion. */
export function sqliteKept(db: Database.Database, forget: () => void): KeptMethods {
	const statements = {
		keep: db.prepare<KeptRow>(
			`INSERT INTO kept_results (session_id, key_hash, retain_from, content) VALUES (:session_id, :key_hash, :retain_from, :content)
			 ON CONFLICT (session_id) DO UPDATE SET key_hash = excluded.key_hash, retain_from = excluded.retain_from, content = excluded.content`
		),
		byId: db.prepare<[string], KeptRow>('SELECT * FROM kept_results WHERE session_id = ?'),
		remove: db.prepare('DELETE FROM kept_results WHERE session_id = ?'),
		before: db.prepare<[number], { id: string }>('SELECT session_id AS id FROM kept_results WHERE retain_from < ?')
	};
	return {
		async keepResults(record) {
			statements.keep.run(toKeptRow(record));
		},
		async keptResults(sessionId) {
			return fromKeptRow(statements.byId.get(sessionId));
		},
		async deleteKeptResults(sessionId) {
			if (statements.remove.run(sessionId).changes > 0) forget();
		},
		async keptResultsBefore(before) {
			return statements.before.all(before).map((row) => row.id);
		}
	};
}
