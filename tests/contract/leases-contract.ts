import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LeaseLostError, StaleStateError } from '../../server/store/errors';
import type { ClusterSignal, Store } from '../../server/store/types';
import { newSession, TEST_LEASE_MS, titled, token } from './fixture';

/** One database shared by several "processes": each `open(owner)` is one, with its lease owner. */
export interface SharedDatabase {
	url: string;
	open(owner: string): Promise<Store>;
}

/** Makes a fresh, empty database each time it is called. */
export type MakeSharedDatabase = () => Promise<SharedDatabase>;

/** Claims for `ttlMs` until the lease is held (its holder let it expire); the wait is the lease's, not a guess. */
export async function claimWhenFree(store: Store, sessionId: string, ttlMs = TEST_LEASE_MS): Promise<number> {
	for (;;) {
		const claim = await store.leases.claim(sessionId, ttlMs);
		if (claim.held) return claim.epoch;
		await sleep(5);
	}
}

const next = <T>(store: Store, accept: (signal: ClusterSignal) => signal is ClusterSignal & T) =>
	new Promise<ClusterSignal & T>((resolve) => {
		const stop = store.signals.subscribe((signal) => {
			if (accept(signal)) {
				stop();
				resolve(signal);
			}
		});
	});

/**
 * What a store shared by processes (server/store/types.ts, Leases, Signals, exclusively)
 * guarantees between them: run from the shared store's test file only (SQLite is one process).
 */
export function describeLeaseContract(name: string, makeDatabase: MakeSharedDatabase): void {
	describe(`the ${name} store's leases, signals and locks between processes`, () => {
		let database: SharedDatabase;
		let opened: Store[] = [];
		const open = async (owner: string) => {
			const store = await database.open(owner);
			opened.push(store);
			return store;
		};
		/** Two processes on one database; `a` made a session and holds it for `ttlMs`. */
		const twoProcesses = async (ttlMs = TEST_LEASE_MS) => {
			const [a, b] = [await open('process-a'), await open('process-b')];
			const session = await newSession(a);
			const claim = await a.leases.claim(session.id, ttlMs);
			return { a, b, session, epoch: claim.held ? claim.epoch : Number.NaN };
		};
		beforeEach(async () => {
			database = await makeDatabase();
		});
		afterEach(async () => {
			await Promise.all(opened.map((store) => store.close()));
			opened = [];
		});

		it('grants a lease to one process: the other is told who holds it; the holder keeps its epoch when it claims again', async () => {
			const { a, b, session, epoch } = await twoProcesses();
			expect(a.leases.shared).toBe(true);
			expect(a.leases.owner).toBe('process-a');
			const refused = await b.leases.claim(session.id, TEST_LEASE_MS);
			expect(refused).toMatchObject({ held: false, owner: 'process-a' });
			expect(refused.held === false && refused.expiresAt).toBeGreaterThan(0);
			expect(await a.leases.claim(session.id, TEST_LEASE_MS)).toEqual({ held: true, epoch });
			expect(a.leases.held().get(session.id)).toBe(epoch);
			expect(b.leases.held().has(session.id)).toBe(false);
			// A session that does not exist cannot be held.
			expect(await a.leases.claim('nobody', TEST_LEASE_MS)).toMatchObject({ held: false });
		});

		it('lets another process take an expired lease, at the next epoch; the old holder then learns it lost it', async () => {
			const { a, b, session, epoch } = await twoProcesses(1);
			expect(await claimWhenFree(b, session.id)).toBe(epoch + 1);
			expect(await a.leases.renewAll(TEST_LEASE_MS)).toEqual([session.id]);
			expect(a.leases.held().has(session.id)).toBe(false);
			expect(await a.leases.claim(session.id, TEST_LEASE_MS)).toMatchObject({ held: false, owner: 'process-b' });
		});

		it('hands a released lease to the next claim at once, and epochs only grow across releases', async () => {
			const { a, b, session, epoch } = await twoProcesses();
			await a.leases.release(session.id);
			expect(a.leases.held().has(session.id)).toBe(false);
			expect(await b.leases.claim(session.id, TEST_LEASE_MS)).toEqual({ held: true, epoch: epoch + 1 });
			await b.leases.release(session.id);
			expect(await a.leases.claim(session.id, TEST_LEASE_MS)).toEqual({ held: true, epoch: epoch + 2 });
			await a.leases.release(session.id);
			expect(await a.leases.claim(session.id, TEST_LEASE_MS)).toEqual({ held: true, epoch: epoch + 3 });
		});

		it('renews every held lease in one call and names the ones lost (taken, or the session deleted)', async () => {
			const [a, b] = [await open('process-a'), await open('process-b')];
			const [kept, taken, deleted] = [await newSession(a), await newSession(a), await newSession(a)];
			for (const { id } of [kept, taken, deleted]) await a.leases.claim(id, 1);
			await claimWhenFree(b, taken.id);
			await b.deleteSession(deleted.id);
			expect((await a.leases.renewAll(TEST_LEASE_MS)).sort()).toEqual([taken.id, deleted.id].sort());
			expect([...a.leases.held().keys()]).toEqual([kept.id]);
			// Renewed: nobody else may take it now.
			expect(await b.leases.claim(kept.id, TEST_LEASE_MS)).toMatchObject({ held: false, owner: 'process-a' });
			expect(await b.leases.renewAll(TEST_LEASE_MS)).toEqual([]);
		});

		it('refuses every session write of the old holder after a takeover with LeaseLostError, changing nothing', async () => {
			const { a, b, session } = await twoProcesses(1);
			const { id, state } = session;
			const p = await a.joinParticipant(id, token(), 'p', 'g1', 1);
			await a.setRating(id, { participantId: p.id, itemId: 'x', value: 1 }, 1);
			await a.setDots(id, { participantId: p.id, allocation: { c1: 1 } }, 1);
			await a.collab.append(`${id}/g1`, [new Uint8Array([1])]);
			await claimWhenFree(b, id);
			const snapshot = async () => ({
				session: await b.sessionById(id),
				participants: await b.participants(id),
				ratings: await b.ratings(id),
				dots: await b.dots(id),
				doc: await b.collab.load(`${id}/g1`)
			});
			const before = await snapshot();
			const writes: Record<string, () => Promise<unknown>> = {
				saveState: () => a.saveState(titled(state, 'stale'), 1),
				saveGroups: () => a.saveGroups(titled(state, 'stale'), 1, [{ participantId: p.id, groupId: 'g2' }]),
				joinParticipant: () => a.joinParticipant(id, token(), 'late', null, 2),
				setRating: () => a.setRating(id, { participantId: p.id, itemId: 'x', value: 4 }, 2),
				setDots: () => a.setDots(id, { participantId: p.id, allocation: { c2: 2 } }, 2),
				clearDots: () => a.clearDots(id),
				markPublished: () => a.markPublished(id, { ratings: [{ participantId: p.id, itemId: 'x', value: 1 }], dots: [] }),
				append: () => a.collab.append(`${id}/g1`, [new Uint8Array([2])]),
				compact: () => a.collab.compact(`${id}/g1`, new Uint8Array([3]))
			};
			for (const [method, write] of Object.entries(writes)) {
				await expect(write(), method).rejects.toBeInstanceOf(LeaseLostError);
				expect(await snapshot(), method).toEqual(before);
			}
			// The new holder writes as usual.
			await b.setRating(id, { participantId: p.id, itemId: 'x', value: 3 }, 3);
			expect(await b.saveState(titled(state, 'theirs'), 1)).toBe(2);
		});

		it('commits a write racing a takeover before the new holder loads, or refuses it: none lands after', async () => {
			const { a, b, session } = await twoProcesses(150);
			const { id } = session;
			const p = await a.joinParticipant(id, token(), 'p', null, 1);
			const settle = (write: Promise<void>, what: string) => write.then(() => what, (error) => (error instanceof LeaseLostError ? '' : Promise.reject(error)));
			const write = (n: number) => [
				settle(a.setRating(id, { participantId: p.id, itemId: `i${n}`, value: n % 5 }, n), `i${n}`),
				settle(a.collab.append(`${id}/g1`, [new Uint8Array([n % 256])]), 'update')
			];
			// One write commits before the takeover starts; the last ones are asked for after it.
			const writes = write(0);
			await Promise.all(writes);
			let taken = false;
			let loaded: { ratings: string[]; updates: number } | undefined;
			const takeover = claimWhenFree(b, id).then(async () => {
				taken = true;
				loaded = { ratings: (await b.ratings(id)).map((r) => r.itemId).sort(), updates: (await b.collab.load(`${id}/g1`)).length };
			});
			for (let n = 1, after = 0; after < 5; n++) {
				if (taken) after++;
				writes.push(...write(n));
				await sleep(n % 4 === 0 ? 1 : 0);
			}
			await takeover;
			const outcomes = await Promise.all(writes);
			const committed = outcomes.filter((item) => item.startsWith('i')).sort();
			expect(committed).toContain('i0');
			expect(outcomes.at(-1)).toBe('');
			// What resolved is exactly what the new holder found when it loaded, and nothing came after.
			expect(loaded).toEqual({ ratings: committed, updates: outcomes.filter((item) => item === 'update').length });
			expect((await b.ratings(id)).map((r) => r.itemId).sort()).toEqual(committed);
			expect(await b.collab.load(`${id}/g1`)).toHaveLength(loaded!.updates);
		});

		it('deletes a session another process is writing: each write commits before or is refused, and nothing of it stays', async () => {
			const { a, b, session } = await twoProcesses();
			const { id } = session;
			const people = await Promise.all([1, 2, 3, 4].map(() => a.joinParticipant(id, token(), '', null, 1)));
			// A session that is gone is as stale as one saved by another: saveState says StaleStateError.
			const refusal = (error: unknown) => error instanceof LeaseLostError || error instanceof StaleStateError;
			const settle = (write: Promise<unknown>) => write.then(() => 'committed', (error) => (refusal(error) ? 'refused' : Promise.reject(error)));
			const writes: Array<Promise<string>> = [];
			// The state is saved as a room saves it: each save at the version the last one gave.
			let saving = Promise.resolve(1);
			let deleted = false;
			const deletion = sleep(20).then(async () => {
				await b.deleteSession(id);
				deleted = true;
			});
			// Should the deletion fail, the writes stop too (and `await deletion` says why).
			deletion.catch(() => (deleted = true));
			for (let n = 0, after = 0; after < 3; n++) {
				if (deleted) after++;
				for (const p of people) writes.push(settle(a.setRating(id, { participantId: p.id, itemId: `i${n}`, value: n % 5 }, n)));
				saving = saving.then((version) => a.saveState(titled(session.state, `t${n}`), version));
				writes.push(settle(saving));
				saving = saving.catch(() => Number.NaN);
				await sleep(1);
			}
			await deletion;
			const outcomes = await Promise.all(writes);
			expect(outcomes).toContain('committed');
			expect(outcomes.at(-1)).toBe('refused');
			expect(await b.sessionById(id)).toBeUndefined();
			expect(await b.ratings(id)).toEqual([]);
			expect(await b.participants(id)).toEqual([]);
		});

		it('delivers every signal to every process, the sender included', async () => {
			const [a, b] = [await open('process-a'), await open('process-b')];
			const deleted = (signal: ClusterSignal): signal is ClusterSignal & { type: 'deleted' } => signal.type === 'deleted' && signal.sessionId === 's1';
			const handover = (signal: ClusterSignal): signal is ClusterSignal & { type: 'handover' } => signal.type === 'handover';
			const heard = Promise.all([next(a, deleted), next(b, deleted)]);
			await a.signals.publish({ type: 'deleted', sessionId: 's1' });
			expect(await heard).toEqual([
				{ type: 'deleted', sessionId: 's1' },
				{ type: 'deleted', sessionId: 's1' }
			]);
			const handed = Promise.all([next(a, handover), next(b, handover)]);
			await b.signals.publish({ type: 'handover', sessionId: 's2', to: 'process-a' });
			expect(await handed).toEqual(Array(2).fill({ type: 'handover', sessionId: 's2', to: 'process-a' }));
		});

		it('runs work under one lock in only one of two processes (or callers) at a time', async () => {
			const [a, b] = [await open('process-a'), await open('process-b')];
			let finish!: () => void;
			let started!: () => void;
			const running = new Promise<void>((resolve) => (started = resolve));
			const first = a.exclusively('retention', async () => {
				started();
				await new Promise<void>((done) => (finish = done));
				return 'a';
			});
			await running;
			expect(await b.exclusively('retention', async () => 'b')).toEqual({ ran: false });
			expect(await a.exclusively('retention', async () => 'a again')).toEqual({ ran: false });
			// Another lock name is not held.
			expect(await b.exclusively('other work', async () => 'b')).toEqual({ ran: true, value: 'b' });
			finish();
			expect(await first).toEqual({ ran: true, value: 'a' });
			expect(await b.exclusively('retention', async () => 'b')).toEqual({ ran: true, value: 'b' });
		});

		it('migrates a fresh database once when several processes start on it at the same moment', async () => {
			const stores = await Promise.all(['p1', 'p2', 'p3'].map((owner) => open(owner)));
			const { id } = await newSession(stores[0]);
			expect((await stores[2].sessionById(id))?.id).toBe(id);
		});
	});
}
