import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodeTakenError, StaleStateError } from '../../server/store/errors';
import { groupsContract } from './groups-contract';
import { keptContract } from './kept-contract';
import { lifecycleContract } from './lifecycle-contract';
import { holding, newSession, titled, uniqueCode, uniqueId, type Current, type MakeStore, type StoreUnderTest } from './fixture';
import { resultsContract } from './results-contract';

export type { MakeStore, StoreUnderTest } from './fixture';

/**
 * The Store contract (server/store/types.ts), written once and run against every store: call
 * it from the store's own test file with a factory that opens a fresh, empty database.
 */
export function describeStoreContract(name: string, makeStore: MakeStore): void {
	describe(`the ${name} store keeps the Store contract`, () => {
		let subject: StoreUnderTest | undefined;
		const current: Current = () => subject!;
		beforeEach(async () => {
			subject = await makeStore();
		});
		afterEach(async () => {
			await subject?.dispose();
			subject = undefined;
		});

		sessionsContract(current);
		groupsContract(current);
		resultsContract(current);
		lifecycleContract(current);
		keptContract(current);
	});
}

function sessionsContract(current: Current): void {
	describe('sessions', () => {
		it('creates a session at version 1 and finds it by id and by code', async () => {
			const { store } = current();
			const created = await newSession(store);
			expect(await store.sessionById(created.id)).toEqual(created);
			expect(await store.sessionByCode(created.code)).toEqual(created);
			expect(await store.sessionById('nobody')).toBeUndefined();
			expect(await store.sessionByCode('NOBODY')).toBeUndefined();
		});

		it('refuses a join code already in use with CodeTakenError, and creates nothing', async () => {
			const { store } = current();
			const first = await newSession(store);
			const second = uniqueId();
			await expect(newSession(store, { id: second, code: first.code })).rejects.toBeInstanceOf(CodeTakenError);
			expect(await store.sessionById(second)).toBeUndefined();
			expect((await store.sessionByCode(first.code))?.id).toBe(first.id);
		});

		it('lets exactly one of several concurrent creates with one code win: the database decides', async () => {
			const { store } = current();
			const other = await current().another();
			try {
				const code = uniqueCode();
				const ids = Array.from({ length: 8 }, () => uniqueId());
				const outcomes = await Promise.allSettled(ids.map((id, index) => newSession(index % 2 ? other : store, { id, code })));
				expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
				for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(CodeTakenError);
				const winner = ids[outcomes.findIndex((outcome) => outcome.status === 'fulfilled')];
				expect((await store.sessionByCode(code))?.id).toBe(winner);
				for (const id of ids) if (id !== winner) expect(await store.sessionById(id)).toBeUndefined();
			} finally {
				await other.close();
			}
		});

		it('saves a state at the version it was loaded at, and resolves with the next version', async () => {
			const { store } = current();
			const { id, state } = await newSession(store);
			expect(await store.saveState(titled(state, 'one'), 1)).toBe(2);
			expect(await store.saveState(titled(state, 'two'), 2)).toBe(3);
			expect(await store.sessionById(id)).toMatchObject({ version: 3, state: { title: 'two' } });
		});

		it('refuses a stale version with StaleStateError: of two writers loaded at one version, the first wins', async () => {
			const { store } = current();
			const other = await current().another();
			try {
				const { id } = await newSession(store);
				await holding(other, id);
				await store.saveState(titled((await store.sessionById(id))!.state, 'before'), 1);
				const [mine, theirs] = await Promise.all([store.sessionById(id), other.sessionById(id)]);
				expect([mine?.version, theirs?.version]).toEqual([2, 2]);

				expect(await store.saveState(titled(mine!.state, 'first'), mine!.version)).toBe(3);
				const refused = other.saveState(titled(theirs!.state, 'second'), theirs!.version);
				await expect(refused).rejects.toBeInstanceOf(StaleStateError);
				await expect(refused).rejects.toMatchObject({ sessionId: id, expectedVersion: 2 });
				expect(await other.sessionById(id)).toMatchObject({ version: 3, state: { title: 'first' } });
				// A version from the future is just as stale.
				await expect(store.saveState(titled(mine!.state, 'later'), 7)).rejects.toBeInstanceOf(StaleStateError);
				expect(await store.sessionById(id)).toMatchObject({ version: 3, state: { title: 'first' } });
			} finally {
				await other.close();
			}
		});

		it('refuses to save the state of a session that does not exist', async () => {
			const { store } = current();
			const { state } = await newSession(store);
			await expect(store.saveState({ ...state, id: 'nobody' }, 1)).rejects.toBeInstanceOf(StaleStateError);
			expect(await store.sessionById('nobody')).toBeUndefined();
		});

		it('lists the sessions created strictly before a time', async () => {
			const { store } = current();
			const old = await newSession(store, { createdAt: 1_000 });
			const edge = await newSession(store, { createdAt: 2_000 });
			const fresh = await newSession(store, { createdAt: 3_000 });
			expect((await store.sessionsCreatedBefore(2_000)).sort()).toEqual([old.id]);
			expect((await store.sessionsCreatedBefore(3_001)).sort()).toEqual([old.id, edge.id, fresh.id].sort());
			expect(await store.sessionsCreatedBefore(1_000)).toEqual([]);
		});
	});
}
