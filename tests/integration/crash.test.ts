import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { pointParts, readAgreement, seedAgreement } from '../../src/lib/agreement';
import type { Handshake } from '../../src/lib/protocol';
import { introTool } from '../../src/lib/template/intro-tool';
import { facilitator, newToken, participant, TestClient } from '../helpers/clients';
import { createSession, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server';
import { openDb, storedRows, ticketed } from '../helpers/yjs';

const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');

describe('a crash', () => {
	const data = tempDataDir();
	let server: ServerProcess | undefined;

	afterAll(async () => {
		await server?.kill();
		data.remove();
	});

	it('loses no acknowledged rating when the server is killed with SIGKILL', async () => {
		server = await spawnServer(data.dir);
		const session = await createSession(server.url);
		expect(session.joinUrl).toBe(`http://phones.test/j/${session.code}`);
		const host = await facilitator(server.url, session.id, session.facilitatorKey);
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });

		const tokens = Array.from({ length: 10 }, () => newToken());
		const phones = await Promise.all(tokens.map((token) => participant(server!.url, session.code, token)));
		const acknowledged = new Map<string, number[]>();
		await Promise.all(
			phones.map(async (phone, p) => {
				for (const [i, itemId] of leaderItems.entries()) {
					const value = (p + i) % 5;
					const reply = await phone.emit('rating:set', { itemId, value });
					if ('data' in reply) acknowledged.set(itemId, [...(acknowledged.get(itemId) ?? []), value]);
				}
			})
		);
		await server.kill();
		for (const client of [host, ...phones]) client.close();

		// Every acknowledged rating is in the crashed server's file (what the screen shows of them
		// comes in batches of three, src/lib/session/publication.ts: the file is the truth).
		const db = openDb(join(data.dir, 'vaegten.db'));
		try {
			for (const itemId of leaderItems) {
				const values = acknowledged.get(itemId) ?? [];
				const stored = db
					.prepare<[string, string], { value: number }>('SELECT value FROM ratings WHERE session_id = ? AND item_id = ?')
					.all(session.id, itemId)
					.map((row) => row.value);
				expect(stored.sort()).toEqual([...values].sort());
			}
		} finally {
			db.close();
		}
		server = await spawnServer(data.dir);
		const response = await fetch(`${server.url}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		const body = (await response.json()) as { participants: number; step: { index: number }; items: Array<{ id: string; count: number }> };
		expect(body.participants).toBe(10);
		expect(body.step.index).toBe(leaderStep);
		for (const itemId of leaderItems) expect(body.items.find((candidate) => candidate.id === itemId)!.count).toBeGreaterThanOrEqual((acknowledged.get(itemId) ?? []).length - 2);
	});
});

/** A y-websocket client as the phones and the console use it, reconnecting by itself with a fresh ticket from `client` each time. */
function sheet(baseUrl: string, docName: string, client: TestClient) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseUrl.replace('http', 'ws')}/collab`, docName, doc, { ...ticketed(client, docName), maxBackoffTime: 500 });
	return { doc, provider, text: doc.getText('crash-test') };
}

async function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
}

describe('a crash in the middle of a workshop', () => {
	const data = tempDataDir();
	let server: ServerProcess | undefined;
	const closers: Array<() => void> = [];

	afterAll(async () => {
		for (const close of closers) close();
		await server?.kill();
		data.remove();
	});

	it('keeps every acknowledged rating, the groups’ text up to a second before, and the agreement; everyone resumes by themselves', async () => {
		server = await spawnServer(data.dir);
		const port = new URL(server.url).port;
		const session = await createSession(server.url);
		const connect = (handshake: Handshake) => new TestClient(server!.url, handshake, { reconnection: true }).connected();
		const host = await connect({ role: 'facilitator', sessionId: session.id, key: session.facilitatorKey });
		const tokens = Array.from({ length: 50 }, () => newToken());
		const phones = await Promise.all(tokens.map((token) => connect({ role: 'participant', code: session.code, token, nickname: '' })));
		closers.push(...[host, ...phones].map((client) => () => client.close()));

		// Two groups, one writer in each, and the agreement drafted by the facilitator.
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((client) => client.self?.groupId != null)));
		const writers = ['g1', 'g2'].map((groupId) => {
			const member = phones.findIndex((phone) => phone.self?.groupId === groupId);
			return sheet(server!.url, `${session.id}/${groupId}`, phones[member]);
		});
		const agreement = sheet(server.url, `${session.id}/agreement`, host);
		closers.push(...[...writers, agreement].map((opened) => () => opened.provider.destroy()));
		await until(() => [...writers, agreement].every((opened) => opened.provider.synced), 'the sheets to sync');
		seedAgreement(agreement.doc, { title: 'Aftale om lederes trivsel', points: ['Fast sparring hver måned', 'Færre møder om fredagen'], followUp: '2027-02-23' });
		pointParts(agreement.doc, 0).firstStep.insert(0, 'Book de første tre møder');
		const drafted = readAgreement(agreement.doc);

		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });

		// Everyone at work: phones rate each leader item once, the writers type a word every 50 ms.
		const acknowledged = new Map<number, Map<string, number>>();
		let typing = true;
		const typed = writers.map(() => [] as Array<{ at: number; text: string }>);
		const typists = writers.map(async (writer, w) => {
			for (let word = 0; typing; word++) {
				writer.text.insert(writer.text.length, `${w}:${word} `);
				typed[w].push({ at: Date.now(), text: writer.text.toString() });
				await new Promise((resolve) => setTimeout(resolve, 50));
			}
		});
		const raters = phones.map(async (phone, p) => {
			for (const [i, itemId] of leaderItems.entries()) {
				const value = (p + i) % 5;
				const reply = await phone.emit('rating:set', { itemId, value }).catch(() => null);
				if (reply && 'data' in reply) acknowledged.set(p, (acknowledged.get(p) ?? new Map()).set(itemId, value));
				await new Promise((resolve) => setTimeout(resolve, 40 + ((p * 7 + i * 13) % 60)));
			}
		});

		await new Promise((resolve) => setTimeout(resolve, 1_500));
		const killedAt = Date.now();
		await server.kill();
		typing = false;
		await Promise.all([...typists, ...raters]);
		expect([...acknowledged.values()].reduce((sum, own) => sum + own.size, 0)).toBeGreaterThan(100);

		// What the crashed server had committed, read from its database before anyone reconnects
		// (a reconnecting writer would send its text again and hide a loss).
		const db = openDb(join(data.dir, 'vaegten.db'));
		const stored = (docName: string) => {
			const doc = new Y.Doc();
			for (const row of storedRows(db, docName)) Y.applyUpdate(doc, row);
			return doc;
		};
		for (const [w, writer] of writers.entries()) {
			const before = typed[w].filter((entry) => entry.at <= killedAt - 1_000).at(-1);
			expect(before, 'typing started more than a second before the crash').toBeDefined();
			expect(stored(writer.provider.roomname).getText('crash-test').toString().startsWith(before!.text)).toBe(true);
		}
		expect(readAgreement(stored(`${session.id}/agreement`))).toEqual(drafted);
		db.close();

		// Back on the same port and data; nobody touches a client.
		server = await spawnServer(data.dir, Number(port));
		await until(() => [host, ...phones].every((client) => client.socket.connected), 'every socket.io client to reconnect');
		await until(() => [...writers, agreement].every((opened) => opened.provider.wsconnected && opened.provider.synced), 'every sheet to reconnect');

		// Every acknowledged rating is there, as the phones' own view after the reconnect shows.
		for (const [p, own] of acknowledged) {
			await phones[p].until((client) => [...own].every(([itemId, value]) => client.self?.ratings[itemId] === value), 5_000);
		}
		// The writers carry on where they were: what each has is on the server again.
		for (const writer of writers) {
			const reader = sheet(server.url, writer.provider.roomname, host);
			closers.push(() => reader.provider.destroy());
			await until(() => reader.provider.synced && reader.text.toString() === writer.text.toString(), 'a fresh reader to see the writer');
		}
		// Still 50 people, in their groups, at the same step.
		expect(host.session?.stepIndex).toBe(leaderStep);
		expect((await (await fetch(`${server.url}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } })).json()).participants).toBe(50);
	});
});
