import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { facilitator, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const generalStep = introTool.steps.findIndex((step) => step.id === 'general-model');
const generalItem = introTool.items.find((item) => item.model === 'general')!.id;

/**
 * "Afslut workshop" ends a workshop without deleting it; "Slet" deletes it, and every open
 * view hears so before its connection closes.
 */
describe('the end of a workshop', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[];
	const bearer = () => ({ authorization: `Bearer ${session.facilitatorKey}` });

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all([1, 2, 3].map((n) => participant(app.url, session.code, undefined, `Leder ${n}`)));
		expect(await host.emit('step:goto', { index: generalStep })).toEqual({ data: null });
		for (const phone of phones) expect(await phone.emit('rating:set', { itemId: generalItem, value: 2 })).toMatchObject({ data: {} });
	});

	afterAll(async () => {
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('ends on the facilitator’s word only, and every view hears it', async () => {
		expect(await phones[0].emit('session:end', { ended: true })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await projector.emit('session:end', { ended: true })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await host.emit('session:end', { ended: true })).toEqual({ data: null });
		await Promise.all([projector, ...phones].map((client) => client.until((c) => c.session?.ended === true)));
		expect((await app.context.store.sessionById(session.id))?.state.endedAt).toEqual(expect.any(Number));
	});

	it('takes no more input from the phones once ended, and changes nothing', async () => {
		const committed = async () => (await app.context.store.ratings(session.id)).map(({ participantId, itemId, value }) => ({ participantId, itemId, value }));
		const before = await committed();
		expect(await phones[0].emit('rating:set', { itemId: generalItem, value: 4 })).toMatchObject({ error: { code: 'session_ended' } });
		expect(await phones[1].emit('dots:set', { allocation: {} })).toMatchObject({ error: { code: 'session_ended' } });
		expect(await committed()).toEqual(before);
	});

	it('keeps the summary and the exports of an ended workshop', async () => {
		const state = await fetch(`${app.url}/api/sessions/${session.id}`, { headers: bearer() });
		expect(state.status).toBe(200);
		const markdown = await fetch(`${app.url}/api/sessions/${session.id}/export?format=md`, { headers: bearer() });
		expect(markdown.status).toBe(200);
		expect(await markdown.text()).toContain('Vægten');
	});

	it('can be reopened, and the phones rate again', async () => {
		expect(await host.emit('session:end', { ended: false })).toEqual({ data: null });
		await phones[0].until((c) => c.session?.ended === false);
		expect(await phones[0].emit('rating:set', { itemId: generalItem, value: 3 })).toMatchObject({ data: {} });
	});

	it('tells every open view that the workshop is deleted before it closes the connection', async () => {
		const heard = [host, projector, ...phones].map(
			(client) =>
				new Promise<string[]>((resolve) => {
					const events: string[] = [];
					client.socket.on('session:deleted', () => events.push('deleted'));
					client.socket.on('disconnect', (reason) => resolve([...events, reason]));
				})
		);
		expect((await fetch(`${app.url}/api/sessions/${session.id}`, { method: 'DELETE', headers: bearer() })).status).toBe(204);
		for (const events of await Promise.all(heard)) expect(events).toEqual(['deleted', 'io server disconnect']);
	});

	it('answers a deleted workshop’s links with "no such workshop", the key’s included', async () => {
		const api = await fetch(`${app.url}/api/sessions/${session.id}`, { headers: bearer() });
		expect(api.status).toBe(404);
		expect(await api.json()).toMatchObject({ error: { code: 'not_found' } });
		const refusal = (client: Promise<TestClient>) => client.then(() => 'connected', (error: { data?: { code?: string } }) => error.data?.code);
		expect(await refusal(facilitator(app.url, session.id, session.facilitatorKey))).toBe('not_found');
		expect(await refusal(screen(app.url, session.id))).toBe('not_found');
		expect(await refusal(participant(app.url, session.code))).toBe('not_found');
		expect((await fetch(`${app.url}/s/${session.id}/screen`)).status).toBe(404);
	});
});
