import Database from 'better-sqlite3';
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../server/store/sqlite';
import type { StoredRating } from '../../server/store/types';
import { newSession, token } from '../contract/fixture';
import { tempDataDir } from '../helpers/server';

/** Reads the file beside the store, as another process would. */
function inFile<T>(dir: string, read: (db: Database.Database) => T): T {
	const db = new Database(join(dir, 'vaegten.db'), { readonly: true });
	try {
		return read(db);
	} finally {
		db.close();
	}
}

const logEntries = (dir: string, id: string) =>
	inFile(dir, (db) => db.prepare<[string], { rows: number; entries: number }>('SELECT count(*) AS rows, COALESCE(SUM(entries), 0) AS entries FROM published_ratings WHERE session_id = ?').get(id)!);

const sorted = (rows: StoredRating[]) => [...rows].sort((a, b) => a.participantId - b.participantId || a.itemId.localeCompare(b.itemId));

describe('what results batches published, in SQLite', () => {
	it('stores a batch as one appended row, not a write to each rating it publishes', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const { id } = await newSession(store);
			const people = await Promise.all(Array.from({ length: 30 }, () => store.joinParticipant(id, token(), '', null, 1)));
			const batch = people.map((person, index) => ({ participantId: person.id, itemId: `i${index % 4}`, value: index % 5 }));
			await Promise.all(batch.map((rating) => store.setRating(id, rating, 2)));

			await store.markPublished(id, { ratings: batch, dots: [] });

			expect(logEntries(data.dir, id)).toEqual({ rows: 1, entries: 30 });
			expect(inFile(data.dir, (db) => db.prepare('SELECT count(*) AS n FROM ratings WHERE published IS NOT NULL').get())).toEqual({ n: 0 });
			expect(sorted(await store.ratings(id))).toEqual(sorted(batch.map((rating) => ({ ...rating, published: rating.value }))));
		} finally {
			await store.close();
			data.remove();
		}
	});

	it('stores a batch at once, with the ratings asked for before it, instead of at the end of the turn', async () => {
		const data = tempDataDir();
		const store = openSqliteStore(data.dir);
		try {
			const { id } = await newSession(store);
			const person = await store.joinParticipant(id, token(), '', null, 1);
			const rating = { participantId: person.id, itemId: 'i0', value: 3 };
			const order: string[] = [];
			setImmediate(() => order.push('the turn ended'));
			const rated = store.setRating(id, rating, 2).then(() => order.push('rated'));
			const published = store.markPublished(id, { ratings: [rating], dots: [] }).then(() => order.push('published'));
			// In the file already, both: another process reading now finds them.
			expect(logEntries(data.dir, id)).toEqual({ rows: 1, entries: 1 });
			await Promise.all([rated, published]);
			expect(order).toEqual(['rated', 'published']);
			expect(await store.ratings(id)).toEqual([{ ...rating, published: 3 }]);
		} finally {
			await store.close();
			data.remove();
		}
	});

	it('reads, after any run of sets and batches and a restart, the latest value and the last published one; the log stays within its fold policy', async () => {
		const policy = { floor: 6, ratio: 1 };
		const op = fc.oneof(
			fc.record({ kind: fc.constant('set' as const), who: fc.nat(3), item: fc.constantFrom('a', 'b'), value: fc.nat(4) }),
			fc.record({ kind: fc.constant('publish' as const), picks: fc.array(fc.record({ who: fc.nat(3), item: fc.constantFrom('a', 'b') }), { minLength: 1, maxLength: 5 }) })
		);
		await fc.assert(
			fc.asyncProperty(fc.array(op, { minLength: 10, maxLength: 40, size: 'max' }), async (ops) => {
				const data = tempDataDir();
				let store = openSqliteStore(data.dir, 'vaegten.db', policy);
				try {
					const { id } = await newSession(store);
					const people = await Promise.all([0, 1, 2, 3].map(() => store.joinParticipant(id, token(), '', null, 1)));
					const model = new Map<string, StoredRating>();
					for (const step of ops) {
						if (step.kind === 'set') {
							const participantId = people[step.who].id;
							await store.setRating(id, { participantId, itemId: step.item, value: step.value }, 2);
							const was = model.get(`${participantId}:${step.item}`);
							model.set(`${participantId}:${step.item}`, { ...was, participantId, itemId: step.item, value: step.value });
						} else {
							// The room publishes only what has been set: a pick of something never rated is left out.
							const ratings = step.picks.map(({ who, item }) => model.get(`${people[who].id}:${item}`)).filter((rating) => rating !== undefined);
							const batch = ratings.map(({ participantId, itemId, value }) => ({ participantId, itemId, value }));
							await store.markPublished(id, { ratings: batch, dots: [] });
							for (const rating of batch) model.set(`${rating.participantId}:${rating.itemId}`, { ...rating, published: rating.value });
						}
						const { entries } = logEntries(data.dir, id);
						expect(entries).toBeLessThanOrEqual(Math.max(policy.floor, policy.ratio * model.size) + 5);
					}
					expect(sorted(await store.ratings(id))).toEqual(sorted([...model.values()]));
					await store.close();
					store = openSqliteStore(data.dir, 'vaegten.db', policy);
					expect(sorted(await store.ratings(id))).toEqual(sorted([...model.values()]));
				} finally {
					await store.close();
					data.remove();
				}
			}),
			{ numRuns: 40 }
		);
	});
});
