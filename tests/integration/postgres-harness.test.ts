import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { usePostgres } from '../helpers/postgres';

const server = usePostgres();

async function tablesAndName(url: string): Promise<{ name: string; tables: number }> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const { rows } = await client.query<{ name: string; tables: string }>(
			"SELECT current_database() AS name, (SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public') AS tables"
		);
		return { name: rows[0].name, tables: Number(rows[0].tables) };
	} finally {
		await client.end();
	}
}

describe('the PostgreSQL test harness', () => {
	it('gives each caller an empty database of its own on a real server', async () => {
		const [a, b] = await Promise.all([server.freshDatabase(), server.freshDatabase()]);
		expect(a).not.toBe(b);
		const client = new pg.Client({ connectionString: a });
		await client.connect();
		await client.query('CREATE TABLE mine (x int)');
		await client.end();
		expect(await tablesAndName(a)).toMatchObject({ tables: 1 });
		expect(await tablesAndName(b)).toMatchObject({ tables: 0 });
		expect((await tablesAndName(b)).name).not.toBe((await tablesAndName(a)).name);
	});
});
