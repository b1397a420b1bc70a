import { join } from 'node:path';
import { Server as IoServer } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import * as Y from 'yjs';
import type { CollabStore } from '../../server/collab/types';
import { sqliteCollabStore } from '../../server/store/sqlite-collab';
import { tempDataDir } from '../helpers/server';
import { count, openDb, rawSocket, startCollab, storeCovers, storedRows, waitFor, YClient, type CollabOptions, type TestCollab } from '../helpers/yjs';

const SHEET = 'room_1/sheet-a';

describe('the collab endpoint', () => {
	const data = tempDataDir();
	const servers: TestCollab[] = [];
	const clients: YClient[] = [];
	let files = 0;

	/** Each test gets its own database file. */
	const dbFile = () => join(data.dir, `collab-${++files}.db`);

	async function start(file: string, options?: CollabOptions): Promise<TestCollab> {
		const server = await startCollab(file, options);
		servers.push(server);
		return server;
	}

	function client(server: TestCollab, token: string, doc?: Y.Doc, docName = SHEET): YClient {
		const created = new YClient(server.url, docName, token, doc);
		clients.push(created);
		return created;
	}

	afterEach(async () => {
		for (const created of clients.splice(0)) created.destroy();
		await Promise.all(servers.splice(0).map((server) => server.close()));
	});

	afterAll(() => data.remove());

	it('lets two writers converge on concurrent edits to the same text', async () => {
		const server = await start(dbFile());
		const [a, b] = [client(server, 'writer'), client(server, 'writer')];
		await Promise.all([a.synced(), b.synced()]);

		a.text.insert(0, 'alpha ');
		b.text.insert(0, 'beta ');

		await waitFor(() => a.text.length === 11 && a.text.toString() === b.text.toString(), 'both edits on both sides');
		expect(count(a.text.toString(), 'alpha ')).toBe(1);
		expect(count(a.text.toString(), 'beta ')).toBe(1);
	});

	it('refuses a bad token with HTTP 403 before any Yjs message, and a bad document name with 400', async () => {
		const server = await start(dbFile());
		const writer = client(server, 'writer');
		await writer.synced();
		writer.text.insert(0, 'secret');
		await writer.roundTrip();

		const intruder = client(server, 'guess');
		await waitFor(() => intruder.connectionCloses >= 2, 'two refused attempts');
		expect(intruder.provider.synced).toBe(false);
		expect(intruder.text.toString()).toBe('');

		const refused = await rawSocket(`${server.url}/collab/${SHEET}?token=guess`).outcome;
		expect(refused).toMatchObject({ status: 403, opened: false });
		expect(JSON.parse(refused.body!)).toEqual({ error: { code: 'forbidden', message: 'This token opens nothing.' } });

		for (const name of ['only-one', 'a/b/c', 'bad%20name/x', '%E0%A4%A/x', `${'a'.repeat(41)}/x`, '']) {
			const outcome = await rawSocket(`${server.url}/collab/${name}?token=writer`).outcome;
			expect(outcome.status, name).toBe(400);
		}
	});

	it('gives a reader the text and others’ presence, but applies none of its edits or presence', async () => {
		const file = dbFile();
		const server = await start(file);
		const writer = client(server, 'writer');
		await writer.synced();
		writer.text.insert(0, 'hello');
		const reader = client(server, 'reader');
		await waitFor(() => reader.text.toString() === 'hello', 'the reader to receive the text');

		// A first awareness state has clock 0, which y-protocols does not apply anywhere: set fields.
		writer.provider.awareness.setLocalStateField('user', 'writer');
		await writer.roundTrip();
		reader.provider.awareness.setLocalStateField('user', 'reader');
		reader.text.insert(5, ' EVIL');
		await reader.roundTrip();
		await writer.roundTrip();
		expect(writer.text.toString()).toBe('hello');
		expect(writer.provider.awareness.getStates().has(reader.doc.clientID)).toBe(false);
		expect(reader.provider.awareness.getStates().get(writer.doc.clientID)).toEqual({ user: 'writer' });

		writer.text.insert(5, ' world');
		await waitFor(() => reader.text.toString().includes(' world'), 'the reader to keep receiving');
		await server.close();

		const restarted = await start(file);
		const fresh = client(restarted, 'reader');
		await fresh.synced();
		expect(fresh.text.toString()).toBe('hello world');
	});

	it('merges edits made offline exactly once on reconnect', async () => {
		const server = await start(dbFile());
		const [a, b] = [client(server, 'writer'), client(server, 'writer')];
		await Promise.all([a.synced(), b.synced()]);
		a.text.insert(0, 'base.');
		await waitFor(() => b.text.toString() === 'base.', 'the base text on both sides');

		a.provider.disconnect();
		a.text.insert(a.text.length, ' offline-A');
		b.text.insert(b.text.length, ' online-B');
		await b.roundTrip();
		expect(a.text.toString()).toBe('base. offline-A');

		a.provider.connect();
		await waitFor(() => a.text.toString() === b.text.toString() && a.text.toString().includes('online-B'), 'convergence');
		for (const side of [a, b]) {
			const text = side.text.toString();
			expect([count(text, 'base.'), count(text, 'offline-A'), count(text, 'online-B')]).toEqual([1, 1, 1]);
		}
	});

	it('keeps the text across a restart: close() writes what the flush timer has not', async () => {
		const file = dbFile();
		const first = await start(file, { limits: { flushMs: 60_000 } });
		const writer = client(first, 'writer');
		await writer.synced();
		writer.text.insert(0, 'survives restarts');
		await writer.roundTrip();
		await first.close();

		const second = await start(file);
		const reader = client(second, 'reader');
		await reader.synced();
		expect(reader.text.toString()).toBe('survives restarts');
	});

	it('has committed an update within flushMs, with no shutdown (a second server reads it while the first lives on)', async () => {
		const file = dbFile();
		const first = await start(file, { limits: { flushMs: 100 } });
		const writer = client(first, 'writer');
		await writer.synced();
		writer.text.insert(0, 'committed');
		await writer.roundTrip();

		// The first server is never closed: as far as the file knows, it died.
		const second = await start(file);
		await waitFor(() => storeCovers(second.db, SHEET, writer.doc), 'the update to be committed', 2_000);
		const reader = client(second, 'reader');
		await reader.synced();
		expect(reader.text.toString()).toBe('committed');
	});

	it('syncs nobody before the document is loaded, and loads it once for concurrent clients', async () => {
		const file = dbFile();
		const seed = openDb(file);
		const earlier = new Y.Doc();
		earlier.getText('body').insert(0, 'stored.');
		await sqliteCollabStore(seed).append(SHEET, [Y.encodeStateAsUpdate(earlier)]);
		seed.close();

		let loads = 0;
		let release!: () => void;
		const gate = new Promise<void>((resolve) => (release = resolve));
		const held = (inner: CollabStore): CollabStore => ({
			...inner,
			async load(docName) {
				loads++;
				const updates = await inner.load(docName);
				await gate;
				return updates;
			}
		});
		const server = await start(file, { store: held });

		const offline = new Y.Doc();
		offline.getText('body').insert(0, 'local.');
		const a = client(server, 'writer', offline);
		await waitFor(() => a.provider.wsconnected && loads === 1, 'the first client to connect');
		const b = client(server, 'writer');
		await waitFor(() => b.provider.wsconnected, 'the second client to connect');
		expect([a.provider.synced, b.provider.synced]).toEqual([false, false]);

		release();
		await Promise.all([a.synced(), b.synced()]);
		expect(a.textAtSync[0]).toContain('stored.');
		expect(b.textAtSync[0]).toContain('stored.');
		await waitFor(() => a.text.toString() === b.text.toString() && b.text.toString().includes('local.'), 'convergence');
		for (const side of [a, b]) {
			const text = side.text.toString();
			expect([count(text, 'stored.'), count(text, 'local.')]).toEqual([1, 1]);
		}
		expect(loads).toBe(1);
	});

	it('closes a writer with 4413 when its update would make the document too large, and 1009 on an oversized frame', async () => {
		const server = await start(dbFile(), { limits: { maxDocumentBytes: 2_000, maxMessageBytes: 8_000 } });
		const keeper = client(server, 'writer');
		await keeper.synced();
		keeper.text.insert(0, 'small and safe');
		await keeper.roundTrip();

		const big = client(server, 'writer');
		await big.synced();
		big.text.insert(0, 'x'.repeat(5_000));
		await waitFor(() => big.closedWith !== null, 'the server to close the writer');
		expect(big.closedWith).toEqual({ code: 4413, reason: 'document-too-large' });

		await keeper.roundTrip();
		expect(keeper.text.toString()).toBe('small and safe');
		const late = client(server, 'reader');
		await late.synced();
		expect(late.text.toString()).toBe('small and safe');

		const { ws, outcome } = rawSocket(`${server.url}/collab/${SHEET}?token=writer`);
		await new Promise((resolve) => ws.once('open', resolve));
		ws.send(new Uint8Array(9_000));
		expect((await outcome).closeCode).toBe(1009);
	});

	it('compacts the log while in use, so that typing and deleting does not reach the size limit', async () => {
		const server = await start(dbFile(), { limits: { maxDocumentBytes: 2_000, flushMs: 10 } });
		const writer = client(server, 'writer');
		await writer.synced();
		// About 120 bytes of updates a round: 2 400 in all, over the limit unless compacted.
		for (let round = 0; round < 20; round++) {
			writer.text.insert(0, 'y'.repeat(100));
			writer.text.delete(0, 100);
			await writer.roundTrip();
			await waitFor(() => storeCovers(server.db, SHEET, writer.doc), `round ${round} to be stored`);
		}
		writer.text.insert(0, 'still here');
		await writer.roundTrip();
		expect(writer.closedWith).toBeNull();
		expect(storedRows(server.db, SHEET).length).toBeLessThan(20);

		const reader = client(server, 'reader');
		await reader.synced();
		expect(reader.text.toString()).toBe('still here');
	});

	it('compacts and releases a document nobody uses, and loads it again on demand', async () => {
		const server = await start(dbFile(), { limits: { idleMs: 200, flushMs: 20 } });
		const writer = client(server, 'writer');
		await writer.synced();
		writer.text.insert(0, 'one');
		await waitFor(() => storedRows(server.db, SHEET).length === 1, 'the first update to be stored');
		writer.text.insert(3, ' two');
		await waitFor(() => storedRows(server.db, SHEET).length === 2, 'the second update to be stored');
		expect(server.collab.loadedDocuments).toBe(1);

		writer.destroy();
		await waitFor(() => server.collab.loadedDocuments === 0, 'the document to be released');
		expect(storedRows(server.db, SHEET)).toHaveLength(1);

		const back = client(server, 'reader');
		await back.synced();
		expect(back.text.toString()).toBe('one two');
		expect(server.collab.loadedDocuments).toBe(1);
	});

	it('leaves upgrades outside /collab/ to their owners (a plain WebSocket server, socket.io)', async () => {
		const server = await start(dbFile());
		const echo = new WebSocketServer({ noServer: true });
		echo.on('connection', (ws) => ws.on('message', (message) => ws.send(message.toString())));
		server.http.on('upgrade', (req, socket, head) => {
			if (req.url === '/other') echo.handleUpgrade(req, socket, head, (ws) => echo.emit('connection', ws, req));
		});
		const io = new IoServer(server.http, { serveClient: false, destroyUpgrade: false });

		const other = new WebSocket(`${server.url}/other`);
		const echoed = await new Promise<string>((resolve) => {
			other.on('open', () => other.send('hello'));
			other.on('message', (message) => resolve(message.toString()));
		});
		expect(echoed).toBe('hello');

		const socket = ioClient(server.url.replace('ws:', 'http:'), { transports: ['websocket'], forceNew: true, reconnection: false });
		await new Promise((resolve, reject) => socket.once('connect', () => resolve(null)).once('connect_error', reject));
		expect(socket.connected).toBe(true);

		const writer = client(server, 'writer');
		await writer.synced();
		expect(writer.provider.synced).toBe(true);

		other.close();
		socket.disconnect();
		echo.close();
		writer.destroy();
		// Ours first: socket.io's close() closes the HTTP server too.
		await server.close();
		await io.close();
	});

	it('closes a connection that sends a malformed message with 4400, and carries on', async () => {
		const server = await start(dbFile());
		const writer = client(server, 'writer');
		await writer.synced();
		writer.text.insert(0, 'intact');
		await writer.roundTrip();

		const malformed: Array<number[] | string> = [
			[0, 2, 10, 1], // an update shorter than it says
			[0, 2, 3, 200, 200, 200], // an update that is no Yjs update
			[0, 9, 0], // no such sync message
			[1, 2, 200, 200], // an awareness update that is none
			'a text frame'
		];
		for (const message of malformed) {
			const { ws, outcome } = rawSocket(`${server.url}/collab/${SHEET}?token=writer`);
			await new Promise((resolve) => ws.once('open', resolve));
			ws.send(typeof message === 'string' ? message : new Uint8Array(message));
			expect((await outcome).closeCode, String(message)).toBe(4400);
		}

		await writer.roundTrip();
		expect(writer.text.toString()).toBe('intact');
		const reader = client(server, 'reader');
		await reader.synced();
		expect(reader.text.toString()).toBe('intact');
	});

	it('closes with 4403 the connections closeWhere picks, and no others', async () => {
		const server = await start(dbFile());
		const writer = client(server, 'writer');
		const screen = client(server, 'reader');
		const elsewhere = client(server, 'reader', undefined, 'room_1/sheet-b');
		await Promise.all([writer.synced(), screen.synced(), elsewhere.synced()]);

		server.collab.closeWhere((docName, access) => docName === SHEET && access.access === 'read');
		await waitFor(() => screen.closedWith !== null, 'the screen to be closed');
		expect(screen.closedWith).toEqual({ code: 4403, reason: 'access-revoked' });

		await Promise.all([writer.roundTrip(), elsewhere.roundTrip()]);
		expect(writer.connectionCloses + elsewhere.connectionCloses).toBe(0);
	});

	it('removes a session’s documents by exact, case-sensitive prefix', async () => {
		const db = openDb(dbFile());
		const store = sqliteCollabStore(db);
		const update = Y.encodeStateAsUpdate(new Y.Doc());
		for (const name of ['s_1/a', 's_1/b', 'sX1/c', 'S_1/d', 's_10/e']) await store.append(name, [update]);

		await store.removeAll('s_1/');

		const left = db.prepare<[], { doc: string }>('SELECT DISTINCT doc FROM collab_updates ORDER BY doc').all();
		expect(left.map((row) => row.doc)).toEqual(['S_1/d', 'sX1/c', 's_10/e']);
		db.close();
	});
});
