import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as sync from 'y-protocols/sync';
import * as Y from 'yjs';
import { COLLAB_CLOSE } from '../../src/lib/collab-close';
import type { RunningApp } from '../../server/app';
import { facilitator, newToken, participant, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { startCollab, ticketPath, waitFor, YClient } from '../helpers/yjs';

const MATES = 6;
const MB = 1024 * 1024;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An awareness message as y-protocols writes it: entries of client id, clock and JSON state. */
function awareness(entries: Array<{ clientID: number; clock: number; state: unknown }>): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const { clientID, clock, state } of entries) {
		encoding.writeVarUint(inner, clientID);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, JSON.stringify(state));
	}
	const outer = encoding.createEncoder();
	encoding.writeVarUint(outer, 1);
	encoding.writeVarUint8Array(outer, encoding.toUint8Array(inner));
	return encoding.toUint8Array(outer);
}

/** `count` one-character Yjs updates, each as a sync update message. */
function updates(count: number): Uint8Array[] {
	const doc = new Y.Doc();
	const messages: Uint8Array[] = [];
	doc.on('update', (update: Uint8Array) => {
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		sync.writeUpdate(encoder, update);
		messages.push(encoding.toUint8Array(encoder));
	});
	for (let i = 0; i < count; i++) doc.getText('theme-safety.0').insert(i, 'x');
	doc.destroy();
	return messages;
}

const isSyncStep2 = (data: Buffer) => {
	const decoder = decoding.createDecoder(new Uint8Array(data));
	return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === sync.messageYjsSyncStep2;
};

/**
 * A plain WebSocket on a sheet that counts what the server sends it. `opened` resolves once
 * the server has joined it to the document (its first sync step 1 arrived); `settled` once
 * everything the server sent before has arrived (a sync step 1 answered by a step 2).
 */
function rawPeer(url: string) {
	const ws = new WebSocket(url);
	const peer = { ws, bytes: 0, messages: 0, closed: null as number | null };
	ws.on('error', () => undefined);
	ws.on('close', (code) => (peer.closed = code));
	const opened = new Promise<void>((resolve, reject) => {
		ws.once('message', () => resolve());
		ws.once('close', (code) => reject(new Error(`closed with ${code} before it joined`)));
	});
	ws.on('message', (data: Buffer) => {
		peer.bytes += data.length;
		peer.messages += 1;
	});
	const settled = () =>
		new Promise<void>((resolve) => {
			const onMessage = (data: Buffer) => isSyncStep2(data) && (ws.off('message', onMessage), resolve());
			ws.on('message', onMessage);
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			sync.writeSyncStep1(encoder, new Y.Doc());
			ws.send(encoding.toUint8Array(encoder));
		});
	const closedWith = () => waitFor(() => peer.closed !== null, 'the server to close the connection', 10_000).then(() => peer.closed);
	return { peer, opened, settled, closedWith };
}

describe('the Yjs endpoint’s limits per connection', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	const tokens = Array.from({ length: MATES + 2 }, () => newToken());
	let phones: TestClient[] = [];
	const sockets: WebSocket[] = [];
	const clients: YClient[] = [];
	let doc = '';

	const wsUrl = () => app.url.replace('http', 'ws');
	/** The collab URL phone `index` opens its group's sheet with: a fresh ticket each time. */
	const sheetUrl = async (index: number) => `${wsUrl()}${await ticketPath(phones[index], doc)}`;
	const open = async (index: number) => {
		const opened = rawPeer(await sheetUrl(index));
		sockets.push(opened.peer.ws);
		await opened.opened;
		return opened;
	};
	const yClient = async (index: number) => {
		const client = new YClient(wsUrl(), doc, phones[index]);
		clients.push(client);
		await client.synced();
		return client;
	};
	/** The group mates (phones 1–6), each a plain socket counting what it receives. */
	const mates = () => Promise.all(Array.from({ length: MATES }, (_, i) => open(i + 1)));

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		for (const token of tokens) phones.push(await participant(app.url, session.code, token));
		expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.self?.groupId === 'g1')));
		doc = `${session.id}/g1`;
	});

	afterAll(async () => {
		for (const client of clients) client.destroy();
		for (const ws of sockets) ws.terminate();
		for (const client of [host, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('closes a phone that sends 150 awareness messages of 100 KB in a second; its six mates receive under 1 MB', async () => {
		const group = await mates();
		const attacker = await open(0);
		const padding = 'x'.repeat(100 * 1024);
		for (let clock = 1; clock <= 150; clock++) attacker.peer.ws.send(awareness([{ clientID: 4242, clock, state: { user: { name: padding } } }]));
		expect(await attacker.closedWith()).toBe(COLLAB_CLOSE.tooMuch.code);
		await Promise.all(group.map((mate) => mate.settled()));
		for (const mate of group) expect(mate.peer.bytes).toBeLessThan(1 * MB);
		for (const mate of group) mate.peer.ws.terminate();
	});

	it('closes a phone that floods small awareness messages, each under the size cap, before its mates receive 1 MB', async () => {
		const group = await mates();
		const attacker = await open(0);
		const padding = 'x'.repeat(3_900);
		for (let clock = 1; clock <= 300; clock++) attacker.peer.ws.send(awareness([{ clientID: 4343, clock, state: { user: { name: padding } } }]));
		expect(await attacker.closedWith()).toBe(COLLAB_CLOSE.tooMuch.code);
		await Promise.all(group.map((mate) => mate.settled()));
		for (const mate of group) expect(mate.peer.bytes).toBeLessThan(1 * MB);
		for (const mate of group) mate.peer.ws.terminate();
	});

	it('closes a phone that sends 3,000 updates at once, with the code; most of them are never applied', async () => {
		const mate = await yClient(1);
		const attacker = await open(0);
		for (const message of updates(3_000)) attacker.peer.ws.send(message);
		expect(await attacker.closedWith()).toBe(COLLAB_CLOSE.tooMuch.code);
		await mate.roundTrip();
		expect(mate.doc.getText('theme-safety.0').length).toBeGreaterThan(0);
		expect(mate.doc.getText('theme-safety.0').length).toBeLessThan(1_000);
		expect(mate.closedWith).toBeNull();
		mate.destroy();
	});

	it('lets a connection announce 4 awareness clients, and closes it at the fifth; the mates never see it', async () => {
		const mate = await yClient(1);
		const attacker = await open(0);
		const ids = [9001, 9002, 9003, 9004, 9005];
		for (const clientID of ids.slice(0, 4)) attacker.peer.ws.send(awareness([{ clientID, clock: 1, state: { user: { name: `fake ${clientID}` } } }]));
		await attacker.settled();
		await mate.roundTrip();
		expect(attacker.peer.closed).toBeNull();
		expect(ids.filter((id) => mate.provider.awareness.getStates().has(id))).toEqual(ids.slice(0, 4));
		attacker.peer.ws.send(awareness([{ clientID: ids[4], clock: 1, state: { user: { name: 'one too many' } } }]));
		expect(await attacker.closedWith()).toBe(COLLAB_CLOSE.tooMuch.code);
		await mate.roundTrip();
		expect(mate.provider.awareness.getStates().has(ids[4])).toBe(false);
		mate.destroy();
	});

	it('never closes a group whose phones all move between fields at once: the echoes y-websocket sends cost no awareness budget', async () => {
		const group = await Promise.all([1, 2, 3, 4, 5, 6].map((index) => yClient(index)));
		// Each phone's own changes stay within its awareness burst; with what it echoes of the others' (5 × 15) they would not.
		for (let move = 0; move < 15; move++) {
			for (const [n, phone] of group.entries()) phone.provider.awareness.setLocalStateField('typing', `theme-safety.${(move + n) % 2}`);
		}
		await Promise.all(group.map((phone) => phone.roundTrip()));
		await Promise.all(group.map((phone) => phone.roundTrip()));
		for (const phone of group) {
			expect(phone.closedWith).toBeNull();
			expect(phone.connectionCloses).toBe(0);
			expect(phone.provider.awareness.getStates().size).toBeGreaterThanOrEqual(MATES);
		}
		for (const phone of group) phone.destroy();
	});

	it('never refuses a fast typist: 20 keystrokes a second for 10 s, moving between fields, then a 2,000-character paste', { timeout: 60_000 }, async () => {
		const typist = await yClient(MATES + 1);
		const mate = await yClient(1);
		const field = (n: number) => typist.doc.getText(`theme-role.${n}`);
		typist.provider.awareness.setLocalStateField('user', { name: 'Hurtige Hanne' });
		let expected = '';
		for (let k = 0; k < 200; k++) {
			// Every second she moves to the other field, as a tap there does.
			if (k % 20 === 0) typist.provider.awareness.setLocalStateField('typing', `theme-role.${(k / 20) % 2}`);
			const char = String.fromCharCode(97 + (k % 26));
			field(0).insert(field(0).length, char);
			expected += char;
			await sleep(50);
		}
		const paste = 'Vi taler om fejl og tvivl på hvert møde, og vi øver os. '.repeat(40).slice(0, 2_000);
		field(1).insert(0, paste);
		await typist.roundTrip();
		await mate.roundTrip();
		expect(mate.doc.getText('theme-role.0').toString()).toBe(expected);
		expect(mate.doc.getText('theme-role.1').toString()).toBe(paste);
		expect(typist.closedWith).toBeNull();
		expect(typist.connectionCloses).toBe(0);
		expect(mate.connectionCloses).toBe(0);
		expect(app.context.collab!.stats.refused).toBe(4);
	});
});

describe('a client that asks for more than it reads', () => {
	const data = tempDataDir();
	afterAll(() => data.remove());

	it('is cut off once more than maxBufferedBytes wait for it, and leaves its group', async () => {
		const server = await startCollab(join(data.dir, 'buffered.db'), { limits: { maxBufferedBytes: 256 * 1024 } });
		const writer = new YClient(server.url, 'room_1/sheet', 'writer');
		try {
			await writer.synced();
			writer.text.insert(0, 'Ærligt talt. '.repeat(15_000));
			await writer.roundTrip();
			const greedy = rawPeer(`${server.url}/collab/room_1/sheet?token=writer`);
			await greedy.opened;
			greedy.peer.ws.send(awareness([{ clientID: 777, clock: 1, state: { user: { name: 'Grådig' } } }]));
			await waitFor(() => writer.provider.awareness.getStates().has(777), 'the greedy client to be present');
			// It stops reading, and asks for the whole document again and again.
			(greedy.peer.ws as unknown as { _socket: { pause(): void } })._socket.pause();
			const encoder = encoding.createEncoder();
			encoding.writeVarUint(encoder, 0);
			sync.writeSyncStep1(encoder, new Y.Doc());
			for (let i = 0; i < 150; i++) greedy.peer.ws.send(encoding.toUint8Array(encoder));
			await waitFor(() => !writer.provider.awareness.getStates().has(777), 'the server to cut the greedy client off', 20_000);
			expect(server.collab.stats.refused).toBe(1);
			greedy.peer.ws.terminate();
		} finally {
			writer.destroy();
			await server.close();
		}
	});
});
