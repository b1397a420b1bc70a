import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { RATES, REFUSALS } from '../../server/guard';
import { facilitator, newToken, participant, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { ticketPath, upgradeStatus, waitFor } from '../helpers/yjs';

const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');

/** The refusal a handshake got, or null when it connected. */
async function handshake(client: TestClient): Promise<{ code: string; message: string } | null> {
	try {
		await client.connected();
		return null;
	} catch (error) {
		return (error as { data: { code: string; message: string } }).data;
	} finally {
		client.close();
	}
}

describe('the guard: headers, origins and rate limits', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
	});

	afterEach(() => {
		for (const client of clients.splice(0)) client.close();
	});

	afterAll(async () => {
		await app?.close();
		data.remove();
	});

	it('locks pages down: a CSP without inline script, no framing, no sniffing, no referrer', async () => {
		for (const path of ['/', `/j/${session.code}`, `/s/${session.id}/screen`, `/s/${session.id}/facilitate`]) {
			const response = await fetch(app.url + path);
			expect(response.status, path).toBe(200);
			const csp = response.headers.get('content-security-policy') ?? '';
			const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1] ?? '';
			expect(scriptSrc, path).toMatch(/^'self'( '(nonce|sha256)-[^']+')*$/);
			expect(csp).toContain("frame-ancestors 'none'");
			expect(csp).toContain("default-src 'self'");
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('referrer-policy')).toBe('no-referrer');
			// Every script in the page is the app's own file or carries the policy's nonce.
			const html = await response.text();
			const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
			for (const [tag] of html.matchAll(/<script\b[^>]*>/g)) {
				expect(tag.includes(' src=') || (nonce !== undefined && tag.includes(`nonce="${nonce}"`)), tag).toBe(true);
			}
		}
	});

	it('sends the same headers with API answers and files, and a policy that allows nothing', async () => {
		const api = await fetch(`${app.url}/api/sessions/${session.id}`);
		expect(api.status).toBe(401);
		const file = await fetch(`${app.url}/favicon.svg`);
		for (const response of [api, file]) {
			expect(response.headers.get('x-content-type-options')).toBe('nosniff');
			expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
		}
	});

	it('refuses socket.io connections from a page of another site, and takes its own', async () => {
		const foreign = new TestClient(app.url, { role: 'screen', sessionId: session.id }, { headers: { origin: 'https://evil.example' } });
		expect(await handshake(foreign)).not.toBeNull();
		const own = new TestClient(app.url, { role: 'screen', sessionId: session.id }, { headers: { origin: app.url } });
		expect(await handshake(own)).toBeNull();
	});

	it('refuses Yjs connections from a page of another site before anything else', async () => {
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		expect(await upgradeStatus(app.port, await ticketPath(host, `${session.id}/g1`), { origin: 'https://evil.example' })).toBe(403);
		expect(await upgradeStatus(app.port, await ticketPath(host, `${session.id}/g1`), { origin: app.url })).toBe(101);
	});

	it('answers an unknown event with a clear error', async () => {
		const phone = await participant(app.url, session.code);
		clients.push(phone);
		expect(await phone.emit('steal:everything', { please: true })).toEqual({
			error: { code: 'invalid_payload', message: 'Unknown event: steal:everything' }
		});
	});

	it("limits one connection's messages, answers the excess with rate_limited and counts only what it acknowledged", async () => {
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		const phone = await participant(app.url, session.code);
		const screen = new TestClient(app.url, { role: 'screen', sessionId: session.id });
		clients.push(host, phone, screen);
		await screen.connected();
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });

		const flood = 3 * RATES.events.burst;
		const replies = await Promise.all(Array.from({ length: flood }, (_, i) => phone.emit('rating:set', { itemId: leaderItems[0], value: i % 5 })));
		const acked = replies.filter((reply) => 'data' in reply).length;
		const limited = replies.filter((reply) => 'error' in reply && reply.error.code === 'rate_limited').length;
		expect(acked + limited).toBe(flood);
		expect(acked).toBeGreaterThanOrEqual(RATES.events.burst);
		expect(limited).toBeGreaterThan(0);

		// After a pause the same connection is heard again.
		await new Promise((resolve) => setTimeout(resolve, 1_000));
		expect(await phone.emit('rating:set', { itemId: leaderItems[1], value: 2 })).toEqual({ data: { itemId: leaderItems[1], value: 2 } });
		const lastAcked = [...replies.keys()].filter((i) => 'data' in replies[i]).at(-1)!;
		expect(phone.self).not.toBeNull();
		const record = await app.context.store.ratings(session.id);
		expect(record.find((rating) => rating.itemId === leaderItems[0])?.value).toBe(lastAcked % 5);
	});

	it('lets a whole venue of 300 phones behind one address join and rate', async () => {
		const venue = await createSession(app.url);
		const host = await facilitator(app.url, venue.id, venue.facilitatorKey);
		clients.push(host);
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
		const phones = await Promise.all(Array.from({ length: 300 }, () => participant(app.url, venue.code)));
		clients.push(...phones);
		const replies = await Promise.all(phones.map((phone) => phone.emit('rating:set', { itemId: leaderItems[0], value: 3 })));
		expect(replies.every((reply) => 'data' in reply)).toBe(true);
		await host.until((c) => c.results?.participants === 300, 10_000);
	});

	it('makes join codes hopeless to guess: after a few wrong codes, new joins from that address are refused for a window', async () => {
		const other = tempDataDir();
		const fresh = await startTestApp(other.dir);
		try {
			const target = await createSession(fresh.url);
			const wrong = () => new TestClient(fresh.url, { role: 'participant', code: 'ZZZZZZ', token: newToken(), nickname: '' });
			for (let attempt = 0; attempt < REFUSALS.address.limit; attempt++) expect((await handshake(wrong()))?.code).toBe('not_found');
			expect((await handshake(wrong()))?.code).toBe('rate_limited');
			// Even the right code of a workshop nobody here is in: a guesser cannot tell a hit from a miss.
			const right = new TestClient(fresh.url, { role: 'participant', code: target.code, token: newToken(), nickname: '' });
			expect((await handshake(right))?.code).toBe('rate_limited');
			// The facilitator's key is never refused for it (venue-limits.test.ts).
			const api = await fetch(`${fresh.url}/api/sessions/${target.id}`, { headers: { authorization: `Bearer ${target.facilitatorKey}` } });
			expect(api.status).toBe(200);
		} finally {
			await fresh.close();
			other.remove();
		}
	});

	it('limits handshakes per address (joins and Yjs connections share the budget; the facilitator needs none)', async () => {
		const other = tempDataDir();
		const small = await startTestApp(other.dir, { rates: { handshakes: { burst: 5, perSecond: 0.01 } } });
		try {
			const target = await createSession(small.url);
			const host = await facilitator(small.url, target.id, target.facilitatorKey);
			clients.push(host);
			expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
			const token = newToken();
			const join = () => handshake(new TestClient(small.url, { role: 'participant', code: target.code, token: newToken(), nickname: '' }));
			const phone = new TestClient(small.url, { role: 'participant', code: target.code, token, nickname: '' });
			clients.push(phone);
			await phone.connected();
			await phone.until((c) => c.self?.groupId === 'g1');
			const [first, second] = [await ticketPath(phone, `${target.id}/g1`), await ticketPath(phone, `${target.id}/g1`)];
			expect(await upgradeStatus(small.port, first, {})).toBe(101);
			for (let i = 0; i < 3; i++) expect(await join()).toBeNull();
			const refused = await join();
			expect(refused?.code).toBe('rate_limited');
			expect((refused as { retryAfterSeconds?: number }).retryAfterSeconds).toBeGreaterThan(0);
			expect(await upgradeStatus(small.port, second, {})).toBe(429);
			expect(await upgradeStatus(small.port, await ticketPath(host, `${target.id}/g1`), {})).toBe(101);
			clients.push(await facilitator(small.url, target.id, target.facilitatorKey));
		} finally {
			await small.close();
			other.remove();
		}
	});

	it('reads the client address from X-Forwarded-For only behind a trusted proxy', async () => {
		const other = tempDataDir();
		const proxied = await startTestApp(other.dir, { trustProxy: 1 });
		try {
			const target = await createSession(proxied.url);
			const from = (address: string, code: string) =>
				new TestClient(proxied.url, { role: 'participant', code, token: newToken(), nickname: '' }, { headers: { 'x-forwarded-for': `203.0.113.9, ${address}` } });
			for (let attempt = 0; attempt <= REFUSALS.address.limit; attempt++) await handshake(from('198.51.100.1', 'ZZZZZZ'));
			expect((await handshake(from('198.51.100.1', target.code)))?.code).toBe('rate_limited');
			// Another client behind the same proxy is not punished for it.
			expect(await handshake(from('198.51.100.2', target.code))).toBeNull();
		} finally {
			await proxied.close();
			other.remove();
		}
	});

	it('limits how many templates one address saves: the server keeps 200 in all', async () => {
		const other = tempDataDir();
		const small = await startTestApp(other.dir, { rates: { templates: { burst: 2, perSecond: 0.001 } } });
		try {
			const target = await createSession(small.url);
			const save = (name: string) =>
				fetch(`${small.url}/api/templates`, {
					method: 'POST',
					headers: { 'content-type': 'application/json', authorization: `Bearer ${target.facilitatorKey}` },
					body: JSON.stringify({ sessionId: target.id, name })
				}).then((response) => response.status);
			expect([await save('En'), await save('To'), await save('Tre')]).toEqual([201, 201, 429]);
			expect((await (await fetch(`${small.url}/api/templates`)).json()).templates).toHaveLength(2);
		} finally {
			await small.close();
			other.remove();
		}
	});

	it('limits how many sessions one address starts', async () => {
		const other = tempDataDir();
		const fresh = await startTestApp(other.dir);
		try {
			const statuses = await Promise.all(Array.from({ length: RATES.sessions.burst + 1 }, () => fetch(`${fresh.url}/api/sessions`, { method: 'POST' }).then((r) => r.status)));
			expect(statuses.filter((status) => status === 201)).toHaveLength(RATES.sessions.burst);
			expect(statuses.filter((status) => status === 429)).toHaveLength(1);
		} finally {
			await fresh.close();
			other.remove();
		}
	});
});

describe('idle rooms', () => {
	const data = tempDataDir();
	let app: RunningApp;

	beforeAll(async () => {
		app = await startTestApp(data.dir, { roomIdleMs: 300 });
	});

	afterAll(async () => {
		await app?.close();
		data.remove();
	});

	it('leave memory once nobody is connected, and come back as they were', async () => {
		const session = await createSession(app.url);
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
		const token = newToken();
		const phone = await participant(app.url, session.code, token, 'Ida');
		expect(await phone.emit('rating:set', { itemId: leaderItems[0], value: 4 })).toMatchObject({ data: {} });
		expect(app.context.rooms.loadedRooms).toBe(1);

		// Connected: it stays, however long.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(app.context.rooms.loadedRooms).toBe(1);

		host.close();
		phone.close();
		await waitFor(() => app.context.rooms.loadedRooms === 0, 'the idle room to leave memory', 5_000);

		const back = await participant(app.url, session.code, token);
		expect(back.session?.stepIndex).toBe(leaderStep);
		expect(back.self?.nickname).toBe('Ida');
		expect(back.self?.ratings).toEqual({ [leaderItems[0]]: 4 });
		back.close();
	});
});
