import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite';
import { newSession, token } from '../contract/fixture';
import { keptRecord } from '../contract/kept-contract';
import { describeStoreContract } from '../contract/store-contract';
import { tempDataDir } from '../helpers/server';

describeStoreContract('SQLite', async () => {
	const data = tempDataDir();
	const store = openSqliteStore(data.dir);
	return {
		store,
		another: async () => openSqliteStore(data.dir),
		async dispose() {
			await store.close();
			data.remove();
		}
	};
});

/** Every row of every table that mentions the session, by its `session_id` column or a document name. */
function rowsMentioning(file: string, sessionId: string): Record<string, number> {
	const db = new Database(file, { readonly: true });
	try {
		const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
		const counts: Record<string, number> = {};
		for (const { name } of tables) {
			const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${name})`).all().map((column) => column.name);
			const where = [
				columns.includes('session_id') && 'session_id = :id',
				columns.includes('doc') && "substr(doc, 1, length(:id) + 1) = :id || '/'",
				name === 'sessions' && 'id = :id'
			].filter(Boolean);
			if (where.length === 0) continue;
			counts[name] = db.prepare<{ id: string }, { n: number }>(`SELECT count(*) AS n FROM ${name} WHERE ${where.join(' OR ')}`).get({ id: sessionId })!.n;
		}
		return counts;
	} finally {
		db.close();
	}
}

describe('the SQLite store on disk', () => {
	it('leaves no row of a deleted session in any table', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const file = join(data.dir, 'vaegten.db');
			const { id } = await newSession(store);
			const a = await store.joinParticipant(id, token(), 'a', 'g1', 1);
			await store.setRating(id, { participantId: a.id, itemId: 'x', value: 2 }, 2);
			await store.setDots(id, { participantId: a.id, allocation: { c1: 1 } }, 2);
			await store.markPublished(id, { ratings: [{ participantId: a.id, itemId: 'x', value: 2 }], dots: [{ participantId: a.id, allocation: { c1: 1 } }] });
			await store.collab.append(`${id}/g1`, [new Uint8Array([1, 2, 3])]);
			const before = rowsMentioning(file, id);
			expect(before).toEqual({ sessions: 1, participants: 1, ratings: 1, dots: 1, collab_updates: 1, kept_results: 0 });

			await store.deleteSession(id);
			expect(rowsMentioning(file, id)).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));
		} finally {
			await store.close();
			data.remove();
		}
	});

	it('keeps only the kept results of a session whose raw data went: no row about any person, until they are deleted too', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const file = join(data.dir, 'vaegten.db');
			const { id } = await newSession(store);
			const a = await store.joinParticipant(id, token(), 'a', 'g1', 1);
			await store.setRating(id, { participantId: a.id, itemId: 'x', value: 2 }, 2);
			await store.setDots(id, { participantId: a.id, allocation: { c1: 1 } }, 2);
			await store.markPublished(id, { ratings: [{ participantId: a.id, itemId: 'x', value: 2 }], dots: [{ participantId: a.id, allocation: { c1: 1 } }] });
			await store.collab.append(`${id}/g1`, [new Uint8Array([1, 2, 3])]);
			await store.keepResults(keptRecord(id, 1_000));
			const before = rowsMentioning(file, id);
			expect(before).toEqual({ sessions: 1, participants: 1, ratings: 1, dots: 1, collab_updates: 1, kept_results: 1 });

			await store.deleteSession(id);
			expect(rowsMentioning(file, id)).toEqual({ ...Object.fromEntries(Object.keys(before).map((table) => [table, 0])), kept_results: 1 });
			expect(JSON.stringify(await store.keptResults(id))).not.toMatch(/"a"|nickname|token/);
			await store.deleteKeptResults(id);
			expect(rowsMentioning(file, id)).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));
		} finally {
			await store.close();
			data.remove();
		}
	});
});
