import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { MAX_DURATION, MAX_TITLE } from '../../src/lib/limits';
import { MAX_TEMPLATES } from '../../src/lib/template/saved';
import { introTool } from '../../src/lib/template/intro-tool';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

/**
 * Preparing a session end to end: the facilitator changes title, language, order, skipped
 * steps, durations and items over socket.io, every device sees it, and the result is saved
 * as a template over HTTP and starts a new session that is the same. The `it`s share one
 * room and run in order.
 */

const ids = (client: TestClient) => client.content?.steps.map((step) => step.id) ?? [];
const stepOf = (client: TestClient, id: string) => client.content?.steps.find((step) => step.id === id);
const json = { 'content-type': 'application/json' };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('preparing a session', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let other: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[] = [];
	let templateId = '';
	const clients: TestClient[] = [];
	const keep = <T extends TestClient>(client: T) => (clients.push(client), client);
	const url = (path: string) => `${app.url}${path}`;
	const send = (client: TestClient, event: string, payload: unknown) => client.emit(event, payload);
	const everyone = () => [host, projector, ...phones];
	/** The console and the screen hold the whole content; a phone holds its step (phone:content). */
	const viewers = () => [host, projector];
	const phoneStepId = (client: TestClient) => client.phoneContent?.step.id;

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		[session, other] = [await createSession(app.url), await createSession(app.url)];
		host = keep(await facilitator(app.url, session.id, session.facilitatorKey));
		projector = keep(await screen(app.url, session.id));
		phones = [keep(await participant(app.url, session.code, newToken(), 'Anna')), keep(await participant(app.url, session.code, newToken(), 'Bo'))];
		for (const client of viewers()) await client.until((c) => c.content !== null && c.session !== null);
		for (const phone of phones) await phone.until((c) => c.phoneContent !== null && c.session !== null);
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await app?.close();
		data.remove();
	});

	it('starts in Danish with the built-in agenda', () => {
		for (const client of viewers()) {
			expect(client.content).toMatchObject({ title: introTool.title.da, locale: 'da' });
			expect(ids(client)).toEqual(introTool.steps.map((step) => step.id));
		}
		for (const phone of phones) expect(phone.phoneContent).toMatchObject({ title: introTool.title.da, locale: 'da', step: { id: 'welcome' } });
	});

	it('shows every device the new title, language, order, skipped step, duration and item', async () => {
		for (const [event, payload] of [
			['title:set', { title: '  Ledere af ledere, Region Nord ' }],
			['language:set', { locale: 'en' }],
			['step:move', { stepId: 'research', direction: 'up' }],
			['step:skip', { stepId: 'why', skipped: true }],
			['duration:set', { stepId: 'tools', minutes: 15 }],
			['duration:set', { stepId: 'welcome', minutes: 3 }],
			['item:add', { model: 'leader', kind: 'load', label: 'Politisk pres' }]
		] as const) {
			expect(await send(host, event, payload), event).toEqual({ data: null });
		}
		for (const phone of phones) {
			await phone.until((c) => c.phoneContent?.locale === 'en');
			expect(phone.phoneContent).toMatchObject({ title: 'Ledere af ledere, Region Nord', locale: 'en', position: { index: 1, total: introTool.steps.length - 1 } });
		}
		for (const client of viewers()) {
			await client.until((c) => c.content?.items.some((item) => item.custom) === true);
			expect(client.content).toMatchObject({ title: 'Ledere af ledere, Region Nord', locale: 'en' });
			expect(ids(client).slice(0, 4)).toEqual(['welcome', 'why', 'research', 'general-model']);
			expect(stepOf(client, 'why')?.skipped).toBe(true);
			expect(stepOf(client, 'tools')?.durationMin).toBe(15);
		}
		// The current step's timer follows its new plan.
		await projector.until((c) => c.session?.timer.totalMs === 3 * 60_000);
		expect(phones[0].session?.timer.totalMs).toBe(3 * 60_000);
	});

	it('passes over the skipped step, for everyone, and keeps the current step current while the agenda moves', async () => {
		expect(await send(host, 'step:next', {})).toEqual({ data: null });
		for (const client of viewers()) await client.until((c) => c.content?.steps[c.session!.stepIndex].id === 'research');
		for (const phone of phones) await phone.until((c) => phoneStepId(c) === 'research');
		expect(await send(host, 'step:move', { stepId: 'research', direction: 'down' })).toEqual({ data: null });
		for (const client of viewers()) {
			await client.until((c) => ids(c)[3] === 'research');
			expect(client.session?.stepIndex).toBe(3);
		}
		for (const phone of phones) await phone.until((c) => c.phoneContent?.stepIndex === 3 && c.session?.stepIndex === 3);
		expect(await send(host, 'step:previous', {})).toEqual({ data: null });
		await phones[1].until((c) => phoneStepId(c) === 'general-model');
	});

	it('keeps what it was told after a restart of the room: it is in the store', async () => {
		const record = await app.context.store.sessionById(session.id);
		expect(record?.state).toMatchObject({ title: 'Ledere af ledere, Region Nord', locale: 'en' });
		expect(record?.state.steps.map((step) => step.id).slice(0, 4)).toEqual(['welcome', 'why', 'general-model', 'research']);
	});

	it('refuses participants and the screen, and changes nothing', async () => {
		const before = structuredClone(host.content);
		for (const client of [phones[0], projector]) {
			for (const [event, payload] of [
				['title:set', { title: 'Overtaget' }],
				['language:set', { locale: 'da' }],
				['step:skip', { stepId: 'roles', skipped: true }],
				['step:move', { stepId: 'roles', direction: 'up' }],
				['duration:set', { stepId: 'roles', minutes: 1 }]
			] as const) {
				expect(await send(client, event, payload), event).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
			}
		}
		expect((await app.context.store.sessionById(session.id))?.state.title).toBe(before?.title);
		expect(host.content).toEqual(before);
	});

	it('refuses another session’s key at the door', async () => {
		await expect(facilitator(app.url, session.id, other.facilitatorKey)).rejects.toMatchObject({ data: { code: 'forbidden' } });
	});

	it('answers bad input with a clear code and changes nothing', async () => {
		const before = structuredClone(host.content);
		const current = host.content!.steps[host.session!.stepIndex].id;
		for (const [event, payload, code] of [
			['title:set', { title: '' }, 'invalid_payload'],
			['title:set', { title: 'x'.repeat(MAX_TITLE + 1) }, 'invalid_payload'],
			['title:set', { title: 42 }, 'invalid_payload'],
			['language:set', { locale: 'de' }, 'invalid_payload'],
			['step:move', { stepId: 'research', direction: 'sideways' }, 'invalid_payload'],
			['step:move', { stepId: 'welcome', direction: 'up' }, 'no_such_step'],
			['step:move', { stepId: 'nope', direction: 'up' }, 'no_such_step'],
			['step:skip', { stepId: current, skipped: true }, 'current_step'],
			['step:goto', { index: 1 }, 'step_skipped'],
			['duration:set', { stepId: 'roles', minutes: 0 }, 'invalid_payload'],
			['duration:set', { stepId: 'roles', minutes: MAX_DURATION + 1 }, 'invalid_payload'],
			['duration:set', { stepId: 'roles', minutes: 2.5 }, 'invalid_payload'],
			['duration:set', { stepId: 'roles', minutes: 5, extra: true }, 'invalid_payload']
		] as const) {
			expect(await send(host, event, payload), `${event} ${JSON.stringify(payload)}`).toEqual({ error: { code, message: expect.any(String) } });
		}
		expect(host.content).toEqual(before);
	});

	it('renders the projector’s page in the session’s language, unless the device chose its own', async () => {
		const page = await (await fetch(url(`/s/${session.id}/screen`))).text();
		expect(page).toMatch(/<html lang="en">/);
		const chosen = await (await fetch(url(`/s/${session.id}/screen`), { headers: { cookie: 'vaegten_locale=da' } })).text();
		expect(chosen).toMatch(/<html lang="da">/);
		// A phone's page says nothing about whether its code exists: it learns the language from the socket.
		expect(await (await fetch(url(`/j/${session.code}`))).text()).toMatch(/<html lang="da">/);
	});

	describe('templates over HTTP', () => {
		it('saves the session as a template with its key, and lists it', async () => {
			const response = await fetch(url('/api/templates'), {
				method: 'POST',
				headers: { ...json, ...bearer(session.facilitatorKey) },
				body: JSON.stringify({ sessionId: session.id, name: '  Region Nord, kort  ' })
			});
			expect(response.status).toBe(201);
			const saved = (await response.json()) as { id: string; name: string; createdAt: number };
			expect(saved).toEqual({ id: expect.stringMatching(/^[A-Za-z0-9_-]{8,32}$/), name: 'Region Nord, kort', createdAt: expect.any(Number) });
			templateId = saved.id;
			const list = await fetch(url('/api/templates'));
			expect(list.status).toBe(200);
			expect(await list.json()).toEqual({ templates: [saved] });
		});

		it('starts a new session from it with the same title, language, steps, durations and items', async () => {
			const response = await fetch(url('/api/sessions'), { method: 'POST', headers: json, body: JSON.stringify({ templateId }) });
			expect(response.status).toBe(201);
			const started = (await response.json()) as CreatedSession;
			expect(started.id).not.toBe(session.id);
			const [host2, phone2] = [
				keep(await facilitator(app.url, started.id, started.facilitatorKey)),
				keep(await participant(app.url, started.code, newToken(), 'Cecilie'))
			];
			await host2.until((c) => c.content !== null && c.session !== null);
			await phone2.until((c) => c.phoneContent !== null);
			const { title, locale, steps, items } = host.content!;
			expect(host2.content).toMatchObject({ title, locale, steps, items });
			expect(phone2.phoneContent).toMatchObject({ title, locale, step: { id: steps[0].id } });
			expect(stepOf(host2, 'tools')?.durationMin).toBe(15);
			expect(host2.content?.items.filter((item) => item.custom).map((item) => item.label.da)).toEqual(['Politisk pres']);
			// A fresh run: the first step, nothing rated, the timer not started.
			expect(host2.session).toMatchObject({ stepIndex: 0, timer: { running: false, totalMs: 3 * 60_000 } });
			await host2.until((c) => c.results?.participants === 1);
			// And it can be prepared on its own, without touching the template.
			expect(await send(host2, 'title:set', { title: 'En anden' })).toEqual({ data: null });
			expect((await app.context.store.templateById(templateId))?.content.title).toBe('Ledere af ledere, Region Nord');
		});

		it('still starts from the built-in template with no body, or an empty one', async () => {
			for (const init of [{}, { headers: json, body: '{}' }, { headers: json, body: '' }]) {
				const response = await fetch(url('/api/sessions'), { method: 'POST', ...init });
				expect(response.status).toBe(201);
				const started = (await response.json()) as CreatedSession;
				expect((await app.context.store.sessionById(started.id))?.state).toMatchObject({ title: introTool.title.da, locale: 'da' });
			}
		});

		it('refuses to save without the session’s own key', async () => {
			const body = JSON.stringify({ sessionId: session.id, name: 'Stjålet' });
			for (const [headers, status] of [
				[{}, 401],
				[bearer('x'.repeat(43)), 403],
				[bearer(other.facilitatorKey), 403],
				[{ authorization: session.facilitatorKey }, 401]
			] as const) {
				const response = await fetch(url('/api/templates'), { method: 'POST', headers: { ...json, ...headers }, body });
				expect(response.status, JSON.stringify(headers)).toBe(status);
				expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
			}
			expect((await (await fetch(url('/api/templates'))).json()).templates).toHaveLength(1);
		});

		it('answers bad bodies with 400 and a clear message', async () => {
			const post = (path: string, body: string, key = session.facilitatorKey) =>
				fetch(url(path), { method: 'POST', headers: { ...json, ...bearer(key) }, body });
			for (const [path, body, where] of [
				['/api/templates', JSON.stringify({ sessionId: session.id, name: '' }), 'name'],
				['/api/templates', JSON.stringify({ sessionId: session.id, name: '   ' }), 'name'],
				['/api/templates', JSON.stringify({ sessionId: session.id, name: 'x'.repeat(81) }), 'name'],
				['/api/templates', JSON.stringify({ sessionId: session.id }), 'name'],
				['/api/templates', JSON.stringify({ name: 'Uden session' }), 'sessionId'],
				['/api/templates', JSON.stringify({ sessionId: session.id, name: 'Ok', admin: true }), 'admin'],
				['/api/templates', '{"sessionId":', 'JSON'],
				['/api/templates', '[]', 'sessionId'],
				['/api/sessions', JSON.stringify({ templateId: '../../etc' }), 'templateId'],
				['/api/sessions', JSON.stringify({ templateId: 7 }), 'templateId'],
				['/api/sessions', JSON.stringify({ template: templateId }), 'template'],
				['/api/sessions', 'not json', 'JSON']
			] as const) {
				const response = await post(path, body);
				expect(response.status, `${path} ${body}`).toBe(400);
				const answer = (await response.json()) as { error: { code: string; message: string } };
				expect(answer.error.code).toBe('invalid_payload');
				expect(answer.error.message).toContain(where);
			}
		});

		it('answers a template that does not exist with 404', async () => {
			const response = await fetch(url('/api/sessions'), { method: 'POST', headers: json, body: JSON.stringify({ templateId: 'nosuchtemplate0' }) });
			expect(response.status).toBe(404);
			expect(await response.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
		});

		it('deletes a template only with the key of the session it was saved from', async () => {
			const started = (await (await fetch(url('/api/sessions'), { method: 'POST', headers: json, body: JSON.stringify({ templateId }) })).json()) as CreatedSession;
			const remove = (headers: Record<string, string>, id = templateId) => fetch(url(`/api/templates/${id}`), { method: 'DELETE', headers });
			expect((await remove({})).status).toBe(401);
			// A session started from the template proves nothing: anyone can start one.
			for (const key of [started.facilitatorKey, other.facilitatorKey, 'x'.repeat(43)]) {
				const response = await remove(bearer(key));
				expect(response.status).toBe(403);
				expect(await response.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
			}
			expect((await remove(bearer(session.facilitatorKey), 'nosuchtemplate0')).status).toBe(404);
			expect((await remove(bearer(session.facilitatorKey))).status).toBe(204);
			expect(await (await fetch(url('/api/templates'))).json()).toEqual({ templates: [] });
			expect((await remove(bearer(session.facilitatorKey))).status).toBe(404);
		});

		it(`keeps at most ${MAX_TEMPLATES} templates`, async () => {
			const { store } = app.context;
			for (let i = 0; i < MAX_TEMPLATES; i++) {
				const content = { title: `T${i}`, locale: 'da' as const, steps: introTool.steps, items: introTool.items };
				expect(await store.saveTemplate({ id: `filler-${String(i).padStart(4, '0')}`, name: `Fyld ${i}`, createdAt: i, ownerKeyHash: 'x', content }, MAX_TEMPLATES)).toBe(true);
			}
			const response = await fetch(url('/api/templates'), {
				method: 'POST',
				headers: { ...json, ...bearer(session.facilitatorKey) },
				body: JSON.stringify({ sessionId: session.id, name: 'En for meget' })
			});
			expect(response.status).toBe(409);
			expect(await response.json()).toEqual({ error: { code: 'limit_reached', message: expect.any(String) } });
			expect((await store.templates()).length).toBe(MAX_TEMPLATES);
		});
	});
});
