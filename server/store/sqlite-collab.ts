import type { Database } from 'better-sqlite3';
import type { CollabStore } from '../collab/types';
import { groupCommit, type GroupCommit } from './group-commit';

/** better-sqlite3 binds Buffers as BLOBs; this view shares the update's memory. */
const blob = (update: Uint8Array): Buffer => Buffer.from(update.buffer, update.byteOffset, update.byteLength);

/**
 * The Yjs documents' updates, one row each, in the app's database (opened elsewhere, in WAL
 * mode, its table made by server/store/sqlite-migrations.ts). Appends join the store's group
 * commit; every write has committed when its promise resolves.
 */
export function sqliteCollabStore(db: Database, grouped: GroupCommit = groupCommit(db)): CollabStore {
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
