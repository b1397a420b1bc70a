import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { PROGRAMME_IDS, programmes } from '../../src/lib/template/programmes';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir } from '../helpers/server';

/** What a phone may be sent when it connects, everything together (issue 17). */
const CONNECT_BUDGET = 8 * 1024;

/**
 * A phone is sent what a phone shows (issue 17): the step the room is on and its items, not the
 * whole agenda with every slide in both languages; at most 8 KB on connect at any step of any
 * programme; a new version when the step changes; one view object per version, however many
 * phones connect (the transport encodes it once).
 */
describe('what a phone is sent of the content', () => {
	const data = tempDataDir();
	let app: RunningApp;
	const clients: TestClient[] = [];
	const start = (programme: string) => createSession(app.url, programme);
	/** A phone connected and shown its step: its own view, the session and its content. */
	const phone = async (code: string) => {
		const client = await participant(app.url, code);
		clients.push(client);
		return client.until((c) => c.self !== null && c.session !== null && c.phoneContent !== null);
	};

	beforeAll(async () => {
		app = await startTestApp(data.dir);
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await app.close();
		data.remove();
	});

	for (const id of PROGRAMME_IDS.filter((candidate) => !programmes[candidate].fromSession)) {
		it(`${id}: at every step a phone connects with at most 8 KB, the step and its items only`, async () => {
			const session = await start(id);
			const host = await facilitator(app.url, session.id, session.facilitatorKey);
			clients.push(host);
			await host.until((c) => c.content !== null);
			const steps = host.content!.steps;
			for (const [index, step] of steps.entries()) {
				if (step.skipped) continue;
				expect(await host.emit('step:goto', { index })).toEqual({ data: null });
				const client = await phone(session.code);
				expect(client.bytesReceived, `${id} step ${step.id}`).toBeLessThanOrEqual(CONNECT_BUDGET);
				expect(client.content).toBeNull();
				const shown = client.phoneContent!;
				expect(shown.step.id).toBe(step.id);
				expect(shown.step.title).toEqual(step.title);
				expect(shown.step.questions).toEqual(step.questions);
				expect(shown.step).not.toHaveProperty('paragraphs');
				expect(shown.step).not.toHaveProperty('roles');
				expect(shown.items.map((item) => item.id)).toEqual(step.kind === 'rating' ? host.content!.items.filter((item) => item.model === step.model).map((item) => item.id) : []);
				client.close();
			}
		});
	}

	it('sends the phones the next step when the room moves on, and the console keeps the whole content', async () => {
		const session = await start('intro');
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		await host.until((c) => c.content !== null);
		const phones = await Promise.all([1, 2, 3].map(() => phone(session.code)));
		const next = host.content!.steps.findIndex((step) => step.id === 'general-model');
		expect(await host.emit('step:goto', { index: next })).toEqual({ data: null });
		for (const client of phones) {
			await client.until((c) => c.phoneContent?.step.id === 'general-model');
			expect(client.phoneContent?.position).toEqual({ index: next + 1, total: host.content!.steps.filter((step) => !step.skipped).length });
		}
		expect(host.phoneContent).toBeNull();
		expect(host.content?.steps.length).toBeGreaterThan(1);
	});

	it('is one view per version, however many phones ask: a new one only when the step changes', async () => {
		const session = await start('leader-group');
		const room = (await app.context.rooms.byId(session.id))!;
		const first = room.phoneContentView();
		await phone(session.code);
		await phone(session.code);
		expect(room.phoneContentView()).toBe(first);
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		expect(await host.emit('step:goto', { index: 1 })).toEqual({ data: null });
		expect(room.phoneContentView()).not.toBe(first);
		expect(room.phoneContentView()).toBe(room.phoneContentView());
	});
});
