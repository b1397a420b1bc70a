import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { facilitator, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

/** What the server may send for one rating: its acknowledgement, to the phone that rated. */
const ACK_BUDGET = 96;
/** One results message to the screen, whatever the size of the room: it grows with the items, never with the people. */
const RESULTS_BUDGET = 4 * 1024;
const PHONES = 30;

/**
 * Deterministic budgets of what a rating costs the room's connections (issue 17): a phone is sent
 * its own acknowledgement and nothing of anyone else's ratings, so a room of 10,000 costs each
 * phone what a room of ten does; the screen's results message does not grow with the room.
 */
describe('what a rating costs in messages', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	const phones: TestClient[] = [];

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		await host.until((c) => c.content !== null);
		const leaderStep = host.content!.steps.findIndex((step) => step.kind === 'rating' && step.model === 'leader');
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
		for (let p = 0; p < PHONES; p++) phones.push(await participant(app.url, session.code));
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.stepIndex === leaderStep && c.phoneContent !== null)));
		await projector.until((c) => c.results?.participants === PHONES);
	});
	afterAll(async () => {
		for (const client of [host, projector, ...phones]) client?.close();
		await app.close();
		data.remove();
	});

	it('sends a phone its own acknowledgement and nothing of the others’ ratings; the screen’s results stay small', async () => {
		const items = host.content!.items.filter((item) => item.model === 'leader').map((item) => item.id);
		const before = phones.map((phone) => phone.bytesReceived);
		const screenBefore = projector.bytesReceived;
		let messages = 0;
		projector.socket.on('results:changed', () => (messages += 1));
		// Every phone rates three items; one phone (the first) rates nine.
		const rated = phones.map((_, p) => (p === 0 ? 9 : 3));
		for (const [p, phone] of phones.entries()) {
			for (let k = 0; k < rated[p]; k++) expect(await phone.emit('rating:set', { itemId: items[k % items.length], value: (p + k) % 5 })).toMatchObject({ data: {} });
		}
		await projector.until((c) => c.results!.items.some((item) => item.count >= PHONES));
		for (const [p, phone] of phones.entries()) {
			const received = phone.bytesReceived - before[p];
			expect(received, `phone ${p}`).toBeLessThanOrEqual(rated[p] * ACK_BUDGET);
			expect(received, `phone ${p}`).toBeGreaterThan(0);
		}
		expect(messages).toBeGreaterThan(0);
		expect((projector.bytesReceived - screenBefore) / messages).toBeLessThanOrEqual(RESULTS_BUDGET);
	});
});
