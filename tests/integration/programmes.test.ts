import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { PROGRAMME_IDS, programmes } from '../../src/lib/template/programmes';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir } from '../helpers/server';

/** `POST /api/sessions` starts any programme chosen on the front page (issue 16); a follow-up only from a session. */
describe('starting a programme', () => {
	const data = tempDataDir();
	let app: RunningApp;
	const clients: TestClient[] = [];
	const url = (path: string) => `${app.url}${path}`;
	const start = (body: unknown) => fetch(url('/api/sessions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

	beforeAll(async () => {
		app = await startTestApp(data.dir);
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await app.close();
		data.remove();
	});

	for (const id of PROGRAMME_IDS.filter((candidate) => !programmes[candidate].fromSession)) {
		it(`starts ${id} with that programme's steps and items`, async () => {
			const response = await start({ programme: id });
			expect(response.status).toBe(201);
			const session = (await response.json()) as { id: string; facilitatorKey: string };
			const host = await facilitator(app.url, session.id, session.facilitatorKey);
			clients.push(host);
			await host.until((client) => client.content !== null);
			const { template } = programmes[id];
			expect(host.content?.title).toBe(template.title.da);
			expect(host.content?.steps.map((step) => step.id)).toEqual(template.steps.map((step) => step.id));
			expect(host.content?.items.map((item) => item.id)).toEqual(template.items.map((item) => item.id));
		});
	}

	it('starts the introduction without a body, as before', async () => {
		const session = await createSession(app.url);
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		await host.until((client) => client.content !== null);
		expect(host.content?.title).toBe(programmes.intro.template.title.da);
	});

	it('refuses a follow-up from nothing, an unknown programme, and a programme with a template', async () => {
		const before = (await app.context.store.sessionsCreatedBefore(Date.now() + 1)).length;
		for (const [body, status] of [
			[{ programme: 'follow-up' }, 400],
			[{ programme: 'nonsense' }, 400],
			[{ programme: 'leader-group', templateId: 'x' }, 400]
		] as const) {
			const response = await start(body);
			expect(response.status, JSON.stringify(body)).toBe(status);
			expect(((await response.json()) as { error: { code: string; message: string } }).error.message.length).toBeGreaterThan(0);
		}
		expect((await app.context.store.sessionsCreatedBefore(Date.now() + 1)).length).toBe(before);
	});
});
