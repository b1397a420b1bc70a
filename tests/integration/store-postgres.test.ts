import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openStore } from '../../server/store/open';
import { openPostgresStore } from '../../server/store/postgres';
import { processOwner } from '../../server/store/postgres-leases';
import { newSession, oneOfEverything } from '../contract/fixture';
import { keptRecord } from '../contract/kept-contract';
import { describeLeaseContract } from '../contract/leases-contract';
import { describeStoreContract } from '../contract/store-contract';
import { usePostgres } from '../helpers/postgres';
import { tempDataDir } from '../helpers/server';

const server = usePostgres();

describeStoreContract('PostgreSQL', async () => {
	const url = await server.freshDatabase();
	const owner = processOwner();
	const store = await openPostgresStore(url, { owner });
	return {
		store,
		// Another pool of the same process: the same lease owner.
		another: () => openPostgresStore(url, { owner }),
		dispose: () => store.close()
	};
});

describeLeaseContract('PostgreSQL', async () => {
	const url = await server.freshDatabase();
	return { url, open: (owner) => openPostgresStore(url, { owner }) };
});

/** Every row of every table that mentions the session, by its `session_id` column or a document name. */
async function rowsMentioning(url: string, sessionId: string): Promise<Record<string, number>> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		const { rows: columns } = await client.query<{ table_name: string; column_name: string }>(
			"SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
		);
		const tables = [...new Set(columns.map((column) => column.table_name))];
		const counts: Record<string, number> = {};
		for (const name of tables) {
			const has = (column: string) => columns.some((row) => row.table_name === name && row.column_name === column);
			const where = [has('session_id') && 'session_id = $1', has('doc') && "left(doc, length($1) + 1) = $1 || '/'", name === 'sessions' && 'id = $1'].filter(Boolean);
			if (where.length === 0) continue;
			const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${name} WHERE ${where.join(' OR ')}`, [sessionId]);
			counts[name] = Number(rows[0].n);
		}
		return counts;
	} finally {
		await client.end();
	}
}

describe('the PostgreSQL store in its database', () => {
	it('leaves no row of a deleted session in any table, its lease included', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			await oneOfEverything(store, id);
			const before = await rowsMentioning(url, id);
			expect(before).toEqual({ sessions: 1, participants: 1, ratings: 1, dots: 1, collab_updates: 1, leases: 1, kept_results: 0 });

			await store.deleteSession(id);
			expect(await rowsMentioning(url, id)).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));
		} finally {
			await store.close();
		}
	});

	it('keeps only the kept results of a session whose raw data went: no row about any person, until they are deleted too, its lease included', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			await oneOfEverything(store, id);
			await store.keepResults(keptRecord(id, 1_000));
			const before = await rowsMentioning(url, id);
			expect(before).toEqual({ sessions: 1, participants: 1, ratings: 1, dots: 1, collab_updates: 1, leases: 1, kept_results: 1 });

			await store.deleteSession(id);
			expect(await rowsMentioning(url, id)).toEqual({ ...Object.fromEntries(Object.keys(before).map((table) => [table, 0])), kept_results: 1 });
			expect(JSON.stringify(await store.keptResults(id))).not.toMatch(/"a"|nickname|token/);
			await store.deleteKeptResults(id);
			expect(await rowsMentioning(url, id)).toEqual(Object.fromEntries(Object.keys(before).map((table) => [table, 0])));
		} finally {
			await store.close();
		}
	});
});

describe('choosing the store', () => {
	it('opens PostgreSQL when DATABASE_URL is set (nothing in DATA_DIR), SQLite in DATA_DIR otherwise', async () => {
		const data = tempDataDir();
		const url = await server.freshDatabase();
		try {
			const shared = await openStore({ dataDir: data.dir, databaseUrl: url });
			const { id } = await newSession(shared);
			expect(shared.leases.shared).toBe(true);
			await shared.close();
			expect(existsSync(join(data.dir, 'vaegten.db'))).toBe(false);
			const direct = await openPostgresStore(url);
			expect((await direct.sessionById(id))?.id).toBe(id);
			await direct.close();

			const local = await openStore({ dataDir: data.dir });
			expect(local.leases.shared).toBe(false);
			expect(await local.sessionById(id)).toBeUndefined();
			await local.close();
			expect(existsSync(join(data.dir, 'vaegten.db'))).toBe(true);
		} finally {
			data.remove();
		}
	});
});
