import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ResultsView } from '../../src/lib/protocol';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import type { Store } from '../../server/store/types';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const PARTICIPANTS = 20;
const generalItems = introTool.items.filter((item) => item.model === 'general').map((item) => item.id);
const generalStep = introTool.steps.findIndex((step) => step.id === 'general-model');

/** The ratings every participant has had acknowledged. */
const truth = new Map<string, Map<string, number>>();

/**
 * What the screen must show: the aggregate of what has been published (results go out in
 * batches of three people's changes, src/lib/session/publication.ts), as the database has it;
 * every committed rating is one that was acknowledged, and at most two per item wait.
 */
async function published(store: Store, sessionId: string, itemIds: string[]) {
	const rows = await store.ratings(sessionId);
	const acknowledged = [...truth.values()].flatMap((ratings) => [...ratings.values()]).length;
	expect(rows).toHaveLength(acknowledged);
	return itemIds.map((itemId) => {
		const mine = rows.filter((row) => row.itemId === itemId);
		expect(mine.filter((row) => row.published !== row.value).length, itemId).toBeLessThanOrEqual(2);
		const values = mine.flatMap((row) => (row.published === undefined ? [] : [row.published]));
		const histogram = [0, 1, 2, 3, 4].map((v) => values.filter((x) => x === v).length);
		const mean = values.reduce((a, b) => a + b, 0) / values.length;
		return { itemId, count: values.length, mean, histogram };
	});
}

/** Whether `results` shows exactly what is published (the spread only where `spread`). */
async function showsPublished(results: ResultsView | null, store: Store, sessionId: string, spread = false): Promise<boolean> {
	if (!results) return false;
	return (await published(store, sessionId, generalItems)).every((expected) => {
		const actual = results.items.find((item) => item.itemId === expected.itemId);
		if (actual?.count !== expected.count) return false;
		if (expected.count < 3) return actual.mean === null;
		return Math.abs((actual.mean ?? -1) - expected.mean) < 1e-9 && (spread ? actual.histogram?.join() === expected.histogram.join() : actual.histogram === null);
	});
}

describe('the live room', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	const tokens: string[] = Array.from({ length: PARTICIPANTS }, () => newToken());
	let phones: TestClient[] = [];

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
	});

	afterAll(async () => {
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('creates a session with a short code, links and a long facilitator key', () => {
		expect(session.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/);
		expect(session.joinUrl).toBe(`${app.url}/j/${session.code}`);
		expect(session.screenUrl).toBe(`${app.url}/s/${session.id}/screen`);
		expect(session.facilitatorUrl).toBe(`${app.url}/s/${session.id}/facilitate`);
		expect(session.facilitatorKey.length).toBeGreaterThanOrEqual(43);
	});

	it('stores only a hash of the facilitator key', async () => {
		const record = await app.context.store.sessionById(session.id);
		expect(record?.keyHash).toMatch(/^[0-9a-f]{64}$/);
		expect(JSON.stringify(record)).not.toContain(session.facilitatorKey);
	});

	it('lets a facilitator, a screen and 20 phones in, and counts the phones', async () => {
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all(tokens.map((token, i) => participant(app.url, session.code, token, `Leder ${i + 1}`)));
		await projector.until((c) => c.results?.participants === PARTICIPANTS);
		expect(projector.content?.code).toBe(session.code);
		expect(phones.every((phone) => phone.self?.nickname.startsWith('Leder'))).toBe(true);
	});

	it('keeps no HTTP request per connection once the handshake is done', () => {
		const sockets = [...app.io.of('/').sockets.values()];
		expect(sockets).toHaveLength(PARTICIPANTS + 2);
		for (const socket of sockets) {
			expect(socket.conn.request).toBeNull();
			expect(socket.handshake.address).toBeTruthy();
		}
	});

	it('refuses a participant who tries to steer, and nothing changes', async () => {
		const reply = await phones[0].emit('step:next', {});
		expect(reply).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
		const screenReply = await projector.emit('vote:lock', { stepId: 'general-model', locked: true });
		expect(screenReply).toMatchObject({ error: { code: 'forbidden' } });
		expect(host.session?.stepIndex).toBe(0);
		expect(app.context.rooms && (await app.context.store.sessionById(session.id))?.state.stepIndex).toBe(0);
	});

	it('brings every phone and the screen to the step the facilitator chooses', async () => {
		expect(await host.emit('step:goto', { index: generalStep })).toEqual({ data: null });
		await Promise.all([...phones, projector].map((client) => client.until((c) => c.session?.stepIndex === generalStep)));
		expect(phones.every((phone) => phone.session?.timer.running)).toBe(true);
	});

	it('moves one step when "next" arrives twice from the same step, and tells nobody of the repeat', async () => {
		const from = host.content?.steps[generalStep].id;
		let changes = 0;
		const count = () => (changes += 1);
		phones[0].socket.on('session:changed', count);
		const [first, second] = await Promise.all([host.emit('step:next', { from }), host.emit('step:next', { from })]);
		expect([first, second]).toEqual([{ data: null }, { data: null }]);
		await phones[0].until((c) => c.session?.stepIndex === generalStep + 1);
		expect((await app.context.store.sessionById(session.id))?.state.stepIndex).toBe(generalStep + 1);
		expect(await host.emit('step:goto', { index: generalStep, from: host.content?.steps[generalStep + 1].id })).toEqual({ data: null });
		await phones[0].until((c) => c.session?.stepIndex === generalStep);
		phones[0].socket.off('session:changed', count);
		expect(changes).toBe(2);
	});

	it('takes ratings and changed ratings; the screen shows exactly the aggregate of what was acknowledged', async () => {
		let broadcasts = 0;
		projector.socket.on('results:changed', () => (broadcasts += 1));
		let ratings = 0;
		await Promise.all(
			phones.map(async (phone, p) => {
				const own = new Map<string, number>();
				truth.set(tokens[p], own);
				for (const [i, itemId] of generalItems.entries()) {
					const value = (p * 7 + i * 3) % 5;
					const reply = await phone.emit('rating:set', { itemId, value });
					expect(reply).toEqual({ data: { itemId, value } });
					own.set(itemId, value);
					ratings += 1;
				}
				// Every third phone changes its mind about the first two items.
				if (p % 3 === 0) {
					for (const itemId of generalItems.slice(0, 2)) {
						const value = (own.get(itemId)! + 2) % 5;
						expect(await phone.emit('rating:set', { itemId, value })).toEqual({ data: { itemId, value } });
						own.set(itemId, value);
					}
				}
			})
		);
		const shown = (client: TestClient) => vi.waitFor(async () => expect(await showsPublished(client.results, app.context.store, session.id)).toBe(true), { timeout: 5_000 });
		await shown(projector);
		await shown(host);
		// A burst of hundreds of ratings reached the screen as a handful of broadcasts.
		expect(ratings).toBeGreaterThanOrEqual(PARTICIPANTS * generalItems.length);
		expect(broadcasts).toBeLessThan(ratings / 10);
		expect(projector.results?.raters.general).toBeGreaterThanOrEqual(PARTICIPANTS - 2);
		expect(projector.results?.raters.leader).toBe(0);
	});

	it('never sends results, or anyone else’s ratings, to a phone', () => {
		expect(phones.every((phone) => phone.results === null)).toBe(true);
	});

	it('answers bad ratings with a clear error and changes nothing', async () => {
		const before = JSON.stringify(projector.results);
		const bad: unknown[] = [
			{ itemId: generalItems[0], value: 7 },
			{ itemId: generalItems[0], value: 2.5 },
			{ itemId: generalItems[0], value: '3' },
			{ itemId: generalItems[0] },
			{ value: 2 },
			{ itemId: generalItems[0], value: 2, extra: true },
			'rating',
			null,
			{ itemId: 'x'.repeat(500), value: 1 },
			{ itemId: 'leader-krydspres', value: 1 },
			{ itemId: 'no-such-item', value: 1 }
		];
		for (const payload of bad) {
			const reply = await phones[1].emit('rating:set', payload);
			expect(reply).toMatchObject({ error: { code: expect.stringMatching(/invalid_payload|not_a_rating_step|unknown_item/) } });
			expect((reply as { error: { message: string } }).error.message.length).toBeGreaterThan(5);
		}
		const badCommands: Array<[string, unknown]> = [
			['step:goto', { index: 99 }],
			['step:goto', { index: 'two' }],
			['timer:add', { minutes: 1000 }],
			['vote:lock', { stepId: 'why', locked: true }],
			['item:add', { model: 'general', kind: 'load', label: '' }],
			['item:add', { model: 'other', kind: 'load', label: 'x' }]
		];
		for (const [event, payload] of badCommands) {
			expect(await host.emit(event, payload)).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
		}
		expect(host.session?.stepIndex).toBe(generalStep);
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(JSON.stringify(projector.results)).toBe(before);
	});

	it('shows a new item on every phone at once', async () => {
		expect(await host.emit('item:add', { model: 'general', kind: 'load', label: 'Politisk pres' })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.phoneContent?.items.some((item) => item.label.da === 'Politisk pres') ?? false)));
		const added = phones[0].phoneContent!.items.find((item) => item.custom)!;
		expect(await phones[0].emit('rating:set', { itemId: added.id, value: 3 })).toEqual({ data: { itemId: added.id, value: 3 } });
		truth.get(tokens[0])!.set(added.id, 3);
	});

	it('locks the step: ratings are refused and the aggregate stays', async () => {
		expect(await host.emit('vote:lock', { stepId: 'general-model', locked: true })).toEqual({ data: null });
		await phones[2].until((c) => c.session?.votes['general-model'].locked === true);
		expect(await phones[2].emit('rating:set', { itemId: generalItems[0], value: 0 })).toMatchObject({ error: { code: 'vote_locked' } });
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(await showsPublished(projector.results, app.context.store, session.id)).toBe(true);
	});

	it('reveals the spread on request', async () => {
		expect(await host.emit('vote:reveal', { stepId: 'general-model', revealed: true })).toEqual({ data: null });
		// The spread is sent only once it is revealed.
		await projector.until((c) => c.session?.votes['general-model'].revealed === true);
		await projector.until((c) => c.results?.items.find((item) => item.itemId === generalItems[0])?.histogram?.length === 5);
		expect(await showsPublished(projector.results, app.context.store, session.id, true)).toBe(true);
	});

	it('resumes a phone that reconnects with its token as the same participant', async () => {
		phones[3].close();
		const again = await participant(app.url, session.code, tokens[3]);
		expect(again.self?.ratings).toEqual(Object.fromEntries(truth.get(tokens[3])!));
		expect(again.self?.nickname).toBe('Leder 4');
		phones[3] = again;
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(projector.results?.participants).toBe(PARTICIPANTS);
	});

	it('refuses a wrong key, an unknown code and a malformed handshake before anything else', async () => {
		const refusal = (handshake: unknown) =>
			new TestClient(app.url, handshake as never).connected().then(
				() => 'connected',
				(error: Error & { data?: { code: string } }) => error.data?.code
			);
		expect(await refusal({ role: 'facilitator', sessionId: session.id, key: 'not-the-key' })).toBe('forbidden');
		expect(await refusal({ role: 'screen', sessionId: 'nosuchsession' })).toBe('not_found');
		expect(await refusal({ role: 'participant', code: 'ZZZZZZ', token: newToken() })).toBe('not_found');
		expect(await refusal({ role: 'participant', code: session.code, token: 'short' })).toBe('invalid_payload');
		expect(await refusal({ role: 'admin' })).toBe('invalid_payload');
		expect(await refusal(null)).toBe('invalid_payload');
	});

	it('serves the state over HTTP to the key holder only, without individual ratings', async () => {
		const url = `${app.url}/api/sessions/${session.id}`;
		const missing = await fetch(url);
		expect(missing.status).toBe(401);
		expect(await missing.json()).toMatchObject({ error: { code: 'forbidden' } });
		const wrong = await fetch(url, { headers: { authorization: 'Bearer wrong' } });
		expect(wrong.status).toBe(403);
		const unknown = await fetch(`${app.url}/api/sessions/nosuchsession1`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		// No such session (a deleted one, say): it is gone, whatever key comes with it.
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });

		const response = await fetch(url, { headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		expect(response.status).toBe(200);
		const body = await response.json();
		expect(body).toMatchObject({ id: session.id, code: session.code, participants: PARTICIPANTS, step: { index: generalStep, id: 'general-model' } });
		expect(body.timer).toMatchObject({ running: true, totalMs: 8 * 60_000 });
		expect(body.balance.general.tilt).toBeGreaterThanOrEqual(-1);
		const first = body.items.find((item: { id: string }) => item.id === generalItems[0]);
		const [expected] = await published(app.context.store, session.id, [generalItems[0]]);
		expect(first).toMatchObject({ count: expected.count, mean: expected.mean });
		expect(JSON.stringify(body)).not.toMatch(/token|participantId|Leder 1/);
	});

	it('keeps sessions, steps, participants and every acknowledged rating across a restart', async () => {
		for (const client of [host, projector, ...phones]) client.close();
		await app.close();
		app = await startTestApp(data.dir);

		projector = await screen(app.url, session.id);
		expect(projector.session?.stepIndex).toBe(generalStep);
		expect(projector.session?.votes['general-model']).toEqual({ locked: true, revealed: true });
		expect(projector.results?.participants).toBe(PARTICIPANTS);
		expect(await showsPublished(projector.results, app.context.store, session.id, true)).toBe(true);
		expect(projector.content?.items.some((item) => item.label.da === 'Politisk pres')).toBe(true);

		phones = await Promise.all(tokens.map((token) => participant(app.url, session.code, token)));
		phones.forEach((phone, p) => expect(phone.self?.ratings).toEqual(Object.fromEntries(truth.get(tokens[p])!)));
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		expect(host.results?.participants).toBe(PARTICIPANTS);
	});
});
