/**
 * A venue behind one Wi-Fi address keeps working: other people's wrong codes never refuse the
 * facilitator, a phone that has joined, or a phone joining a workshop this address is already
 * in; a limit lasts one short window, and says how long.
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Refusal } from '../../src/lib/protocol';
import type { RunningApp } from '../../server/app';
import { REFUSALS } from '../../server/guard';
import { facilitator, newToken, participant, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { ticketPath, upgradeStatus } from '../helpers/yjs';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The refusal a handshake got, or null when it connected. */
async function handshake(client: TestClient): Promise<Refusal | null> {
	try {
		await client.connected();
		return null;
	} catch (error) {
		return (error as { data: Refusal }).data;
	} finally {
		client.close();
	}
}

/** An upgrade's status, Retry-After and JSON body. */
function upgrade(port: number, path: string): Promise<{ status: number; retryAfter: string | null; body: { error?: Refusal } }> {
	return new Promise((resolve) => {
		const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`);
		socket.on('unexpected-response', (_req, res) => {
			let text = '';
			res.on('data', (chunk: Buffer) => (text += chunk.toString()));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string) ?? null, body: JSON.parse(text || '{}') }));
		});
		socket.on('open', () => {
			socket.close();
			resolve({ status: 101, retryAfter: null, body: {} });
		});
		socket.on('error', () => undefined);
	});
}

describe('a venue behind one address', () => {
	let app: RunningApp | undefined;
	let data: ReturnType<typeof tempDataDir> | undefined;
	const clients: TestClient[] = [];

	afterEach(async () => {
		for (const client of clients.splice(0)) client.close();
		await app?.close();
		data?.remove();
		app = data = undefined;
	});

	/** A server of its own for each test: every test starts with fresh limits. */
	const start = async (config: Parameters<typeof startTestApp>[1] = {}) => {
		data = tempDataDir();
		return (app = await startTestApp(data.dir, config));
	};
	const wrongCode = (url: string, headers?: Record<string, string>, token = newToken()) =>
		new TestClient(url, { role: 'participant', code: 'ZZZZZZ', token, nickname: '' }, { headers });
	const api = (url: string, session: CreatedSession, key = session.facilitatorKey) =>
		fetch(`${url}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${key}` } });

	it('after 20+ wrong codes from the address, the facilitator, its API calls and a new phone still get in; the limited hear for how long', async () => {
		const { url, port } = await start();
		const session = await createSession(url);
		const answers: (string | undefined)[] = [];
		for (let attempt = 0; attempt < 25; attempt++) answers.push((await handshake(wrongCode(url)))?.code);
		expect(answers.slice(0, REFUSALS.address.limit)).toEqual(Array(REFUSALS.address.limit).fill('not_found'));
		expect(new Set(answers.slice(REFUSALS.address.limit))).toEqual(new Set(['rate_limited']));

		// The facilitator: the console's socket, the API, the sheets.
		const host = await facilitator(url, session.id, session.facilitatorKey);
		clients.push(host);
		expect((await api(url, session)).status).toBe(200);
		expect(await upgradeStatus(port, await ticketPath(host, `${session.id}/g1`))).toBe(101);
		// A made-up ticket from here waits like a wrong code, and hears for how long.
		const guessed = await upgrade(port, `/collab/${session.id}/g1?ticket=made-up`);
		expect(guessed.status).toBe(429);
		expect(Number(guessed.retryAfter)).toBeGreaterThanOrEqual(1);
		expect(guessed.body.error?.retryAfterSeconds).toBe(Number(guessed.retryAfter));
		// A phone with a new token and the right code: this address is in that workshop.
		const phone = await participant(url, session.code);
		clients.push(phone);
		expect(phone.self).not.toBeNull();

		// Still closed for what is not known to be good, and it says for how long.
		const limited = await handshake(wrongCode(url));
		expect(limited?.code).toBe('rate_limited');
		expect(limited?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
		expect(limited?.retryAfterSeconds).toBeLessThanOrEqual(REFUSALS.address.seconds);
		// A workshop nobody here has opened: its right code is answered as a miss would be.
		const other = await createSession(url);
		expect(await handshake(new TestClient(url, { role: 'participant', code: other.code, token: newToken(), nickname: '' }))).toMatchObject({ code: 'rate_limited' });
	});

	it('lets all 300 phones join while a prankster on the same address sends wrong codes as fast as it can', async () => {
		const { url } = await start();
		const session = await createSession(url);
		const host = await facilitator(url, session.id, session.facilitatorKey);
		clients.push(host);

		let joining = true;
		const prank = { sent: 0, notFound: 0, limited: 0 };
		const prankster = async () => {
			while (joining) {
				const code = (await handshake(wrongCode(url)))?.code;
				prank.sent++;
				if (code === 'not_found') prank.notFound++;
				else if (code === 'rate_limited') prank.limited++;
			}
		};
		const facilitatorAnswers: number[] = [];
		const steering = async () => {
			while (joining) {
				facilitatorAnswers.push((await api(url, session)).status);
				await sleep(50);
			}
		};
		const pranking = Promise.all([prankster(), prankster(), prankster(), prankster(), steering()]);
		await sleep(100);
		const results = await Promise.allSettled(Array.from({ length: 300 }, () => participant(url, session.code)));
		joining = false;
		await pranking;
		const phones = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
		clients.push(...phones);
		const refused = results.flatMap((result) => (result.status === 'rejected' ? [(result.reason as { data?: Refusal }).data?.code] : []));

		expect(refused).toEqual([]);
		expect(phones).toHaveLength(300);
		await host.until((client) => client.results?.participants === 300, 10_000);
		expect(prank.limited).toBeGreaterThan(0);
		expect(facilitatorAnswers.length).toBeGreaterThan(0);
		expect(new Set(facilitatorAnswers)).toEqual(new Set([200]));
		process.stdout.write(
			`venue: ${phones.length} of 300 phones joined; the prankster sent ${prank.sent} wrong codes (${prank.notFound} not_found, ${prank.limited} rate_limited); ` +
				`the facilitator's ${facilitatorAnswers.length} API calls answered ${[...new Set(facilitatorAnswers)].join(', ')}\n`
		);
	});

	it('lets a venue whose facilitator is elsewhere in after one window, and then every phone, however the prankster goes on', async () => {
		const { url } = await start({ trustProxy: 1 });
		const session = await createSession(url);
		const venue = { 'x-forwarded-for': '198.51.100.20' };
		clients.push(await new TestClient(url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }, { headers: { 'x-forwarded-for': '203.0.113.50' } }).connected());
		const prank = async () => {
			for (let attempt = 0; attempt <= REFUSALS.address.limit; attempt++) await handshake(wrongCode(url, venue));
		};
		const phone = () => new TestClient(url, { role: 'participant', code: session.code, token: newToken(), nickname: '' }, { headers: venue });

		await prank();
		const first = await handshake(phone());
		expect(first?.code).toBe('rate_limited');
		await sleep(first!.retryAfterSeconds! * 1000 + 100);
		expect(await handshake(phone())).toBeNull();
		// Someone here is in the workshop now: its code is no guess from here any more.
		await prank();
		expect((await handshake(wrongCode(url, venue)))?.code).toBe('rate_limited');
		expect(await Promise.all(Array.from({ length: 20 }, () => handshake(phone())))).toEqual(Array(20).fill(null));
	});

	it('closes the door for one window only: trying on does not extend it, and a wrong code every 5 s never closes it', async () => {
		const { url } = await start({ trustProxy: 1 });
		const from = (address: string) => ({ 'x-forwarded-for': address });

		const steady = (async () => {
			const answers: (string | undefined)[] = [];
			for (let attempt = 0; attempt < 4; attempt++) {
				if (attempt > 0) await sleep(5_000);
				answers.push((await handshake(wrongCode(url, from('198.51.100.5'))))?.code);
			}
			return answers;
		})();

		for (let attempt = 0; attempt < REFUSALS.address.limit; attempt++) expect((await handshake(wrongCode(url, from('198.51.100.6'))))?.code).toBe('not_found');
		const first = await handshake(wrongCode(url, from('198.51.100.6')));
		expect(first?.code).toBe('rate_limited');
		const reopens = Date.now() + first!.retryAfterSeconds! * 1000;
		// Trying all through the closed window: every try refused, none of them counted.
		while (Date.now() < reopens - 1_000) {
			expect((await handshake(wrongCode(url, from('198.51.100.6'))))?.code).toBe('rate_limited');
			await sleep(250);
		}
		await sleep(reopens - Date.now() + 100);
		expect((await handshake(wrongCode(url, from('198.51.100.6'))))?.code).toBe('not_found');

		expect(await steady).toEqual(['not_found', 'not_found', 'not_found', 'not_found']);
	});

	it('counts a token that keeps failing, and wrong keys per session, whatever address they come from', async () => {
		const { url, port } = await start({ trustProxy: 1 });
		const session = await createSession(url);
		let n = 0;
		const fresh = () => ({ 'x-forwarded-for': `203.0.113.${++n}` });

		const token = newToken();
		for (let attempt = 0; attempt < REFUSALS.token.limit; attempt++) expect((await handshake(wrongCode(url, fresh(), token)))?.code).toBe('not_found');
		expect((await handshake(wrongCode(url, fresh(), token)))?.code).toBe('rate_limited');

		const wrongKey = () => new TestClient(url, { role: 'facilitator', sessionId: session.id, key: 'not-the-key' }, { headers: fresh() });
		for (let attempt = 0; attempt < REFUSALS.session.limit; attempt++) expect((await handshake(wrongKey()))?.code).toBe('forbidden');
		expect((await handshake(wrongKey()))?.code).toBe('rate_limited');
		// The API and the sheets: a wrong key hears 429 and when to try again ...
		const refused = await api(url, session, 'not-the-key');
		expect(refused.status).toBe(429);
		const seconds = Number(refused.headers.get('retry-after'));
		expect(seconds).toBeGreaterThanOrEqual(1);
		expect(seconds).toBeLessThanOrEqual(REFUSALS.session.seconds);
		expect(((await refused.json()) as { error: Refusal }).error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: seconds });
		// The sheets take no key at all (only a ticket): nothing to try there.
		expect((await upgrade(port, `/collab/${session.id}/g1?key=not-the-key`)).status).toBe(400);
		// ... while the facilitator's key opens everything, at once.
		const host = await facilitator(url, session.id, session.facilitatorKey);
		clients.push(host);
		expect((await api(url, session)).status).toBe(200);
		expect(await upgradeStatus(port, await ticketPath(host, `${session.id}/g1`))).toBe(101);
	});

	it('lets a phone that has joined back in, even from an address that is closed', async () => {
		const { url } = await start({ trustProxy: 1 });
		const session = await createSession(url);
		const token = newToken();
		const phone = new TestClient(url, { role: 'participant', code: session.code, token, nickname: '' }, { headers: { 'x-forwarded-for': '192.0.2.1' } });
		expect(await handshake(phone)).toBeNull();
		// The phone moves to the mobile network, whose shared address a guesser has closed.
		const mobile = { 'x-forwarded-for': '192.0.2.99' };
		for (let attempt = 0; attempt <= REFUSALS.address.limit; attempt++) await handshake(wrongCode(url, mobile));
		expect((await handshake(new TestClient(url, { role: 'participant', code: session.code, token: newToken(), nickname: '' }, { headers: mobile })))?.code).toBe('rate_limited');
		expect(await handshake(new TestClient(url, { role: 'participant', code: session.code, token, nickname: '' }, { headers: mobile }))).toBeNull();
	});

	it('reads a code as people type it, and calls a code of look-alikes unknown rather than malformed', async () => {
		const { url } = await start();
		const session = await createSession(url);
		const typed = ` ${session.code.slice(0, 3).toLowerCase()}-${session.code.slice(3).toLowerCase()} `;
		const phone = await participant(url, typed);
		clients.push(phone);
		await phone.until((c) => c.phoneContent !== null);
		expect(phone.phoneContent?.code).toBe(session.code);
		expect((await handshake(new TestClient(url, { role: 'participant', code: '0OI1L0', token: newToken(), nickname: '' })))?.code).toBe('not_found');
	});

});
