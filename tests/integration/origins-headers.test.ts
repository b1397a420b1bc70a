import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { ownOrigins } from '../../server/guard';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { ticketPath } from '../helpers/yjs';

interface Answer {
	status: number;
	headers: Record<string, string | string[] | undefined>;
}

/** A WebSocket upgrade (or a plain request) as raw HTTP, to see the status and headers it is answered with. */
function ask(port: number, path: string, headers: Record<string, string>, upgrade: boolean): Promise<Answer> {
	return new Promise((resolve, reject) => {
		const req = request({
			host: '127.0.0.1',
			port,
			path,
			headers: upgrade
				? { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', ...headers }
				: headers
		});
		req.on('upgrade', (res, socket) => {
			socket.destroy();
			resolve({ status: res.statusCode ?? 101, headers: res.headers });
		});
		req.on('response', (res) => {
			res.resume();
			resolve({ status: res.statusCode ?? 0, headers: res.headers });
		});
		req.on('error', reject);
		req.end();
	});
}

const secure = (answer: Answer) => ({
	nosniff: answer.headers['x-content-type-options'],
	referrer: answer.headers['referrer-policy'],
	frames: String(answer.headers['content-security-policy'] ?? '').includes("frame-ancestors 'none'")
});
const SECURE = { nosniff: 'nosniff', referrer: 'no-referrer', frames: true };

describe('origins compared exactly, and the security headers on every response', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	const socketIo = (origin?: string, host?: string) =>
		ask(app.port, '/socket.io/?EIO=4&transport=websocket', { ...(origin ? { origin } : {}), ...(host ? { host } : {}) }, true);
	let console: TestClient;
	/** A sheet's upgrade with a fresh ticket of the facilitator's. */
	const collab = async (origin?: string, host?: string) =>
		ask(app.port, await ticketPath(console, `${session.id}/g1`), { ...(origin ? { origin } : {}), ...(host ? { host } : {}) }, true);

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		console = await facilitator(app.url, session.id, session.facilitatorKey);
	});

	afterAll(async () => {
		console?.close();
		await app?.close();
		data.remove();
	});

	it('takes PUBLIC_URL’s origin exactly, and a loopback address’s aliases', () => {
		expect(ownOrigins('https://vaegten.example.dk')).toEqual(new Set(['https://vaegten.example.dk']));
		expect(ownOrigins('http://localhost:3000')).toEqual(new Set(['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']));
		expect(ownOrigins('ftp://vaegten.example.dk')).toEqual(new Set());
		expect(ownOrigins('')).toEqual(new Set());
	});

	it('refuses another scheme, another port, another host and a rebinding pair, on socket.io and /collab', async () => {
		const { port } = app;
		const strangers: Array<[string, string, string?]> = [
			['https on a plain-HTTP server', `https://127.0.0.1:${port}`],
			['ftp', `ftp://127.0.0.1:${port}`],
			['another port', `http://127.0.0.1:${port + 1}`],
			['another site', 'https://evil.example'],
			['a rebinding pair: Host and Origin both the attacker’s name', 'http://evil.example', 'evil.example'],
			['a rebinding pair with the port', `http://evil.example:${port}`, `evil.example:${port}`],
			['an opaque origin', 'null']
		];
		for (const [who, origin, host] of strangers) {
			expect((await socketIo(origin, host)).status, `socket.io: ${who}`).toBe(403);
			expect((await collab(origin, host)).status, `collab: ${who}`).toBe(403);
		}
		for (const origin of [app.url, `http://localhost:${port}`, undefined]) {
			expect((await socketIo(origin)).status, `socket.io: ${origin}`).toBe(101);
			expect((await collab(origin)).status, `collab: ${origin}`).toBe(101);
		}
	});

	it('puts the security headers on socket.io’s polling answers and on every refusal', async () => {
		const polling = await ask(app.port, '/socket.io/?EIO=4&transport=polling', { origin: app.url }, false);
		expect(polling.status).toBe(200);
		expect(secure(polling)).toEqual(SECURE);
		const refusedPolling = await ask(app.port, '/socket.io/?EIO=4&transport=polling', { origin: 'https://evil.example' }, false);
		expect(refusedPolling.status).toBe(403);
		expect(secure(refusedPolling)).toEqual(SECURE);
		const badPolling = await ask(app.port, '/socket.io/?EIO=9&transport=polling', {}, false);
		expect(badPolling.status).toBe(400);
		expect(secure(badPolling)).toEqual(SECURE);
		for (const refused of [await socketIo('https://evil.example'), await collab('https://evil.example'), await ask(app.port, '/nobody/owns/this', {}, true)]) {
			expect(refused.status).toBeGreaterThanOrEqual(400);
			expect(secure(refused)).toEqual(SECURE);
		}
	});
});
