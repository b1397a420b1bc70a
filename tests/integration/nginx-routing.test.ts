import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSocket, startNamedUpstream, type NamedUpstream, type Seen } from '../helpers/named-upstream';
import { startNginx, type RunningNginx } from '../helpers/nginx';

// The shipped deploy/nginx.conf (rendered by tests/helpers/nginx.ts) in front of two stand-in
// processes that answer with their name: which process a request reaches is the routing.

const newSessionId = () => randomBytes(12).toString('base64url'); // as server/keys.ts makes them

/** Every request that names session `id`, as the app's clients make them. */
function sessionRequests(id: string): { path: string; method: string }[] {
	return [
		{ method: 'GET', path: `/socket.io/?EIO=4&transport=polling&session=${id}` },
		{ method: 'POST', path: `/socket.io/?EIO=4&transport=polling&t=x&session=${id}&sid=abc` },
		{ method: 'GET', path: `/s/${id}/facilitate` },
		{ method: 'GET', path: `/s/${id}/screen` },
		{ method: 'GET', path: `/s/${id}/summary/__data.json?x-sveltekit-invalidated=01` },
		{ method: 'GET', path: `/api/sessions/${id}` },
		{ method: 'GET', path: `/api/sessions/${id}/export?format=pdf` },
		{ method: 'POST', path: `/api/sessions/${id}/agreement` },
		{ method: 'GET', path: `/api/sessions/${id}/follow-up` },
		{ method: 'DELETE', path: `/api/sessions/${id}` }
	];
}
const sessionSockets = (id: string) => [`/collab/${id}/g1`, `/socket.io/?EIO=4&transport=websocket&session=${id}`];

/** Requests that name no session: spread over every process. */
const unnamed = [
	'/',
	'/j/KDXRTM',
	'/_app/immutable/entry/start.js',
	'/privacy',
	'/api/templates',
	'/api/sessions',
	'/socket.io/?EIO=4&transport=polling',
	'/socket.io/?EIO=4&transport=polling&session=',
	'/socket.io/?EIO=4&transport=polling&session=not%20an%20id'
];

describe('nginx in front of several processes (deploy/nginx.conf)', () => {
	let upstreams: NamedUpstream[] = [];
	let nginx: RunningNginx;

	async function reach(path: string, init: RequestInit = {}): Promise<Seen> {
		const response = await fetch(`${nginx.url}${path}`, init);
		expect(response.status).toBe(200);
		return (await response.json()) as Seen;
	}
	async function reachSocket(path: string): Promise<Seen> {
		const { seen, socket } = await openSocket(`ws://127.0.0.1:${nginx.port}${path}`);
		socket.terminate();
		return seen;
	}
	/** The processes every request and WebSocket naming `id` reached. */
	async function namesFor(id: string): Promise<Set<string>> {
		const names = new Set<string>();
		for (const { path, method } of sessionRequests(id)) names.add((await reach(path, { method })).name);
		for (const path of sessionSockets(id)) names.add((await reachSocket(path)).name);
		return names;
	}

	beforeAll(async () => {
		upstreams = await Promise.all(['app1', 'app2'].map(startNamedUpstream));
		nginx = await startNginx(upstreams.map((upstream) => upstream.address));
	});
	afterAll(async () => {
		await nginx?.stop();
		await Promise.all(upstreams.map((upstream) => upstream.stop()));
	});

	it('sends every request and WebSocket that names one session to the same process', async () => {
		for (let i = 0; i < 5; i++) {
			const names = await namesFor(newSessionId());
			expect(names.size).toBe(1);
		}
	});

	it('spreads different sessions over every process', async () => {
		const counts = new Map<string, number>();
		for (let i = 0; i < 40; i++) {
			const { name } = await reach(`/s/${newSessionId()}/screen`);
			counts.set(name, (counts.get(name) ?? 0) + 1);
		}
		expect([...counts.keys()].sort()).toEqual(['app1', 'app2']);
	});

	it('spreads requests that name no session over every process', async () => {
		for (const path of unnamed) {
			const names = new Set<string>();
			for (let i = 0; i < 24; i++) names.add((await reach(path, { method: path === '/api/sessions' ? 'POST' : 'GET' })).name);
			expect([path, [...names].sort()]).toEqual([path, ['app1', 'app2']]);
		}
		const names = new Set<string>();
		for (let i = 0; i < 24; i++) names.add((await reachSocket('/socket.io/?EIO=4&transport=websocket')).name);
		expect([...names].sort()).toEqual(['app1', 'app2']);
	});

	it('passes the client address (appended to X-Forwarded-For), the scheme and the Host on', async () => {
		const headers = { 'x-forwarded-for': '203.0.113.7' };
		const seen = await reach(`/api/sessions/${newSessionId()}`, { headers });
		expect(seen).toMatchObject({ forwardedFor: '203.0.113.7, 127.0.0.1', forwardedProto: 'http', host: `127.0.0.1:${nginx.port}` });
		const { seen: upgrade, socket } = await openSocket(`ws://127.0.0.1:${nginx.port}/collab/${newSessionId()}/g1`, headers);
		socket.terminate();
		expect(upgrade).toMatchObject({ forwardedFor: '203.0.113.7, 127.0.0.1', host: `127.0.0.1:${nginx.port}` });
	});

	it('says what nginx said when it cannot start', async () => {
		await expect(startNginx([])).rejects.toThrow(/no servers are inside upstream/);
	});

	it('moves a session to another process at once when its process stops, and back once it listens again', async () => {
		const id = newSessionId();
		const [home] = [...(await namesFor(id))];
		const owner = upstreams.find((upstream) => upstream.name === home)!;
		const other = upstreams.find((upstream) => upstream !== owner)!;
		const open = await openSocket(`ws://127.0.0.1:${nginx.port}${sessionSockets(id)[0]}`);
		const closed = new Promise((resolve) => open.socket.once('close', resolve));

		await owner.stop();
		await closed; // the open sheet's socket ends with its process; its reconnect goes on
		expect(await namesFor(id)).toEqual(new Set([other.name]));

		await owner.restart();
		// No server is ever marked down (max_fails=0): the next request finds it.
		expect(await namesFor(id)).toEqual(new Set([owner.name]));
	});

	it('sends to a process that came back at once, even after every process was down in turn (a rolling restart)', async () => {
		const id = newSessionId();
		const [home] = [...(await namesFor(id))];
		const owner = upstreams.find((upstream) => upstream.name === home)!;
		const other = upstreams.find((upstream) => upstream !== owner)!;
		await owner.stop();
		expect(await namesFor(id)).toEqual(new Set([other.name]));
		await owner.restart();
		await other.stop();
		expect(await namesFor(id)).toEqual(new Set([owner.name]));
		await other.restart();
		expect(await namesFor(id)).toEqual(new Set([owner.name]));
	});
});
