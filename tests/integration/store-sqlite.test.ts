import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite';
import { COLLAB_WRITES_PER_COMMIT } from '../../server/store/sqlite-collab';
import { newSession, oneOfEverything, token } from '../contract/fixture';
import { keptRecord } from '../contract/kept-contract';
import { describeStoreContract } from '../contract/store-contract';
import { tempDataDir } from '../helpers/server';
import { rowsMentioning, walCommits } from '../helpers/sqlite-files';

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

describe('the SQLite store on disk', () => {
	it('commits the sheets’ updates apart from the ratings: a rating and an append asked for in one turn are two transactions', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const file = join(data.dir, 'vaegten.db');
			const { id } = await newSession(store);
			const a = await store.joinParticipant(id, token(), 'a', 'g1', 1);
			const before = walCommits(file);
			await Promise.all([
				store.setRating(id, { participantId: a.id, itemId: 'x', value: 2 }, 2),
				store.collab.append(`${id}/g1`, [new Uint8Array([1, 2, 3])])
			]);
			// The append's connection does not fsync its commits (synchronous = NORMAL); the rating's does.
			expect(walCommits(file) - before).toBe(2);
			expect(await store.collab.load(`${id}/g1`)).toEqual([new Uint8Array([1, 2, 3])]);
			expect(await store.ratings(id)).toEqual([{ participantId: a.id, itemId: 'x', value: 2 }]);
		} finally {
			await store.close();
			data.remove();
		}
	});

	it('commits a turn of many documents’ appends in slices of COLLAB_WRITES_PER_COMMIT, every update of each', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const file = join(data.dir, 'vaegten.db');
			const { id } = await newSession(store);
			const docs = Array.from({ length: 2 * COLLAB_WRITES_PER_COMMIT + 1 }, (_, g) => `${id}/g${g + 1}`);
			const before = walCommits(file);
			await Promise.all(docs.map((doc, g) => store.collab.append(doc, [new Uint8Array([g]), new Uint8Array([g, 1])])));
			// The event loop is held by one slice at a time, not by a hundred groups' flush at once.
			expect(walCommits(file) - before).toBe(3);
			for (const [g, doc] of docs.entries()) expect(await store.collab.load(doc)).toEqual([new Uint8Array([g]), new Uint8Array([g, 1])]);
		} finally {
			await store.close();
			data.remove();
		}
	});

	it('leaves no row of a deleted session in any table', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const file = join(data.dir, 'vaegten.db');
			const { id } = await newSession(store);
			await oneOfEverything(store, id);
			const before = rowsMentioning(file, id);
			expect(before).toEqual({ sessions: 1, participants: 1, ratings: 1, published_ratings: 1, dots: 1, collab_updates: 1, kept_results: 0 });

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
			await oneOfEverything(store, id);
			await store.keepResults(keptRecord(id, 1_000));
			const before = rowsMentioning(file, id);
			expect(before).toEqual({ sessions: 1, participants: 1, ratings: 1, published_ratings: 1, dots: 1, collab_updates: 1, kept_results: 1 });

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
