import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import { RoomRegistry } from '../../server/rooms/registry';
import { openSqliteStore } from '../../server/store/sqlite';
import type { Store } from '../../server/store/types';
import { newSession } from '../contract/fixture';
import { tempDataDir } from '../helpers/server';

/** The store decides whether a join code is free; the registry draws another when it is not. */
describe('join codes of new sessions', () => {
	let data: ReturnType<typeof tempDataDir>;
	let store: Store;
	beforeEach(() => {
		data = tempDataDir();
		store = openSqliteStore(data.dir);
	});
	afterEach(async () => {
		await store.close();
		data.remove();
	});

	/** The store, but the first `collisions` creates ask for a code that is in use already. */
	const colliding = (taken: string, collisions: number): Store => {
		let left = collisions;
		return Object.assign(Object.create(store) as Store, {
			createSession: (record: Parameters<Store['createSession']>[0]) =>
				store.createSession(left-- > 0 ? { ...record, code: taken, state: { ...record.state, code: taken } } : record)
		});
	};

	it('draws another code when the database refuses one as taken', async () => {
		const taken = await newSession(store);
		const created = await new RoomRegistry(colliding(taken.code, 3), introTool).create();
		expect(created.code).not.toBe(taken.code);
		expect((await store.sessionByCode(created.code))?.id).toBe(created.id);
		expect((await store.sessionByCode(taken.code))?.id).toBe(taken.id);
	});

	it('gives up after 20 taken codes, having created nothing', async () => {
		const taken = await newSession(store);
		await expect(new RoomRegistry(colliding(taken.code, 21), introTool).create()).rejects.toThrow(/free join code/);
		expect(await store.sessionsCreatedBefore(Date.now() + 1)).toEqual([taken.id]);
	});
});
