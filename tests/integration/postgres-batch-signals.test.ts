import pg from 'pg';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { LeaseLostError } from '../../server/store/errors';
import { openPostgresStore } from '../../server/store/postgres';
import type { ClusterSignal } from '../../server/store/types';
import { newSession, token } from '../contract/fixture';
import { claimWhenFree } from '../contract/leases-contract';
import { usePostgres } from '../helpers/postgres';

const server = usePostgres();

async function query<T extends pg.QueryResultRow>(url: string, sql: string, values: unknown[] = []): Promise<T[]> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return (await client.query<T>(sql, values)).rows;
	} finally {
		await client.end();
	}
}

describe('the PostgreSQL store batches the hot writes', () => {
	it('commits the ratings, dots and document updates of one turn in one transaction', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			const people = await Promise.all([1, 2, 3].map(() => store.joinParticipant(id, token(), '', null, 1)));
			await Promise.all([
				...people.map((p, n) => store.setRating(id, { participantId: p.id, itemId: 'x', value: n }, 2)),
				...people.map((p) => store.setDots(id, { participantId: p.id, allocation: { c1: 1 } }, 2)),
				store.collab.append(`${id}/g1`, [new Uint8Array([1]), new Uint8Array([2])])
			]);
			// Rows one transaction wrote carry its id.
			const written = await query<{ xmin: string }>(url, 'SELECT xmin::text FROM ratings UNION ALL SELECT xmin::text FROM dots UNION ALL SELECT xmin::text FROM collab_updates');
			expect(written).toHaveLength(8);
			expect(new Set(written.map((row) => row.xmin)).size).toBe(1);
		} finally {
			await store.close();
		}
	});

	it('keeps the order of one turn\'s writes: the last value of a rating or dots wins, and a publication sees what came before it', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			const [p, q] = [await store.joinParticipant(id, token(), '', null, 1), await store.joinParticipant(id, token(), '', null, 1)];
			await Promise.all([
				store.setRating(id, { participantId: p.id, itemId: 'x', value: 1 }, 2),
				store.setDots(id, { participantId: p.id, allocation: { c1: 1 } }, 2),
				store.setRating(id, { participantId: p.id, itemId: 'x', value: 3 }, 2),
				store.setDots(id, { participantId: p.id, allocation: { c1: 2 } }, 2),
				store.setRating(id, { participantId: q.id, itemId: 'x', value: 0 }, 2),
				store.markPublished(id, { ratings: [{ participantId: p.id, itemId: 'x', value: 3 }], dots: [{ participantId: p.id, allocation: { c1: 2 } }] }),
				store.setRating(id, { participantId: p.id, itemId: 'x', value: 4 }, 3),
				store.setDots(id, { participantId: p.id, allocation: { c2: 3 } }, 3),
				store.setRating(id, { participantId: p.id, itemId: 'x', value: 2 }, 3)
			]);
			expect((await store.ratings(id)).sort((a, b) => a.participantId - b.participantId)).toEqual([
				{ participantId: p.id, itemId: 'x', value: 2, published: 3 },
				{ participantId: q.id, itemId: 'x', value: 0 }
			]);
			expect(await store.dots(id)).toEqual([{ participantId: p.id, allocation: { c2: 3 }, published: { c1: 2 } }]);
		} finally {
			await store.close();
		}
	});

	it('rejects a bad write of a batch alone: the others commit', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			const p = await store.joinParticipant(id, token(), '', null, 1);
			const outcomes = await Promise.allSettled([
				store.setRating(id, { participantId: p.id, itemId: 'a', value: 1 }, 2),
				store.setRating(id, { participantId: p.id, itemId: 'b', value: 7 }, 2),
				store.setDots(id, { participantId: p.id + 1000, allocation: { c1: 1 } }, 2),
				store.setRating(id, { participantId: p.id, itemId: 'c', value: 3 }, 2)
			]);
			expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
			expect((await store.ratings(id)).map((rating) => rating.itemId).sort()).toEqual(['a', 'c']);
			expect(await store.dots(id)).toEqual([]);
		} finally {
			await store.close();
		}
	});

	it('refuses the writes of a session whose lease was lost, and commits the rest of the batch', async () => {
		const url = await server.freshDatabase();
		const [a, b] = [await openPostgresStore(url, { owner: 'a' }), await openPostgresStore(url, { owner: 'b' })];
		try {
			const [kept, lost] = [await newSession(a), await newSession(a)];
			const [pk, pl] = [await a.joinParticipant(kept.id, token(), '', null, 1), await a.joinParticipant(lost.id, token(), '', null, 1)];
			await a.leases.claim(lost.id, 1);
			await claimWhenFree(b, lost.id);
			const outcomes = await Promise.allSettled([
				a.setRating(kept.id, { participantId: pk.id, itemId: 'x', value: 1 }, 2),
				a.setRating(lost.id, { participantId: pl.id, itemId: 'x', value: 1 }, 2),
				a.collab.append(`${lost.id}/g1`, [new Uint8Array([1])]),
				a.collab.append(`${kept.id}/g1`, [new Uint8Array([1])])
			]);
			expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
			for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(LeaseLostError);
			expect(await b.ratings(lost.id)).toEqual([]);
			expect(await b.collab.load(`${lost.id}/g1`)).toEqual([]);
			expect(await b.ratings(kept.id)).toHaveLength(1);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('commits what is queued when it closes', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url, { owner: 'one' });
		const { id } = await newSession(store);
		const p = await store.joinParticipant(id, token(), '', null, 1);
		const queued = store.setRating(id, { participantId: p.id, itemId: 'x', value: 2 }, 2);
		await store.close();
		await queued;
		expect(await query(url, 'SELECT value FROM ratings')).toEqual([{ value: 2 }]);
	});
});

describe('the PostgreSQL store signals', () => {
	it('listens again, and says so, when its listening connection is cut', async () => {
		const url = await server.freshDatabase();
		const warnings: string[] = [];
		const log = { warn: (_: object, message: string) => void warnings.push(message), error: () => {} };
		const quiet = { warn: () => {}, error: () => {} };
		const [a, b] = [await openPostgresStore(url, { log }), await openPostgresStore(url, { log: quiet })];
		try {
			const heard: ClusterSignal[] = [];
			a.signals.subscribe((signal) => heard.push(signal));
			const cut = await query<{ cut: boolean }>(
				server.url,
				"SELECT pg_terminate_backend(pid) AS cut FROM pg_stat_activity WHERE datname = $1 AND query = 'LISTEN vaegten_signals'",
				[new URL(url).pathname.slice(1)]
			);
			expect(cut.map((row) => row.cut)).toEqual([true, true]);
			// Signals sent while it is away are missed (at most once); it hears those after its return.
			for (let n = 0; heard.length === 0; n++) {
				await b.signals.publish({ type: 'deleted', sessionId: `s${n}` });
				await sleep(20);
			}
			expect(warnings).toContain('the signal listener lost its database connection; reconnecting');
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});

	it('keeps delivering when a listener throws, and logs it', async () => {
		const url = await server.freshDatabase();
		const errors: string[] = [];
		const store = await openPostgresStore(url, { log: { warn: () => {}, error: (_: object, message: string) => void errors.push(message) } });
		try {
			store.signals.subscribe(() => {
				throw new Error('listener broke');
			});
			const heard: ClusterSignal[] = [];
			store.signals.subscribe((signal) => heard.push(signal));
			await store.signals.publish({ type: 'deleted', sessionId: 's1' });
			await store.signals.publish({ type: 'deleted', sessionId: 's2' });
			await expect.poll(() => heard).toEqual([
				{ type: 'deleted', sessionId: 's1' },
				{ type: 'deleted', sessionId: 's2' }
			]);
			expect(errors).toEqual(['a signal listener failed', 'a signal listener failed']);
		} finally {
			await store.close();
		}
	});
});
