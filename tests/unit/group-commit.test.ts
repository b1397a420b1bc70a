import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { groupCommit, type GroupCommit } from '../../server/store/group-commit';
import { tempDataDir } from '../helpers/server';

/** A real SQLite file in WAL mode, written through the group commit and read by a second connection. */
describe('group commit', () => {
	let data: ReturnType<typeof tempDataDir>;
	let db: Database.Database;
	let reader: Database.Database;
	let grouped: GroupCommit;
	let insert: Database.Statement<[string, number]>;
	const committed = () => reader.prepare<[], { n: number }>('SELECT count(*) AS n FROM t').get()!.n;

	beforeEach(() => {
		data = tempDataDir();
		const file = join(data.dir, 'test.db');
		db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0))');
		reader = new Database(file, { readonly: true });
		grouped = groupCommit(db);
		insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v');
	});

	afterEach(() => {
		reader.close();
		db.close();
		data.remove();
	});

	it('commits the writes of one turn in one transaction, and resolves each only after it committed', async () => {
		const seenByOthers: number[] = [];
		const writes = Array.from({ length: 50 }, (_, index) =>
			grouped(() => {
				// Another connection sees nothing of this batch until the batch commits.
				seenByOthers.push(committed());
				return insert.run(`k${index}`, index).changes;
			}).then((changes) => {
				// Resolved: already visible to everyone.
				expect(committed()).toBe(50);
				return changes;
			})
		);
		expect(committed()).toBe(0);
		expect(await Promise.all(writes)).toEqual(Array(50).fill(1));
		expect(seenByOthers).toEqual(Array(50).fill(0));
	});

	it('applies the writes in the order they were asked for: the last one wins', async () => {
		await Promise.all([1, 2, 3].map((value) => grouped(() => insert.run('same', value))));
		expect(reader.prepare('SELECT v FROM t WHERE k = ?').pluck().get('same')).toBe(3);
	});

	it('rolls back and rejects a failing write alone; the others of its batch commit', async () => {
		const outcomes = await Promise.allSettled([
			grouped(() => insert.run('a', 1)),
			grouped(() => {
				insert.run('b', 2);
				insert.run('c', -1); // violates the CHECK: b must go too
			}),
			grouped(() => insert.run('d', 4))
		]);
		expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
		expect(reader.prepare('SELECT k FROM t ORDER BY k').pluck().all()).toEqual(['a', 'd']);
	});

	it('commits what is queued when flushed before the database closes', async () => {
		const write = grouped(() => insert.run('last', 1));
		grouped.flush();
		expect(committed()).toBe(1);
		await write;
	});
	it('commits a write given to now() at once, with the writes queued before it, in order, before the turn ends', async () => {
		const order: string[] = [];
		setImmediate(() => order.push('the turn ended'));
		const before = grouped(() => insert.run('same', 1));
		const published = grouped.now(() => insert.run('same', 2));
		// Committed already, both, in order: another connection sees the last one's value.
		expect(reader.prepare('SELECT v FROM t WHERE k = ?').pluck().get('same')).toBe(2);
		await Promise.all([before, published]).then(() => order.push('resolved'));
		expect(order).toEqual(['resolved']);
		await new Promise((resolve) => setImmediate(resolve));
		expect(order).toEqual(['resolved', 'the turn ended']);
	});

	it('with maxWrites, commits a turn’s writes in slices, one slice per turn, in order; flush() commits them all', async () => {
		const sliced = groupCommit(db, 2);
		const seen: number[] = [];
		const writes = Array.from({ length: 5 }, (_, index) =>
			sliced(() => {
				seen.push(committed());
				return insert.run(`k${index}`, index).changes;
			})
		);
		await Promise.all(writes);
		// Each slice saw the ones before it committed: three transactions, 2 + 2 + 1.
		expect(seen).toEqual([0, 0, 2, 2, 4]);
		const late = [sliced(() => insert.run('a', 1)), sliced(() => insert.run('b', 1)), sliced(() => insert.run('c', 1))];
		sliced.flush();
		expect(committed()).toBe(8);
		await Promise.all(late);
	});
});
