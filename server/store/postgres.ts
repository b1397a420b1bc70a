import pg from 'pg';
import type { SessionState } from '../../src/lib/session/state';
import { createLogger } from '../log';
import { CodeTakenError, LeaseLostError, StaleStateError, UnknownParticipantError } from './errors';
import { fencedTransaction, pgBatch, transaction } from './postgres-batch';
import { postgresCollabStore } from './postgres-collab';
import { postgresKept } from './postgres-kept';
import { dotsWrite, ratingWrite } from './postgres-hot-writes';
import { postgresLeases, processOwner } from './postgres-leases';
import { migratePostgres } from './postgres-migrations';
import { connectionError, postgresExclusively, postgresSignals, type StoreLog } from './postgres-signals';
import type { Member, ParticipantRecord, Store, StoredRating } from './types';
import { toRecord, type SessionRow } from './session-row';

export interface PostgresStoreOptions {
	/** This process's name in lease rows (default: host, pid and a random part); tests name two "processes" on one database. */
	owner?: string;
	/** Where dropped connections are reported (default: a warn-level log on stdout). */
	log?: StoreLog;
	/** The pool's size (default 10). */
	max?: number;
}

const MEMBER = 'id, nickname, group_id AS "groupId"';
const INT8 = 20;
// bigint columns (ids, epoch ms) are read as numbers: all stay below 2^53.
const types = { getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === INT8 ? Number : pg.types.getTypeParser(oid, format as 'text')) };

/**
 * PostgreSQL, shared by every process of the app: node-postgres with a pool, the schema from
 * postgres-migrations.ts, leases that fence every session write (postgres-leases.ts), hot
 * writes in batches (postgres-batch.ts), signals by LISTEN/NOTIFY (postgres-signals.ts).
 * Deleted rows are gone from every query at once; their bytes stay in the table files until
 * VACUUM reuses the space.
 */
export async function openPostgresStore(connectionString: string, options: PostgresStoreOptions = {}): Promise<Store> {
	const log = options.log ?? createLogger('warn');
	const pool = new pg.Pool({ connectionString, max: options.max ?? 10, types } as pg.PoolConfig);
	pool.on('error', (error) => log.warn({ error: connectionError(error) }, 'an idle database connection failed'));
	try {
		await migratePostgres(pool);
	} catch (error) {
		await pool.end();
		throw error;
	}
	const leases = postgresLeases(pool, options.owner ?? processOwner());
	const signals = postgresSignals(pool, connectionString, log);
	await signals.listening();
	const batch = pgBatch(pool, leases);
	const fenced = <T>(sessionId: string, work: (client: pg.PoolClient) => Promise<T>) => fencedTransaction(pool, leases, sessionId, work);

	/** Compare and swap inside a fenced transaction; a session that is gone is as stale as one saved by another. */
	const saveState = (state: SessionState, expectedVersion: number, then?: (client: pg.PoolClient) => Promise<void>) =>
		fenced(state.id, async (client) => {
			const { rowCount } = await client.query('UPDATE sessions SET state = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4', [
				JSON.stringify(state),
				Date.now(),
				state.id,
				expectedVersion
			]);
			if (rowCount === 0) throw new StaleStateError(state.id, expectedVersion);
			await then?.(client);
			return expectedVersion + 1;
		}).catch(async (error: unknown) => {
			if (error instanceof LeaseLostError && !(await pool.query('SELECT 1 FROM sessions WHERE id = $1', [state.id])).rowCount) throw new StaleStateError(state.id, expectedVersion);
			throw error;
		});

	return {
		collab: postgresCollabStore(pool, leases, batch),
		leases,
		signals,
		exclusively: postgresExclusively(pool),
		async createSession({ id, code, keyHash, createdAt, state }) {
			try {
				await pool.query('INSERT INTO sessions (id, code, key_hash, created_at, updated_at, state) VALUES ($1, $2, $3, $4, $4, $5)', [id, code, keyHash, createdAt, JSON.stringify(state)]);
			} catch (error) {
				// The UNIQUE constraint decides, so two creates with one code cannot both succeed.
				if ((error as pg.DatabaseError).code === '23505' && (error as pg.DatabaseError).constraint === 'sessions_code_key') throw new CodeTakenError();
				throw error;
			}
		},
		async sessionById(id) {
			return toRecord((await pool.query<SessionRow>('SELECT * FROM sessions WHERE id = $1', [id])).rows[0]);
		},
		async sessionByCode(code) {
			return toRecord((await pool.query<SessionRow>('SELECT * FROM sessions WHERE code = $1', [code])).rows[0]);
		},
		saveState: (state, expectedVersion) => saveState(state, expectedVersion),
		saveGroups: (state, expectedVersion, moves) =>
			saveState(state, expectedVersion, async (client) => {
				for (const move of moves) {
					const { rowCount } = await client.query('UPDATE participants SET group_id = $1 WHERE session_id = $2 AND id = $3', [move.groupId, state.id, move.participantId]);
					if (rowCount === 0) throw new UnknownParticipantError(state.id, move.participantId);
				}
			}),
		// In a batch: a racing join with the same token (another batch or process) makes it wait, then find that one's row.
		joinParticipant: (sessionId, tokenHash, nickname, groupId, now) =>
			batch({ kind: 'join', sessionId, tokenHash, nickname, groupId, now }) as Promise<ParticipantRecord>,
		async participantByToken(sessionId, tokenHash) {
			return (await pool.query<Member>(`SELECT ${MEMBER} FROM participants WHERE session_id = $1 AND token_hash = $2`, [sessionId, tokenHash])).rows[0];
		},
		async participants(sessionId) {
			return (await pool.query<Member>(`SELECT ${MEMBER} FROM participants WHERE session_id = $1 ORDER BY id`, [sessionId])).rows;
		},
		async setRating(sessionId, rating, now) {
			await batch(ratingWrite(sessionId, rating, now));
		},
		async ratings(sessionId) {
			const { rows } = await pool.query<StoredRating & { published: number | null }>(
				'SELECT participant_id AS "participantId", item_id AS "itemId", value, published FROM ratings WHERE session_id = $1',
				[sessionId]
			);
			return rows.map(({ published, ...rating }) => (published === null ? rating : { ...rating, published }));
		},
		async setDots(sessionId, dots, now) {
			await batch(dotsWrite(sessionId, dots, now));
		},
		async dots(sessionId) {
			const { rows } = await pool.query<{ participantId: number; allocation: string; published: string | null }>(
				'SELECT participant_id AS "participantId", allocation, published FROM dots WHERE session_id = $1',
				[sessionId]
			);
			return rows.map((row) => ({ participantId: row.participantId, allocation: JSON.parse(row.allocation), ...(row.published === null ? {} : { published: JSON.parse(row.published) }) }));
		},
		async clearDots(sessionId) {
			await fenced(sessionId, (client) => client.query('DELETE FROM dots WHERE session_id = $1', [sessionId]));
		},
		async markPublished(sessionId, published) {
			await batch({ kind: 'publish', sessionId, batch: published });
		},
		async deleteSession(sessionId) {
			await transaction(pool, async (client) => {
				// The lease row first, as every fenced write locks it first: the holder's writes in
				// flight commit before, later ones find no lease, and none deadlocks with this.
				await client.query('SELECT 1 FROM leases WHERE session_id = $1 FOR UPDATE', [sessionId]);
				// Participants, ratings, dots and the lease go with it (ON DELETE CASCADE); documents are `<id>/…`.
				await client.query('DELETE FROM sessions WHERE id = $1', [sessionId]);
				await client.query('DELETE FROM collab_updates WHERE left(doc, length($1)) = $1', [`${sessionId}/`]);
			});
		},
		async sessionsCreatedBefore(before) {
			return (await pool.query<{ id: string }>('SELECT id FROM sessions WHERE created_at < $1', [before])).rows.map((row) => row.id);
		},
		...postgresKept(pool),
		saveTemplate: (record, limit) =>
			transaction(pool, async (client) => {
				// Saves queue on this lock, so each counts what the ones before it saved.
				await client.query("SELECT pg_advisory_xact_lock(hashtext('vaegten.templates'))");
				const { rows } = await client.query<{ count: number }>('SELECT count(*) AS count FROM templates');
				if (rows[0].count >= limit) return false;
				await client.query('INSERT INTO templates (id, name, owner_key_hash, created_at, content) VALUES ($1, $2, $3, $4, $5)', [
					record.id,
					record.name,
					record.ownerKeyHash,
					record.createdAt,
					JSON.stringify(record.content)
				]);
				return true;
			}),
		async templates() {
			return (await pool.query('SELECT id, name, created_at AS "createdAt" FROM templates ORDER BY created_at DESC, seq DESC')).rows;
		},
		async templateById(id) {
			const row = (await pool.query('SELECT * FROM templates WHERE id = $1', [id])).rows[0];
			return row && { id: row.id, name: row.name, ownerKeyHash: row.owner_key_hash, createdAt: row.created_at, content: JSON.parse(row.content) };
		},
		async deleteTemplate(id) {
			await pool.query('DELETE FROM templates WHERE id = $1', [id]);
		},
		async close() {
			await batch.flush();
			await signals.close();
			await pool.end();
		}
	};
}
