import type { Database } from 'better-sqlite3';

/**
 * One step of the SQLite schema. Steps are applied in order and never edited once released:
 * a change to the schema is a new step at the end.
 */
export interface Migration {
	/** 1, 2, 3, …: the database's `PRAGMA user_version` once this step is applied. */
	version: number;
	up: string;
	/**
	 * Databases made before the steps were numbered have user_version 0 and whatever schema
	 * their release had: true when this step is in such a database already (and is skipped).
	 */
	presentBefore(db: Database): boolean;
}

const hasTable = (db: Database, table: string): boolean =>
	db.prepare<[string], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;

const hasColumn = (db: Database, table: string, column: string): boolean =>
	db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).some((row) => row.name === column);

/** The schema's history, release by release (the first five are what releases before numbering made). */
export const migrations: Migration[] = [
	{
		version: 1,
		up: `
CREATE TABLE sessions (
	id TEXT PRIMARY KEY,
	code TEXT NOT NULL UNIQUE,
	key_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL,
	state TEXT NOT NULL
);
CREATE TABLE participants (
	id INTEGER PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	token_hash TEXT NOT NULL,
	nickname TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	UNIQUE (session_id, token_hash)
);
CREATE TABLE ratings (
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	item_id TEXT NOT NULL,
	value INTEGER NOT NULL CHECK (value BETWEEN 0 AND 4),
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (session_id, participant_id, item_id)
) WITHOUT ROWID;`,
		presentBefore: (db) => hasTable(db, 'sessions')
	},
	{
		version: 2,
		up: 'ALTER TABLE participants ADD COLUMN group_id TEXT;',
		presentBefore: (db) => hasColumn(db, 'participants', 'group_id')
	},
	{
		version: 3,
		// The groups' Yjs documents (server/store/sqlite-collab.ts): one row per update.
		up: `
CREATE TABLE collab_updates (
	id INTEGER PRIMARY KEY,
	doc TEXT NOT NULL,
	data BLOB NOT NULL
);
CREATE INDEX collab_updates_doc ON collab_updates (doc, id);`,
		presentBefore: (db) => hasTable(db, 'collab_updates')
	},
	{
		version: 4,
		up: `
CREATE TABLE dots (
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
	allocation TEXT NOT NULL,
	updated_at INTEGER NOT NULL,
	PRIMARY KEY (session_id, participant_id)
) WITHOUT ROWID;`,
		presentBefore: (db) => hasTable(db, 'dots')
	},
	{
		version: 5,
		up: `
CREATE TABLE templates (
	id TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	owner_key_hash TEXT NOT NULL,
	created_at INTEGER NOT NULL,
	content TEXT NOT NULL
);`,
		presentBefore: (db) => hasTable(db, 'templates')
	},
	{
		version: 6,
		// What the last results batch published (src/lib/session/publication.ts).
		up: 'ALTER TABLE ratings ADD COLUMN published INTEGER; ALTER TABLE dots ADD COLUMN published TEXT;',
		presentBefore: (db) => hasColumn(db, 'ratings', 'published') && hasColumn(db, 'dots', 'published')
	},
	{
		version: 7,
		// Compare and swap for saveState (server/store/types.ts): every session starts at 1.
		up: 'ALTER TABLE sessions ADD COLUMN version INTEGER NOT NULL DEFAULT 1;',
		presentBefore: () => false
	},
	{
		version: 8,
		// What a follow-up compares against, kept after the session's raw data is gone
		// (server/store/types.ts, KeptResults): no reference to `sessions`, for it outlives it.
		up: `
CREATE TABLE kept_results (
	session_id TEXT PRIMARY KEY,
	key_hash TEXT NOT NULL,
	retain_from INTEGER NOT NULL,
	content TEXT NOT NULL
);
CREATE INDEX kept_results_retain_from ON kept_results (retain_from);`,
		presentBefore: () => false
	},
	{
		version: 9,
		// What results batches published of the ratings, one row per batch (server/store/sqlite-published.ts):
		// `body` is [participant id, item id, value, …]; ratings.published holds what was folded.
		up: `
CREATE TABLE published_ratings (
	id INTEGER PRIMARY KEY,
	session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
	entries INTEGER NOT NULL,
	body TEXT NOT NULL
);
CREATE INDEX published_ratings_session ON published_ratings (session_id, id);`,
		presentBefore: () => false
	}
];

/**
 * Brings the database up to the last step, all steps in one transaction (taken before the
 * version is read, so two processes opening one file cannot both migrate it): afterwards it
 * is at the last version, or, if a step fails, exactly as it was. A database of a newer
 * release than this one is refused.
 */
export function migrate(db: Database, steps: Migration[] = migrations): void {
	steps.forEach((step, index) => {
		if (step.version !== index + 1) throw new Error(`Migration ${index + 1} is numbered ${step.version}.`);
	});
	const latest = steps.length;
	db.transaction(() => {
		const current = db.pragma('user_version', { simple: true }) as number;
		if (current > latest) throw new Error(`The database is at schema version ${current}, newer than this release knows (${latest}); start the newer release.`);
		for (const step of steps.slice(current)) {
			if (current === 0 && step.presentBefore(db)) continue;
			db.exec(step.up);
		}
		if (current !== latest) db.pragma(`user_version = ${latest}`);
	}).immediate();
}
