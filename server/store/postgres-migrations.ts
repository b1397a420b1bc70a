import type pg from 'pg';
import { HOT_BATCH_FUNCTION } from './postgres-hot-function';

/**
 * One step of the PostgreSQL schema. Steps are applied in order and never edited once
 * released: a change to the schema is a new step at the end.
 */
export interface PgMigration {
	/** 1, 2, 3, …: its row in `schema_migrations` once applied. */
	version: number;
	up: string;
}

/**
 * The schema: SQLite's tables (server/store/sqlite-migrations.ts) as they are now, plus the
 * leases. Times the app sets are epoch ms (bigint); lease expiry is the database's clock.
 * States and contents are JSON kept as text, byte for byte as written (jsonb would refuse
 * a `\u0000` a title may hold).
 */
export const pgMigrations: PgMigration[] = [
	{
		version: 1,
		up: `
CREATE TABLE sessions (
	id text PRIMARY KEY,
	code text NOT NULL CONSTRAINT sessions_code_key UNIQUE,
	key_hash text NOT NULL,
	created_at bigint NOT NULL,
	updated_at bigint NOT NULL,
	state text NOT NULL,
	version integer NOT NULL DEFAULT 1
);
CREATE INDEX sessions_created_at ON sessions (created_at);
CREATE TABLE participants (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	token_hash text NOT NULL,
	nickname text NOT NULL,
	group_id text,
	created_at bigint NOT NULL,
	UNIQUE (session_id, token_hash)
);
CREATE TABLE ratings (
	session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	participant_id bigint NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
	item_id text NOT NULL,
	value smallint NOT NULL CHECK (value BETWEEN 0 AND 4),
	updated_at bigint NOT NULL,
	published smallint,
	PRIMARY KEY (session_id, participant_id, item_id)
);
CREATE INDEX ratings_participant ON ratings (participant_id);
CREATE TABLE dots (
	session_id text NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	participant_id bigint NOT NULL REFERENCES participants (id) ON DELETE CASCADE,
	allocation text NOT NULL,
	updated_at bigint NOT NULL,
	published text,
	PRIMARY KEY (session_id, participant_id)
);
CREATE INDEX dots_participant ON dots (participant_id);
-- The groups' Yjs documents (server/store/postgres-collab.ts): one row per update.
CREATE TABLE collab_updates (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	doc text NOT NULL,
	data bytea NOT NULL
);
CREATE INDEX collab_updates_doc ON collab_updates (doc text_pattern_ops, id);
CREATE TABLE templates (
	id text PRIMARY KEY,
	seq bigint GENERATED ALWAYS AS IDENTITY,
	name text NOT NULL,
	owner_key_hash text NOT NULL,
	created_at bigint NOT NULL,
	content text NOT NULL
);
-- Which process holds a session (server/store/types.ts, Leases). The row outlives a release,
-- so epochs only grow; it goes with its session.
CREATE TABLE leases (
	session_id text PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
	owner text NOT NULL,
	epoch bigint NOT NULL,
	expires_at timestamptz NOT NULL
);
CREATE INDEX leases_owner ON leases (owner);`
	},
	{
		version: 2,
		// What a follow-up compares against, kept after the session's raw data is gone
		// (server/store/types.ts, KeptResults): no reference to `sessions`, for it outlives it.
		up: `
CREATE TABLE kept_results (
	session_id text PRIMARY KEY,
	key_hash text NOT NULL,
	retain_from bigint NOT NULL,
	content text NOT NULL
);
CREATE INDEX kept_results_retain_from ON kept_results (retain_from);`
	},
	// The one call that commits a batch of hot writes (server/store/postgres-batch.ts).
	{ version: 3, up: HOT_BATCH_FUNCTION }
];

/** The advisory lock every migrating process takes first: one migrates, the others wait and find it done. */
const MIGRATION_LOCK = "hashtext('vaegten.schema_migrations')";

/**
 * Brings the database up to the last step, each step in its own transaction, each taken after
 * the migration lock (so two processes starting at once cannot both apply a step): a failing
 * step leaves the database at the step before. A database of a newer release is refused.
 */
export async function migratePostgres(pool: pg.Pool, steps: PgMigration[] = pgMigrations): Promise<void> {
	steps.forEach((step, index) => {
		if (step.version !== index + 1) throw new Error(`Migration ${index + 1} is numbered ${step.version}.`);
	});
	const client = await pool.connect();
	try {
		for (;;) {
			await client.query('BEGIN');
			try {
				await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
				await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())');
				const { rows } = await client.query<{ current: number | null }>('SELECT max(version) AS current FROM schema_migrations');
				const current = rows[0].current ?? 0;
				if (current > steps.length) throw new Error(`The database is at schema version ${current}, newer than this release knows (${steps.length}); start the newer release.`);
				const step = steps[current];
				if (step) {
					await client.query(step.up);
					await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [step.version]);
				}
				await client.query('COMMIT');
				if (!step) return;
			} catch (error) {
				await client.query('ROLLBACK');
				throw error;
			}
		}
	} finally {
		client.release();
	}
}
