import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LeaseLostError } from '../../server/store/errors';
import { openPostgresStore } from '../../server/store/postgres';
import { newSession, token } from '../contract/fixture';
import { claimWhenFree } from '../contract/leases-contract';
import { usePostgres } from '../helpers/postgres';

const server = usePostgres();

afterEach(() => {
	vi.restoreAllMocks();
});

/** Every statement any node-postgres client sends from now on (the store's pool included). */
function statementsSent(): string[] {
	const sent: string[] = [];
	const query = pg.Client.prototype.query;
	vi.spyOn(pg.Client.prototype, 'query').mockImplementation(function (this: pg.Client, ...args: unknown[]) {
		const config = args[0];
		sent.push(typeof config === 'string' ? config : (config as { text: string }).text);
		return (query as (...a: unknown[]) => unknown).apply(this, args);
	} as typeof query);
	return sent;
}

describe('the PostgreSQL store commits a batch of hot writes in one call', () => {
	it('sends one statement for a turn of joins, ratings, dots, a publication and document updates, fence included', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			const p = await store.joinParticipant(id, token(), 'p', null, 1);
			const sent = statementsSent();
			const [q] = await Promise.all([
				store.joinParticipant(id, token(), 'q', 'g1', 2),
				store.setRating(id, { participantId: p.id, itemId: 'x', value: 1 }, 2),
				store.setDots(id, { participantId: p.id, allocation: { c1: 1 } }, 2),
				store.markPublished(id, { ratings: [{ participantId: p.id, itemId: 'x', value: 1 }], dots: [] }),
				store.collab.append(`${id}/g1`, [new Uint8Array([1]), new Uint8Array([2])])
			]);
			expect(sent).toEqual([expect.stringContaining('vaegten_hot_batch')]);
			vi.restoreAllMocks();
			expect(q).toEqual({ id: expect.any(Number), nickname: 'q', groupId: 'g1', created: true });
			expect(await store.participants(id)).toEqual([
				{ id: p.id, nickname: 'p', groupId: null },
				{ id: q.id, nickname: 'q', groupId: 'g1' }
			]);
			expect(await store.ratings(id)).toEqual([{ participantId: p.id, itemId: 'x', value: 1, published: 1 }]);
			expect(await store.collab.load(`${id}/g1`)).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
		} finally {
			await store.close();
		}
	});

	it('applies a publication to a row as it is at its turn: one before the row is first written finds nothing, one after finds it', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			const p = await store.joinParticipant(id, token(), '', null, 1);
			await store.setRating(id, { participantId: p.id, itemId: 'old', value: 1 }, 1);
			const publish = (itemId: string, value: number) => store.markPublished(id, { ratings: [{ participantId: p.id, itemId, value }], dots: [] });
			const publishDots = (c1: number) => store.markPublished(id, { ratings: [], dots: [{ participantId: p.id, allocation: { c1 } }] });
			await Promise.all([
				publish('new', 2),
				publish('old', 1),
				publishDots(1),
				store.setRating(id, { participantId: p.id, itemId: 'new', value: 2 }, 2),
				store.setRating(id, { participantId: p.id, itemId: 'old', value: 3 }, 2),
				store.setDots(id, { participantId: p.id, allocation: { c1: 2 } }, 2),
				store.setRating(id, { participantId: p.id, itemId: 'later', value: 4 }, 2),
				publish('later', 4),
				store.setRating(id, { participantId: p.id, itemId: 'later', value: 0 }, 3)
			]);
			const byItem = (a: { itemId: string }, b: { itemId: string }) => a.itemId.localeCompare(b.itemId);
			expect((await store.ratings(id)).sort(byItem)).toEqual([
				{ participantId: p.id, itemId: 'later', value: 0, published: 4 },
				{ participantId: p.id, itemId: 'new', value: 2 },
				{ participantId: p.id, itemId: 'old', value: 3, published: 1 }
			]);
			expect(await store.dots(id)).toEqual([{ participantId: p.id, allocation: { c1: 2 } }]);
		} finally {
			await store.close();
		}
	});

	it('rejects a failing write alone, and still answers the joins, publications and document updates of its batch', async () => {
		const url = await server.freshDatabase();
		const store = await openPostgresStore(url);
		try {
			const { id } = await newSession(store);
			const p = await store.joinParticipant(id, token(), '', null, 1);
			const again = token();
			const outcomes = await Promise.allSettled([
				store.joinParticipant(id, again, 'first', null, 2),
				store.setRating(id, { participantId: p.id, itemId: 'x', value: 2 }, 2),
				store.setRating(id, { participantId: p.id, itemId: 'y', value: 9 }, 2),
				store.markPublished(id, { ratings: [{ participantId: p.id, itemId: 'x', value: 2 }], dots: [] }),
				store.joinParticipant(id, again, 'second', null, 2),
				store.collab.append(`${id}/g1`, [new Uint8Array([7])])
			]);
			expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
			const [first, , , , second] = outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
			expect(first).toEqual({ id: expect.any(Number), nickname: 'first', groupId: null, created: true });
			expect(second).toEqual({ ...(first as object), created: false });
			expect(await store.ratings(id)).toEqual([{ participantId: p.id, itemId: 'x', value: 2, published: 2 }]);
			expect(await store.participants(id)).toHaveLength(2);
			expect(await store.collab.load(`${id}/g1`)).toEqual([new Uint8Array([7])]);
		} finally {
			await store.close();
		}
	});

	it('refuses the joins and writes of a session another process took since this one looked, inside the same call, and commits the rest', async () => {
		const url = await server.freshDatabase();
		const [a, b] = [await openPostgresStore(url, { owner: 'a' }), await openPostgresStore(url, { owner: 'b' })];
		try {
			const [kept, lost] = [await newSession(a), await newSession(a)];
			const pl = await a.joinParticipant(lost.id, token(), '', null, 1);
			await a.leases.claim(lost.id, 1);
			await claimWhenFree(b, lost.id);
			// `a` still counts the lease as its own: only the database can refuse.
			expect(a.leases.held().has(lost.id)).toBe(true);
			const sent = statementsSent();
			const outcomes = await Promise.allSettled([
				a.joinParticipant(lost.id, token(), 'late', null, 2),
				a.joinParticipant(kept.id, token(), 'on time', null, 2),
				a.markPublished(lost.id, { ratings: [{ participantId: pl.id, itemId: 'x', value: 1 }], dots: [] }),
				a.setDots(lost.id, { participantId: pl.id, allocation: { c1: 1 } }, 2)
			]);
			expect(sent).toHaveLength(1);
			vi.restoreAllMocks();
			expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'rejected']);
			for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(LeaseLostError);
			expect(await b.participants(lost.id)).toEqual([{ id: pl.id, nickname: '', groupId: null }]);
			expect(await b.dots(lost.id)).toEqual([]);
			expect((await b.participants(kept.id)).map((member) => member.nickname)).toEqual(['on time']);
		} finally {
			await Promise.all([a.close(), b.close()]);
		}
	});
});
