import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDataDir } from '../helpers/server';
import { startCollab, storeCovers, waitFor, YClient, type TestCollab } from '../helpers/yjs';

/**
 * The endpoint's documents share one flush clock: what several documents were sent within one
 * flush interval is appended in one turn of the event loop, and so, by the store's group
 * commit, in a few transactions (SQLite: 16 documents each), however many documents there
 * are. Each document used to flush on a timer of its own: a hundred groups typing cost two
 * hundred commits a second.
 */
describe('flushing the documents of an endpoint', () => {
	const data = tempDataDir();
	const file = join(data.dir, 'collab.db');
	let collab: TestCollab;
	/** The documents appended in each turn, in order. */
	const turns: string[][] = [];
	let turn: string[] | null = null;

	beforeAll(async () => {
		collab = await startCollab(file, {
			limits: { flushMs: 1_000 },
			store: (sqlite) => ({
				...sqlite,
				append(docName, updates) {
					if (!turn) {
						turns.push((turn = []));
						setImmediate(() => (turn = null));
					}
					turn.push(docName);
					return sqlite.append(docName, updates);
				}
			})
		});
	});

	afterAll(async () => {
		await collab?.close();
		data.remove();
	});

	it('appends what five documents were sent one after another within flushMs in one turn, and commits all of it', async () => {
		const names = ['s1/g1', 's1/g2', 's1/g3', 's1/g4', 's1/g5'];
		const clients = names.map((name) => new YClient(collab.url, name, 'writer'));
		try {
			await waitFor(() => clients.every((client) => client.provider.synced), 'every sheet synced');
			// One after another: each has reached the server before the next document is typed in.
			for (const client of clients) {
				client.text.insert(0, 'hello');
				await client.roundTrip();
			}
			await waitFor(() => names.every((name) => turns.flat().includes(name)), 'every document appended');
			expect(turns.filter((docs) => docs.some((name) => names.includes(name)))).toEqual([names]);
			await waitFor(() => clients.every((client, i) => storeCovers(collab.db, names[i], client.doc)), 'every document committed');
		} finally {
			for (const client of clients) client.destroy();
		}
	});
});
