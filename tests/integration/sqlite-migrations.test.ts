import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initialState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';
import { openSqliteStore } from '../../server/store/sqlite';
import { migrate, migrations } from '../../server/store/sqlite-migrations';
import { legacyReleases } from '../fixtures/legacy-sqlite';
import { tempDataDir } from '../helpers/server';

const LATEST = migrations.length;
const state = initialState(introTool, { id: 'legacy', code: 'LEGACY', createdAt: 1_000 });

/** Tables, their columns (by name, not position) and indexes: what the queries depend on. */
function shapeOf(db: Database.Database) {
	const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
	return {
		tables: Object.fromEntries(
			tables.map(({ name }) => [
				name,
				db
					.prepare<[string], { name: string; type: string; notnull: number; dflt_value: unknown; pk: number }>('SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY name')
					.all(name)
			])
		),
		indexes: db.prepare<[], { name: string; tbl_name: string }>("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name").all()
	};
}

const hasTable = (db: Database.Database, name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
const hasColumn = (db: Database.Database, table: string, column: string) => db.prepare<[string], { name: string }>('SELECT name FROM pragma_table_info(?)').all(table).some((row) => row.name === column);

describe('the SQLite schema, as numbered migrations', () => {
	let data: ReturnType<typeof tempDataDir>;
	let file: string;
	let fresh: ReturnType<typeof shapeOf>;

	beforeEach(async () => {
		data = tempDataDir();
		file = join(data.dir, 'vaegten.db');
		const reference = tempDataDir();
		await openSqliteStore(reference.dir).close();
		const db = new Database(join(reference.dir, 'vaegten.db'), { readonly: true });
		fresh = shapeOf(db);
		db.close();
		reference.remove();
	});
	afterEach(() => data.remove());

	it('gives a new database every step, and marks it with the last version', async () => {
		await openSqliteStore(data.dir).close();
		const db = new Database(file, { readonly: true });
		expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
		expect(Object.keys(shapeOf(db).tables)).toEqual(['collab_updates', 'dots', 'kept_results', 'participants', 'published_ratings', 'ratings', 'sessions', 'templates']);
		expect(hasColumn(db, 'sessions', 'version')).toBe(true);
		db.close();
	});

	for (const release of legacyReleases) {
		it(`brings a database of ${release.name} (before numbering, user_version 0) up to date, with its data`, async () => {
			const db = new Database(file);
			db.exec(release.sql);
			db.prepare('INSERT INTO sessions (id, code, key_hash, created_at, updated_at, state) VALUES (?, ?, ?, ?, ?, ?)').run(state.id, state.code, 'k'.repeat(64), 1_000, 2_000, JSON.stringify(state));
			const groups = hasColumn(db, 'participants', 'group_id');
			db.prepare(`INSERT INTO participants (session_id, token_hash, nickname, created_at${groups ? ', group_id' : ''}) VALUES (?, ?, ?, ?${groups ? ", 'g1'" : ''})`).run(state.id, 't'.repeat(64), 'Ada', 1_500);
			db.prepare('INSERT INTO ratings (session_id, participant_id, item_id, value, updated_at) VALUES (?, 1, ?, 3, 1_600)').run(state.id, 'item');
			if (hasTable(db, 'dots')) db.prepare('INSERT INTO dots (session_id, participant_id, allocation, updated_at) VALUES (?, 1, ?, 1_700)').run(state.id, '{"c1":2}');
			if (hasTable(db, 'collab_updates')) db.prepare('INSERT INTO collab_updates (doc, data) VALUES (?, ?)').run(`${state.id}/g1`, Buffer.from([1, 2, 3]));
			expect(db.pragma('user_version', { simple: true })).toBe(0);
			db.close();

			const store = openSqliteStore(data.dir);
			try {
				expect(await store.sessionById(state.id)).toEqual({ id: state.id, code: state.code, keyHash: 'k'.repeat(64), createdAt: 1_000, state, version: 1 });
				expect(await store.participants(state.id)).toEqual([{ id: 1, nickname: 'Ada', groupId: groups ? 'g1' : null }]);
				expect(await store.ratings(state.id)).toEqual([{ participantId: 1, itemId: 'item', value: 3 }]);
				expect(await store.dots(state.id)).toEqual(release.sql.includes('dots') ? [{ participantId: 1, allocation: { c1: 2 } }] : []);
				expect(await store.collab.load(`${state.id}/g1`)).toEqual(release.sql.includes('collab_updates') ? [new Uint8Array([1, 2, 3])] : []);

				// And everything works on it as on a new one.
				expect(await store.saveGroups({ ...state, title: 'after' }, 1, [{ participantId: 1, groupId: 'g2' }])).toBe(2);
				await store.setDots(state.id, { participantId: 1, allocation: { c2: 1 } }, 3_000);
				await store.markPublished(state.id, { ratings: [{ participantId: 1, itemId: 'item', value: 3 }], dots: [] });
				expect(await store.ratings(state.id)).toEqual([{ participantId: 1, itemId: 'item', value: 3, published: 3 }]);
				expect(await store.saveTemplate({ id: 't1', name: 'T', ownerKeyHash: 'k', createdAt: 1, content: { title: 'T', locale: 'da', steps: [], items: [] } }, 5)).toBe(true);
			} finally {
				await store.close();
			}
			const migrated = new Database(file, { readonly: true });
			expect(migrated.pragma('user_version', { simple: true })).toBe(LATEST);
			expect(shapeOf(migrated)).toEqual(fresh);
			migrated.close();
		});
	}

	it('brings a numbered database up from its own version, and leaves an up-to-date one alone', async () => {
		const db = new Database(file);
		migrate(db, migrations.slice(0, 4));
		expect(db.pragma('user_version', { simple: true })).toBe(4);
		expect(hasTable(db, 'templates')).toBe(false);
		db.close();

		await openSqliteStore(data.dir).close();
		await openSqliteStore(data.dir).close();
		const migrated = new Database(file, { readonly: true });
		expect(migrated.pragma('user_version', { simple: true })).toBe(LATEST);
		expect(shapeOf(migrated)).toEqual(fresh);
		migrated.close();
	});

	it('applies every pending step or none: a failing step leaves the database as it was', () => {
		const broken = [...migrations, { version: LATEST + 1, up: 'CREATE TABLE extra (a); ALTER TABLE nowhere ADD COLUMN b;', presentBefore: () => false }];
		const db = new Database(file);
		expect(() => migrate(db, broken)).toThrow(/nowhere/);
		expect(db.pragma('user_version', { simple: true })).toBe(0);
		expect(db.prepare('SELECT count(*) AS n FROM sqlite_master').get()).toEqual({ n: 0 });

		db.exec(legacyReleases[0].sql);
		const before = shapeOf(db);
		expect(() => migrate(db, broken)).toThrow(/nowhere/);
		expect(db.pragma('user_version', { simple: true })).toBe(0);
		expect(shapeOf(db)).toEqual(before);
		db.close();
	});

	it('refuses a database of a newer release, and changes nothing in it', () => {
		const db = new Database(file);
		migrate(db);
		db.pragma(`user_version = ${LATEST + 1}`);
		db.close();
		expect(() => openSqliteStore(data.dir)).toThrow(/newer/);
		const after = new Database(file, { readonly: true });
		expect(after.pragma('user_version', { simple: true })).toBe(LATEST + 1);
		expect(shapeOf(after)).toEqual(fresh);
		after.close();
	});
});
