import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../server/store/postgres';
import { newSession, token } from '../contract/fixture';
import { usePostgres } from '../helpers/postgres';

const server = usePostgres();

/** Resolves once some backend waits for a row lock (the store's batch, behind `locker`). */
async function someoneWaitsForALock(url: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		for (let attempt = 0; attempt < 200; attempt++) {
			const { rows } = await client.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
			if (rows[0].n > 0) return;
			await new Promise((resolve) => setTimeout(resolve, 25));
		}
		throw new Error('no batch ever waited for the lock');
	} finally {
		await client.end();
	}
}

describe('the PostgreSQL store commits a second batch while one is in flight, when their rows differ', () => {
	it('commits a rating of another row while a batch waits, and holds a rating of the same row behind it, in order', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		const locker = new pg.Client({ connectionString: url });
		await locker.connect();
		try {
			const { id } = await newSession(store);
			const p = await store.joinParticipant(id, token(), 'p', null, 1);
			const rate = (itemId: string, value: number) => store.setRating(id, { participantId: p.id, itemId, value }, 2);
			await rate('a', 1);

			// Someone else holds the row of (p, a): the batch with the next rating of it waits.
			await locker.query('BEGIN');
			await locker.query('SELECT 1 FROM ratings WHERE session_id = $1 AND participant_id = $2 AND item_id = $3 FOR UPDATE', [id, p.id, 'a']);
			const settled: string[] = [];
			const first = rate('a', 2).then(() => settled.push('a=2'));
			await someoneWaitsForALock(url);

			// A rating of another row goes in a batch of its own and commits meanwhile.
			const second = rate('a', 3).then(() => settled.push('a=3'));
			await rate('b', 0);
			await rate('c', 4);
			expect(settled).toEqual([]);

			await locker.query('ROLLBACK');
			await Promise.all([first, second]);
			expect(settled).toEqual(['a=2', 'a=3']);
			const byItem = (x: { itemId: string }, y: { itemId: string }) => x.itemId.localeCompare(y.itemId);
			expect((await store.ratings(id)).sort(byItem)).toEqual([
				{ participantId: p.id, itemId: 'a', value: 3 },
				{ participantId: p.id, itemId: 'b', value: 0 },
				{ participantId: p.id, itemId: 'c', value: 4 }
			]);
		} finally {
			await locker.end().catch(() => undefined);
			await store.close();
		}
	});
});
