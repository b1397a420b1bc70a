import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { facilitator, newToken, TestClient, type TestSocket } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { waitFor, YClient } from '../helpers/yjs';

const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
const requestId = () => newToken().slice(0, 22);

/** A phone whose connection comes back by itself, with the same token (as the real phone). */
async function flakyPhone(app: RunningApp, code: string, token = newToken()): Promise<TestClient> {
	return new TestClient(app.url, { role: 'participant', code, token, nickname: '' }, { reconnection: true }).connected();
}

/** Closes the transport under a socket.io client: as a phone that loses its network for a moment. */
const dropConnection = (socket: TestSocket) => socket.io.engine.close();

/**
 * What the phone does with one choice: sends it, and sends it again with the same request id
 * until an answer arrives (a dropped connection loses the answer, not the request's meaning).
 */
async function sendUntilAnswered(phone: TestClient, payload: Record<string, unknown>, dropAfterSend: boolean) {
	for (let attempt = 0; attempt < 50; attempt++) {
		if (!phone.socket.connected) await phone.connected();
		const answer = phone.emit('rating:set', payload);
		if (dropAfterSend && attempt === 0) dropConnection(phone.socket);
		try {
			return await Promise.race([answer, new Promise<never>((_, reject) => phone.socket.once('disconnect', () => reject(new Error('dropped'))))]);
		} catch {
			// No answer before the connection went: send the same request again.
		}
	}
	throw new Error('never answered');
}

describe('flaky phones', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
	});

	afterAll(async () => {
		host?.close();
		await app?.close();
		data.remove();
	});

	it('applies a request sent again only once: a late retry cannot overwrite a newer choice', async () => {
		const phone = await flakyPhone(app, session.code);
		const [itemId] = leaderItems;
		const first = { itemId, value: 1, requestId: requestId() };
		expect(await phone.emit('rating:set', first)).toEqual({ data: { itemId, value: 1 } });
		expect(await phone.emit('rating:set', { itemId, value: 3, requestId: requestId() })).toEqual({ data: { itemId, value: 3 } });
		// The first one again, as a phone whose answer was lost would send it: the first answer, nothing applied.
		expect(await phone.emit('rating:set', first)).toEqual({ data: { itemId, value: 1 } });
		const stored = (await app.context.store.ratings(session.id)).filter((rating) => rating.itemId === itemId);
		expect(stored.map((rating) => rating.value)).toEqual([3]);
		// Malformed ids are refused, and refused requests change nothing.
		expect(await phone.emit('rating:set', { itemId, value: 0, requestId: 'short' })).toMatchObject({ error: { code: 'invalid_payload' } });
		expect((await app.context.store.ratings(session.id)).find((rating) => rating.itemId === itemId)?.value).toBe(3);
		phone.close();
	});

	it('ends with exactly the ratings each phone last sent, however often its connection drops', async () => {
		const before = (await app.context.store.participants(session.id)).length;
		// One at a time, so the n-th new participant is the n-th phone.
		const phones: TestClient[] = [];
		for (let p = 0; p < 8; p++) phones.push(await flakyPhone(app, session.code));
		// Each phone: 25 choices of a random item and value; after a third of them the connection drops mid-send.
		const plans = fc.sample(
			fc.array(fc.record({ item: fc.integer({ min: 0, max: leaderItems.length - 1 }), value: fc.integer({ min: 0, max: 4 }), drop: fc.boolean() }), {
				minLength: 25,
				maxLength: 25
			}),
			{ numRuns: phones.length, seed: 20261123 }
		);
		const intended = await Promise.all(
			phones.map(async (phone, p) => {
				const last = new Map<string, number>();
				for (const [step, { item, value, drop }] of plans[p].entries()) {
					const itemId = leaderItems[item];
					const answer = await sendUntilAnswered(phone, { itemId, value, requestId: requestId() }, drop && step % 3 === 0);
					expect(answer).toEqual({ data: { itemId, value } });
					last.set(itemId, value);
				}
				return last;
			})
		);

		// No duplicate participant: reconnects came back as the same people.
		expect((await app.context.store.participants(session.id)).length).toBe(before + phones.length);
		// Every phone's own record is what it last sent, nothing more.
		const ratings = await app.context.store.ratings(session.id);
		const members = (await app.context.store.participants(session.id)).slice(before);
		for (const [p, member] of members.entries()) {
			const own = Object.fromEntries(ratings.filter((rating) => rating.participantId === member.id).map((rating) => [rating.itemId, rating.value]));
			expect(own).toEqual(Object.fromEntries(intended[p]));
		}
		// The room counts each phone once per item: the results match what the store has published
		// (in batches of three, so at most two per item wait), never a phone twice.
		const stored = await app.context.store.ratings(session.id);
		await host.until((client) =>
			leaderItems.every((itemId) => {
				const mine = stored.filter((rating) => rating.itemId === itemId);
				return client.results?.items.find((item) => item.itemId === itemId)?.count === mine.filter((rating) => rating.published !== undefined).length;
			})
		);
		for (const itemId of leaderItems) {
			expect(stored.filter((rating) => rating.itemId === itemId && rating.published !== rating.value).length).toBeLessThanOrEqual(2);
		}
		for (const phone of phones) phone.close();
	});

	it('loses no text when a group types through dropped connections', async () => {
		const tokens = [newToken(), newToken()];
		const phones = await Promise.all(tokens.map((token) => flakyPhone(app, session.code, token)));
		expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((client) => client.self?.groupId != null)));
		const docName = `${session.id}/${phones[0].self!.groupId}`;
		const writers = phones.map((phone) => new YClient(`ws://127.0.0.1:${app.port}`, docName, phone));
		await Promise.all(writers.map((writer) => writer.synced()));

		const typed = ['', ''];
		for (let round = 0; round < 20; round++) {
			for (const [w, writer] of writers.entries()) {
				const word = `${'ab'[w]}${round};`;
				writer.text.insert(writer.text.length, word);
				typed[w] += word;
				// Every fourth round this writer's connection drops right after typing, and comes back.
				if (round % 4 === w) {
					writer.provider.disconnect();
					writer.provider.connect();
				}
			}
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		await Promise.all(writers.map((writer) => writer.roundTrip()));
		await waitFor(() => writers[0].text.toString() === writers[1].text.toString(), 'the two phones to agree');
		for (const [w, writer] of writers.entries()) {
			const text = writer.text.toString();
			for (const word of typed[w].split(';').filter(Boolean)) expect(text, word).toContain(`${word};`);
		}
		// And the server has all of it, as a third reader sees.
		const reader = new YClient(`ws://127.0.0.1:${app.port}`, docName, phones[0], new Y.Doc());
		await reader.synced();
		expect(reader.text.toString()).toBe(writers[0].text.toString());
		for (const writer of [...writers, reader]) writer.destroy();
		for (const phone of phones) phone.close();
	});
});
