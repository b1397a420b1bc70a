import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { tempDataDir } from '../helpers/server';
import { openDb, rawSocket, startCollab, storedRows, type TestCollab } from '../helpers/yjs';

/**
 * An update that decodes, but that Yjs cannot apply whole: its second struct's origin lies
 * beyond its own clock, and Yjs throws on it only after integrating the first (found by the
 * hostile-input fuzzer, seed -2023044376). The server must close the sender and keep the
 * document, its store and its other readers as they were.
 */
const BROKEN = Uint8Array.from([0, 2, 34, 1, 2, 143, 202, 132, 155, 9, 0, 1, 1, 4, 98, 111, 100, 121, 1, 132, 143, 202, 132, 155, 9, 6, 1, 32, 1, 143, 202, 132, 155, 9, 1, 0, 1]);

describe('an update Yjs cannot apply whole', () => {
	const data = tempDataDir();
	let collab: TestCollab;

	beforeAll(async () => {
		collab = await startCollab(join(data.dir, 'collab.db'));
	});

	afterAll(async () => {
		await collab?.close();
		data.remove();
	});

	it('closes the sender and changes nothing of the document', async () => {
		const { ws, outcome } = rawSocket(`${collab.url}/collab/s1/g1?token=writer`);
		await new Promise((resolve) => ws.once('open', resolve));
		ws.send(BROKEN);
		const { closeCode } = await outcome;
		expect(closeCode).toBeGreaterThanOrEqual(4400);
		expect(closeCode).toBeLessThanOrEqual(4499);
		const empty = Y.encodeStateVector(new Y.Doc());
		// In memory, as every other reader would get it…
		expect(await collab.collab.use('s1/g1', (doc) => Y.encodeStateVector(doc))).toEqual(empty);
		// …and in the store, once everything pending is written.
		await collab.close();
		const db = openDb(join(data.dir, 'collab.db'));
		const stored = new Y.Doc();
		for (const row of storedRows(db, 's1/g1')) Y.applyUpdate(stored, row);
		db.close();
		expect(Y.encodeStateVector(stored)).toEqual(empty);
	});
});
