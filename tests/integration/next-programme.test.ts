import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import type { NextCreated } from '../../src/lib/protocol';
import { programmes, TOOL_PROGRAMMES } from '../../src/lib/template/programmes';
import { facilitator, newToken, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

/**
 * "Hvor kan I med fordel starte" (issue 16, point 5): the console starts one of the three tools
 * as a new session for the same people (`programme:next`); the screen and the phones hear its code.
 */
describe('handing over to the next tool', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let intro: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phone: TestClient;
	const token = newToken();
	const clients: TestClient[] = [];
	const keep = <T extends TestClient>(client: T) => (clients.push(client), client);
	const sessions = async () => (await app.context.store.sessionsCreatedBefore(Date.now() + 1)).length;

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		intro = await createSession(app.url);
		host = keep(await facilitator(app.url, intro.id, intro.facilitatorKey));
		projector = keep(await screen(app.url, intro.id));
		phone = keep(await participant(app.url, intro.code, token, 'Mette'));
		await host.until((client) => client.session !== null);
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await app.close();
		data.remove();
	});

	it('refuses participants, the screen and bad payloads, and changes nothing', async () => {
		const before = await sessions();
		const state = JSON.stringify(await app.context.rooms.stateOf(intro.id));
		for (const client of [phone, projector]) {
			expect(await client.emit('programme:next', { programme: TOOL_PROGRAMMES[2] })).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
		}
		for (const payload of [{}, { programme: 'intro' }, { programme: 'follow-up' }, { programme: 'nonsense' }, { programme: TOOL_PROGRAMMES[1], extra: 1 }, 'leader-group', null]) {
			expect(await host.emit('programme:next', payload), JSON.stringify(payload)).toEqual({ error: { code: 'invalid_payload', message: expect.any(String) } });
		}
		expect(await sessions()).toBe(before);
		expect(JSON.stringify(await app.context.rooms.stateOf(intro.id))).toBe(state);
		expect(host.session?.next).toBeNull();
	});

	it('creates exactly one session of the chosen programme, in the same language, even when sent twice at once', async () => {
		expect(await host.emit('language:set', { locale: 'en' })).toEqual({ data: null });
		const before = await sessions();
		const programme = TOOL_PROGRAMMES[2];
		const [first, second] = await Promise.all([host.emit<NextCreated>('programme:next', { programme }), host.emit<NextCreated>('programme:next', { programme })]);
		expect(first).toEqual({ data: expect.objectContaining({ programme, nextOf: intro.id, code: expect.stringMatching(/^[A-Z0-9]{6}$/) }) });
		expect(second).toEqual(first);
		// And resent later (a lost answer): the same session again.
		expect(await host.emit('programme:next', { programme })).toEqual(first);
		expect(await sessions()).toBe(before + 1);
		const created = 'data' in first ? first.data : null;
		const state = await app.context.rooms.stateOf(created!.id);
		expect(state?.title).toBe(programmes[programme].template.title.en);
		expect(state?.locale).toBe('en');
		expect(state?.steps.map((step) => step.id)).toEqual(programmes[programme].template.steps.map((step) => step.id));
		// The key in the answer opens the new console.
		const next = keep(await facilitator(app.url, created!.id, created!.facilitatorKey));
		await next.until((client) => client.content?.id === created!.id);
		expect((await app.context.rooms.stateOf(intro.id))?.next).toEqual({ programme, sessionId: created!.id, code: created!.code, title: programmes[programme].template.title.en });
	});

	it('tells the screen and every phone the new code, also after a reload', async () => {
		const link = (await app.context.rooms.stateOf(intro.id))!.next!;
		for (const client of [host, projector, phone]) await client.until((c) => c.session?.next?.code === link.code);
		expect(phone.session?.next).toEqual(link);
		const reloaded = keep(await participant(app.url, intro.code, token, 'Mette'));
		await reloaded.until((client) => client.session !== null);
		expect(reloaded.session?.next).toEqual(link);
	});

	it('lets a phone join the new session with the same nickname', async () => {
		const link = (await app.context.rooms.stateOf(intro.id))!.next!;
		const state = await app.context.rooms.stateOf(intro.id);
		const joined = keep(await participant(app.url, link.code, newToken(), phone.self!.nickname));
		await joined.until((client) => client.self !== null);
		expect(joined.self?.nickname).toBe('Mette');
		expect(state?.next?.sessionId).toBe(link.sessionId);
	});

	it('still hands over from an ended workshop, and another tool replaces the link', async () => {
		expect(await host.emit('session:end', { ended: true })).toEqual({ data: null });
		const before = await sessions();
		const answer = await host.emit<NextCreated>('programme:next', { programme: TOOL_PROGRAMMES[1] });
		expect(answer).toEqual({ data: expect.objectContaining({ programme: TOOL_PROGRAMMES[1] }) });
		expect(await sessions()).toBe(before + 1);
		const code = 'data' in answer ? answer.data.code : '';
		await phone.until((client) => client.session?.next?.code === code);
		expect(phone.session?.ended).toBe(true);
	});
});
