import { randomBytes } from 'node:crypto';
import { initialState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';
import type { SessionRecord, Store } from '../../server/store/types';

/** One store under test, on a database of its own. */
export interface StoreUnderTest {
	store: Store;
	/**
	 * A second, independent store (its own connections) on the same database, as another part of
	 * the same process: in a shared store it has the same lease owner, so after its own `claim`
	 * (see `holding`) it writes the sessions the first holds. Closed by the caller.
	 */
	another(): Promise<Store>;
	/** Closes `store` and removes the database. */
	dispose(): Promise<void>;
}

/** Opens a fresh, empty database each time it is called. */
export type MakeStore = () => Promise<StoreUnderTest>;

/** The suite's handle on the store of the test that runs now. */
export type Current = () => StoreUnderTest;

let seq = 0;
/** A join code no other test session has (the contract does not check the alphabet). */
export const uniqueCode = (): string => `C${(seq++).toString(36).toUpperCase().padStart(5, '0')}`;
export const uniqueId = (): string => randomBytes(12).toString('base64url');

/** Long enough for any test: the fixture's leases never expire under it. */
export const TEST_LEASE_MS = 10 * 60_000;

/** Lets `store` write the session: claims its lease (in a shared store writes are fenced by it; SQLite grants it). */
export async function holding(store: Store, sessionId: string): Promise<void> {
	const claim = await store.leases.claim(sessionId, TEST_LEASE_MS);
	if (!claim.held) throw new Error(`The test store could not claim ${sessionId}: ${claim.owner} holds it.`);
}

/** Creates a session from the built-in template, and claims it for `store`; `createdAt` defaults to now. */
export async function newSession(store: Store, init: Partial<{ id: string; code: string; createdAt: number }> = {}): Promise<SessionRecord> {
	const id = init.id ?? uniqueId();
	const code = init.code ?? uniqueCode();
	const createdAt = init.createdAt ?? Date.now();
	const state = initialState(introTool, { id, code, createdAt });
	await store.createSession({ id, code, keyHash: 'a'.repeat(64), createdAt, state });
	await holding(store, id);
	return { id, code, keyHash: 'a'.repeat(64), createdAt, state, version: 1 };
}

export const titled = (state: SessionState, title: string): SessionState => ({ ...state, title });

/** Runs `read` against a newly opened, independent store, and closes it. */
export async function readElsewhere<T>(subject: StoreUnderTest, read: (store: Store) => Promise<T>): Promise<T> {
	const other = await subject.another();
	try {
		return await read(other);
	} finally {
		await other.close();
	}
}

export const token = (): string => randomBytes(32).toString('hex');

/**
 * One of everything a person leaves in a session: a participant, a rating, dots, what was
 * published of them, a line in a group's sheet. For the tests that look for what is left after.
 */
export async function oneOfEverything(store: Store, id: string): Promise<void> {
	const a = await store.joinParticipant(id, token(), 'a', 'g1', 1);
	await store.setRating(id, { participantId: a.id, itemId: 'x', value: 2 }, 2);
	await store.setDots(id, { participantId: a.id, allocation: { c1: 1 } }, 2);
	await store.markPublished(id, { ratings: [{ participantId: a.id, itemId: 'x', value: 2 }], dots: [{ participantId: a.id, allocation: { c1: 1 } }] });
	await store.collab.append(`${id}/g1`, [new Uint8Array([1, 2, 3])]);
}
