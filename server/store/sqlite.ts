import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionState } from '../../src/lib/session/state';
import { CodeTakenError, StaleStateError, UnknownParticipantError } from './errors';
import { groupCommit } from './group-commit';
import { openSqliteCollab } from './sqlite-collab';
import { sqliteKept } from './sqlite-kept';
import { FOLD, sqlitePublishedRatings, type FoldPolicy } from './sqlite-published';
import { migrate } from './sqlite-migrations';
import { oneProcessExclusively, oneProcessLeases, oneProcessSignals } from './one-process';
import type { Member, Membership, NewSession, Store, StoredRating, TemplateSummary } from './types';
import { toRecord, type SessionRow } from './session-row';

/**
 * Deleted rows leave nothing readable behind: `secure_delete` overwrites them with zeros in
 * the database, and a TRUNCATE checkpoint moves every page out of the WAL (where older
 * versions of the same pages stay until overwritten) and empties it.
 */
function forgetDeleted(db: Database.Database): void {
	// Only another connection reading at this moment could keep it from finishing (this
	// process has one); the next deletion, and closing the store, empty the WAL again.
	db.pragma('wal_checkpoint(TRUNCATE)');
}

/**
 * SQLite in WAL mode with synchronous=FULL: a resolved write is on disk, but for the Yjs
 * documents' updates, which have a connection of their own with synchronous=NORMAL
 * (`openSqliteCollab`: they survive a crash of the process, not always a power cut). Deleted
 * data is gone from the files too (`forgetDeleted`).
 */
export function openSqliteStore(dataDir: string, fileName = 'vaegten.db', fold: FoldPolicy = FOLD): Store {
	mkdirSync(dataDir, { recursive: true });
	const db = new Database(join(dataDir, fileName));
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.pragma('secure_delete = ON');
	db.pragma('foreign_keys = ON');
	db.pragma('busy_timeout = 5000');
	try {
		migrate(db);
	} catch (error) {
		db.close();
		throw error;
	}

	const statements = {
		insertSession: db.prepare(
			'INSERT INTO sessions (id, code, key_hash, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?)'
		),
		sessionById: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
		sessionByCode: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE code = ?'),
		saveState: db.prepare('UPDATE sessions SET state = ?, updated_at = ?, version = version + 1 WHERE id = ? AND version = ?'),
		findParticipant: db.prepare<[string, string], Member>(
			'SELECT id, nickname, group_id AS groupId FROM participants WHERE session_id = ? AND token_hash = ?'
		),
		insertParticipant: db.prepare(
			'INSERT INTO participants (session_id, token_hash, nickname, group_id, created_at) VALUES (?, ?, ?, ?, ?)'
		),
		participants: db.prepare<[string], Member>(
			'SELECT id, nickname, group_id AS groupId FROM participants WHERE session_id = ? ORDER BY id'
		),
		moveParticipant: db.prepare('UPDATE participants SET group_id = ? WHERE session_id = ? AND id = ?'),
		upsertRating: db.prepare(
			`INSERT INTO ratings (session_id, participant_id, item_id, value, updated_at) VALUES (?, ?, ?, ?, ?)
			 ON CONFLICT (session_id, participant_id, item_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`
		),
		deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
		// A session's documents are named `<session id>/…` (server/collab/upgrade.ts).
		deleteDocuments: db.prepare<{ prefix: string }>('DELETE FROM collab_updates WHERE substr(doc, 1, length(:prefix)) = :prefix'),
		clearDots: db.prepare('DELETE FROM dots WHERE session_id = ?'),
		createdBefore: db.prepare<[number], { id: string }>('SELECT id FROM sessions WHERE created_at < ?'),
		setDots: db.prepare(
			`INSERT INTO dots (session_id, participant_id, allocation, updated_at) VALUES (?, ?, ?, ?)
			 ON CONFLICT (session_id, participant_id) DO UPDATE SET allocation = excluded.allocation, updated_at = excluded.updated_at`
		),
		dots: db.prepare<[string], { participantId: number; allocation: string; published: string | null }>(
			'SELECT participant_id AS participantId, allocation, published FROM dots WHERE session_id = ?'
		),
		publishDots: db.prepare('UPDATE dots SET published = ? WHERE session_id = ? AND participant_id = ?'),
		countTemplates: db.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM templates'),
		insertTemplate: db.prepare('INSERT INTO templates (id, name, owner_key_hash, created_at, content) VALUES (?, ?, ?, ?, ?)'),
		templates: db.prepare<[], TemplateSummary>('SELECT id, name, created_at AS createdAt FROM templates ORDER BY created_at DESC, rowid DESC'),
		templateById: db.prepare<[string], { id: string; name: string; owner_key_hash: string; created_at: number; content: string }>(
			'SELECT * FROM templates WHERE id = ?'
		),
		deleteTemplate: db.prepare('DELETE FROM templates WHERE id = ?'),
		ratings: db.prepare<[string], { participantId: number; itemId: string; value: number; published: number | null }>(
			'SELECT participant_id AS participantId, item_id AS itemId, value, published FROM ratings WHERE session_id = ?'
		)
	};

	const findOrJoin = db.transaction(
		(sessionId: string, tokenHash: string, nickname: string, groupId: string | null, now: number) => {
			const found = statements.findParticipant.get(sessionId, tokenHash);
			if (found) return { ...found, created: false };
			const { lastInsertRowid } = statements.insertParticipant.run(sessionId, tokenHash, nickname, groupId, now);
			return { id: Number(lastInsertRowid), nickname, groupId, created: true };
		}
	);
	/** Compare and swap: the row changes only at `expectedVersion`; returns the next one. */
	const saveState = (state: SessionState, expectedVersion: number): number => {
		const { changes } = statements.saveState.run(JSON.stringify(state), Date.now(), state.id, expectedVersion);
		if (changes === 0) throw new StaleStateError(state.id, expectedVersion);
		return expectedVersion + 1;
	};
	const saveGroups = db.transaction((state: SessionState, expectedVersion: number, moves: Membership[]) => {
		const version = saveState(state, expectedVersion);
		for (const move of moves) {
			const { changes } = statements.moveParticipant.run(move.groupId, state.id, move.participantId);
			if (changes === 0) throw new UnknownParticipantError(state.id, move.participantId);
		}
		return version;
	});
	const published = sqlitePublishedRatings(db, fold);
	const deleteSession = db.transaction((sessionId: string) => {
		// Participants, ratings, their published log and dots go with it (ON DELETE CASCADE).
		statements.deleteSession.run(sessionId);
		statements.deleteDocuments.run({ prefix: `${sessionId}/` });
	});

	const saveTemplate = db.transaction((record: Parameters<Store['saveTemplate']>[0], limit: number) => {
		if (statements.countTemplates.get()!.count >= limit) return false;
		statements.insertTemplate.run(record.id, record.name, record.ownerKeyHash, record.createdAt, JSON.stringify(record.content));
		return true;
	});

	// The writes a room of phones makes all the time (joins, ratings, dots) are committed together,
	// one transaction per turn of the event loop; the rest commit on their own. Group text has its own.
	const grouped = groupCommit(db);
	const collab = openSqliteCollab(db.name);

	return {
		collab: collab.store,
		// One process on the file: it owns every session it loads.
		leases: oneProcessLeases(),
		signals: oneProcessSignals(),
		exclusively: oneProcessExclusively(),
		async createSession(record: NewSession) {
			const { id, code, keyHash, createdAt, state } = record;
			try {
				statements.insertSession.run(id, code, keyHash, createdAt, createdAt, JSON.stringify(state));
			} catch (error) {
				// The UNIQUE constraint decides, so two creates with one code cannot both succeed.
				if (error instanceof Database.SqliteError && error.code === 'SQLITE_CONSTRAINT_UNIQUE' && error.message.includes('sessions.code')) throw new CodeTakenError();
				throw error;
			}
		},
		async sessionById(id) {
			return toRecord(statements.sessionById.get(id));
		},
		async sessionByCode(code) {
			return toRecord(statements.sessionByCode.get(code));
		},
		async saveState(state, expectedVersion) {
			return saveState(state, expectedVersion);
		},
		async saveGroups(state, expectedVersion, moves) {
			return saveGroups(state, expectedVersion, moves);
		},
		async joinParticipant(sessionId, tokenHash, nickname, groupIfNew, now) {
			// A join storm's participants commit with the turn's other writes, not one transaction each.
			return grouped(() => findOrJoin(sessionId, tokenHash, nickname, groupIfNew, now));
		},
		async participantByToken(sessionId, tokenHash) {
			return statements.findParticipant.get(sessionId, tokenHash);
		},
		async participants(sessionId) {
			return statements.participants.all(sessionId);
		},
		setRating(sessionId, rating, now) {
			// Not async: one promise per rating fewer, in the path a room of phones takes most.
			return grouped(() => void statements.upsertRating.run(sessionId, rating.participantId, rating.itemId, rating.value, now));
		},
		async ratings(sessionId) {
			const logged = published.lookup(sessionId);
			return statements.ratings.all(sessionId).map(({ published: folded, ...rating }): StoredRating => {
				const value = logged(rating) ?? folded;
				return value === null ? rating : { ...rating, published: value };
			});
		},
		async markPublished(sessionId, { ratings, dots }) {
			// At once, with the ratings queued before it: the screens wait for this batch, and the
			// turn's end may be a long poll of a busy room's sockets away.
			await grouped.now(() => {
				published.append(sessionId, ratings);
				for (const { participantId, allocation } of dots) statements.publishDots.run(JSON.stringify(allocation), sessionId, participantId);
			});
		},
		async setDots(sessionId, { participantId, allocation }, now) {
			const json = JSON.stringify(allocation);
			await grouped(() => statements.setDots.run(sessionId, participantId, json, now));
		},
		async clearDots(sessionId) {
			statements.clearDots.run(sessionId);
		},
		async deleteSession(sessionId) {
			deleteSession(sessionId);
			published.forget(sessionId);
			forgetDeleted(db);
		},
		async sessionsCreatedBefore(before) {
			return statements.createdBefore.all(before).map((row) => row.id);
		},
		...sqliteKept(db, () => forgetDeleted(db)),
		async saveTemplate(record, limit) {
			return saveTemplate(record, limit);
		},
		async templates() {
			return statements.templates.all();
		},
		async templateById(id) {
			const row = statements.templateById.get(id);
			return row && { id: row.id, name: row.name, ownerKeyHash: row.owner_key_hash, createdAt: row.created_at, content: JSON.parse(row.content) };
		},
		async deleteTemplate(id) {
			statements.deleteTemplate.run(id);
		},
		async dots(sessionId) {
			return statements.dots.all(sessionId).map((row) => ({
				participantId: row.participantId,
				allocation: JSON.parse(row.allocation),
				...(row.published === null ? {} : { published: JSON.parse(row.published) })
			}));
		},
		async close() {
			grouped.flush();
			collab.close();
			db.close();
		}
	};
}
