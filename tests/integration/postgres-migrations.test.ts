import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres';
import { migratePostgres, pgMigrations } from '../../server/store/postgres-migrations';
import { usePostgres } from '../helpers/postgres';

const server = usePostgres();

async function withPool<T>(url: string, work: (pool: pg.Pool) => Promise<T>): Promise<T> {
	const pool = new pg.Pool({ connectionString: url });
	// pool.end() resolves before its connections have closed: one still closing when the file's
	// server stops hears "terminating connection" (57P01), which an unheard pool error would throw.
	pool.on('error', () => {});
	try {
		return await work(pool);
	} finally {
		await pool.end();
	}
}

const applied = (pool: pg.Pool) => pool.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version').then((result) => result.rows.map((row) => row.version));
const hasTable = (pool: pg.Pool, name: string) => pool.query('SELECT 1 FROM information_schema.tables WHERE table_name = $1', [name]).then((result) => result.rowCount === 1);

describe('PostgreSQL migrations', () => {
	it('applies each step once, also when several processes start on a fresh database at once, and again at a restart', async () => {
		const url = await server.freshDatabase();
		const stores = await Promise.all([1, 2, 3, 4].map((n) => openPostgresStore(url, { owner: `p${n}` })));
		await Promise.all(stores.map((store) => store.close()));
		await (await openPostgresStore(url)).close();
		await withPool(url, async (pool) => {
			expect(await applied(pool)).toEqual(pgMigrations.map((step) => step.version));
			for (const table of ['sessions', 'participants', 'ratings', 'dots', 'collab_updates', 'templates', 'leases', 'kept_results']) expect(await hasTable(pool, table), table).toBe(true);
			// Step 3: the one call that commits a batch of hot writes.
			expect((await pool.query("SELECT 1 FROM pg_proc WHERE proname = 'vaegten_hot_batch'")).rowCount).toBe(1);
		});
	});

	it('leaves the database at the step before a step that fails, and goes on from there later', async () => {
		const url = await server.freshDatabase();
		await withPool(url, async (pool) => {
			const broken = { version: 2, up: 'CREATE TABLE extra (x integer); SELECT 1 / 0;' };
			await expect(migratePostgres(pool, [...pgMigrations.slice(0, 1), broken])).rejects.toThrow(/division by zero/);
			expect(await applied(pool)).toEqual([1]);
			expect(await hasTable(pool, 'sessions')).toBe(true);
			expect(await hasTable(pool, 'extra')).toBe(false);
			await migratePostgres(pool, [...pgMigrations.slice(0, 1), { version: 2, up: 'CREATE TABLE extra (x integer);' }]);
			expect(await applied(pool)).toEqual([1, 2]);
			expect(await hasTable(pool, 'extra')).toBe(true);
		});
	});

	it('refuses a database a newer release has migrated, and changes nothing', async () => {
		const url = await server.freshDatabase();
		await (await openPostgresStore(url)).close();
		const newer = pgMigrations.length + 1;
		await withPool(url, (pool) => pool.query('INSERT INTO schema_migrations (version) VALUES ($1)', [newer]));
		await expect(openPostgresStore(url)).rejects.toThrow(`schema version ${newer}, newer than this release knows`);
		await withPool(url, async (pool) => expect((await applied(pool)).at(-1)).toBe(newer));
	});

	it('refuses steps numbered out of order', async () => {
		const url = await server.freshDatabase();
		await withPool(url, async (pool) => {
			await expect(migratePostgres(pool, [{ version: 2, up: 'SELECT 1' }])).rejects.toThrow('Migration 1 is numbered 2.');
			expect(await hasTable(pool, 'schema_migrations')).toBe(false);
		});
	});
});
