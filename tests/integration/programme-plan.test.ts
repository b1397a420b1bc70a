import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

/** A session knows its programme (issue 16): a plan for ledertrivsel is called a plan, not a gruppeaftale. */
describe('a session’s programme', () => {
	const data = tempDataDir();
	let app: RunningApp;
	const clients: TestClient[] = [];
	const post = (path: string, body: unknown, key?: string) =>
		fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
	const contentOf = async (session: CreatedSession) => {
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		await host.until((client) => client.content !== null);
		return host.content!;
	};
	const markdown = async (session: CreatedSession, lang: 'da' | 'en') =>
		(await fetch(`${app.url}/api/sessions/${session.id}/export?format=md&lang=${lang}`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } })).text();

	beforeAll(async () => {
		app = await startTestApp(data.dir);
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await app.close();
		data.remove();
	});

	it('is the introduction when none is chosen, and the chosen one otherwise', async () => {
		expect((await contentOf(await createSession(app.url))).programme).toBe('intro');
		const plan = (await (await post('/api/sessions', { programme: 'wellbeing-plan' })).json()) as CreatedSession;
		expect((await contentOf(plan)).programme).toBe('wellbeing-plan');
	});

	it('stays with a saved template and the sessions started from it', async () => {
		const plan = (await (await post('/api/sessions', { programme: 'wellbeing-plan' })).json()) as CreatedSession;
		const saved = await post('/api/templates', { sessionId: plan.id, name: 'Vores plan' }, plan.facilitatorKey);
		expect(saved.status).toBe(201);
		const { id } = (await saved.json()) as { id: string };
		const again = (await (await post('/api/sessions', { templateId: id })).json()) as CreatedSession;
		expect((await contentOf(again)).programme).toBe('wellbeing-plan');
	});

	it('names the exports’ agreement a plan for ledertrivsel in a plan, a gruppeaftale otherwise', async () => {
		const plan = (await (await post('/api/sessions', { programme: 'wellbeing-plan' })).json()) as CreatedSession;
		const intro = await createSession(app.url);
		expect(await markdown(plan, 'da')).toMatch(/^# Plan for ledertrivsel: /);
		expect(await markdown(plan, 'da')).not.toContain('gruppeaftale');
		expect(await markdown(plan, 'en')).toMatch(/^# Plan for leaders’ well-being: /);
		expect(await markdown(intro, 'da')).toMatch(/^# Udkast til gruppeaftale: /);
	});

	it('calls a follow-up of a plan’s agreement a plan too, and so the follow-up of that follow-up; a follow-up of the introduction a gruppeaftale', async () => {
		const followUpOf = async (session: CreatedSession) => {
			const response = await post(`/api/sessions/${session.id}/follow-up`, {}, session.facilitatorKey);
			expect(response.status).toBe(201);
			return (await response.json()) as CreatedSession;
		};
		const plan = (await (await post('/api/sessions', { programme: 'wellbeing-plan' })).json()) as CreatedSession;
		const first = await followUpOf(plan);
		const content = await contentOf(first);
		expect(content.programme).toBe('follow-up');
		expect(content.followUp).toMatchObject({ of: plan.id, plan: true });
		expect(await markdown(first, 'da')).toMatch(/^# Plan for ledertrivsel: /);
		expect(await markdown(first, 'da')).not.toContain('gruppeaftale');
		const second = await followUpOf(first);
		expect((await contentOf(second)).followUp).toMatchObject({ of: first.id, plan: true });
		expect(await markdown(second, 'en')).toMatch(/^# Plan for leaders’ well-being: /);

		const ofIntro = await followUpOf(await createSession(app.url));
		expect((await contentOf(ofIntro)).followUp).toMatchObject({ plan: false });
		expect(await markdown(ofIntro, 'da')).toMatch(/^# Udkast til gruppeaftale: /);
	});
});
