import Database from 'better-sqlite3';
import type { CollabStore } from '../collab/types';
import { groupCommit, type GroupCommit } from './group-commit';

/** better-sqlite3 binds Buffers as BLOBs; this view shares the update's memory. */
const blob = (update: Uint8Array): Buffer => Buffer.from(update.buffer, update.byteOffset, update.byteLength);

/**
 * The Yjs documents' updates, one row each, in the app's database (opened elsewhere, in WAL
 * mode, its table made by server/store/sqlite-migrations.ts). Appends join `grouped`, the
 * connection's group commit; every write has committed when its promise resolves.
 */
export function sqliteCollabStore(db: Database.Database, grouped: GroupCommit = groupCommit(db)): CollabStore {
	const statements = {
		load: db.prepare<[string], { data: Buffer }>('SELECT data FROM collab_updates WHERE doc = ? ORDER BY id'),
		insert: db.prepare<[string, Buffer]>('INSERT INTO collab_updates (doc, data) VALUES (?, ?)'),
		remove: db.prepare<[string]>('DELETE FROM collab_updates WHERE doc = ?'),
		// Not LIKE: it ignores case and reads `_` (allowed in names) as a wildcard.
		removePrefix: db.prepare<{ prefix: string }>('DELETE FROM collab_updates WHERE substr(doc, 1, length(:prefix)) = :prefix')
	};

	const append = db.transaction((doc: string, updates: Uint8Array[]) => {
		for (const update of updates) statements.insert.run(doc, blob(update));
	});
	const compact = db.transaction((doc: string, snapshot: Uint8Array) => {
		statements.remove.run(doc);
		statements.insert.run(doc, blob(snapshot));
	});

	return {
		async load(docName) {
			return statements.load.all(docName).map((row) => new Uint8Array(row.data));
		},
		async append(docName, updates) {
			await grouped(() => append(docName, updates));
		},
		async compact(docName, snapshot) {
			compact(docName, snapshot);
		},
		async removeAll(prefix) {
			statements.removePrefix.run({ prefix });
		}
	};
}

/**
 * At most this many documents' appends per transaction: a flush of a hundred groups' typing
 * commits in slices (each about 0.3 ms of the event loop), with the turns between them free
 * for the next keystrokes, instead of holding the loop for one commit of every group's rows.
 * Without an fsync per commit, slicing costs little; the WAL gets a few pages more per slice.
 */
export const COLLAB_WRITES_PER_COMMIT = 16;

/**
 * The collab store on a connection of its own to the app's database `file` (migrated already),
 * with `synchronous = NORMAL`: a resolved append is in the WAL, written but not fsync'd. It
 * survives the process crashing (the OS has it); a power cut or an OS crash may lose the commits
 * since the WAL was last synced: the next checkpoint, or the next commit of the ratings'
 * connection (FULL), whose fsync covers every frame before its own. Yjs mends that loss: a
 * phone that reconnects is sent the server's state vector and sends back whatever it lacks.
 * What this buys: the every-500 ms flush of every group's typing no longer holds the event
 * loop for an fsync (7.6 ms p50, 32 ms p90 on the benchmark's disk). Ratings, joins and dots
 * keep their own connection and FULL.
 *
 * One thread, two connections: each transaction runs to its end inside one call, so the two
 * never wait for each other's lock. Deleted rows are overwritten here too (`secure_delete`).
 */
export function openSqliteCollab(file: string): { store: CollabStore; close(): void } {
	const db = new Database(file);
	try {
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
		db.pragma('secure_delete = ON');
		db.pragma('busy_timeout = 5000');
		const grouped = groupCommit(db, COLLAB_WRITES_PER_COMMIT);
		return {
			store: sqliteCollabStore(db, grouped),
			close() {
				grouped.flush();
				db.close();
			}
		};
	} catch (error) {
		db.close();
		throw error;
	}
}
