/**
 * The browser's own socket.io client (src/lib/client/socket-client.ts), run in Node against the
 * real server and, for the heartbeat and the transport's limits, against a bare socket.io server
 * with small timings. Node has fetch but no WebSocket: the `ws` package's is given to it.
 */
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket as ServerSocket } from 'socket.io';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { RunningApp } from '../../server/app';
import { SocketClient, type SocketClientOptions } from '../../src/lib/client/socket-client';
import type { Handshake, ServerToClientEvents, SessionView } from '../../src/lib/protocol';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

type Client = SocketClient<ServerToClientEvents>;
const clients: Client[] = [];

function open(url: string, auth: () => object, options: Partial<SocketClientOptions> = {}): Client {
	const client = new SocketClient<ServerToClientEvents>({ url, auth, WebSocket: NodeWebSocket as unknown as typeof WebSocket, ...options });
	clients.push(client);
	return client;
}

/** The next time `client` raises `event`: its first argument. */
function next<E extends 'connect' | 'disconnect' | 'connect_error' | keyof ServerToClientEvents>(client: Client, event: E, timeoutMs = 5_000): Promise<unknown> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
		const listener = (value?: unknown) => {
			client.off(event, listener as never);
			clearTimeout(timer);
			resolve(value);
		};
		client.on(event, listener as never);
	});
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WebSocket as a browser behind a proxy that refuses the upgrade reports it: error, then close. */
class RefusedWebSocket extends EventTarget {
	readyState = 0;
	onopen: (() => void) | null = null;
	onmessage: (() => void) | null = null;
	onerror: ((event: Event) => void) | null = null;
	onclose: ((event: { code: number }) => void) | null = null;
	constructor() {
		super();
		setTimeout(() => {
			this.readyState = 3;
			this.onerror?.(new Event('error'));
			this.onclose?.({ code: 1006 });
		}, 10);
	}
	send() {}
	close() {}
}

afterEach(() => {
	for (const client of clients.splice(0)) client.disconnect();
});

describe('the browser socket client, against the app', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	const host = (): Handshake => ({ role: 'facilitator', sessionId: session.id, key: session.facilitatorKey });
	const serverSockets = () => [...app.io.of('/').sockets.values()];

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
	});

	afterAll(async () => {
		await app?.close();
		data.remove();
	});

	it('connects with the handshake its auth function gives, and hears the room', async () => {
		let asked = 0;
		const client = open(app.url, () => (asked++, host()));
		const heard = next(client, 'session:changed');
		await next(client, 'connect');
		expect(client.connected).toBe(true);
		expect(((await heard) as SessionView).stepIndex).toBe(0);
		expect(asked).toBe(1);
	});

	it('answers a request with what its acknowledgement carries', async () => {
		const client = open(app.url, host);
		await next(client, 'connect');
		const changed = next(client, 'session:changed');
		expect(await client.request('step:next', {}, 5_000)).toEqual({ data: null });
		expect(((await changed) as SessionView).stepIndex).toBeGreaterThan(0);
		expect(await client.request('step:goto', { index: 0 })).toEqual({ data: null });
	});

	it("gives the server's refusal as connect_error's data, and does not try again by itself", async () => {
		let asked = 0;
		const wrongKey = open(app.url, () => (asked++, { role: 'facilitator', sessionId: session.id, key: 'not-the-key' }));
		expect(((await next(wrongKey, 'connect_error')) as { data?: { code: string } }).data?.code).toBe('forbidden');
		const unknown = open(app.url, () => ({ role: 'screen', sessionId: 'NoSuchSession1' }));
		expect(((await next(unknown, 'connect_error')) as { data?: { code: string } }).data?.code).toBe('not_found');
		// Both connections are closed, and stay closed: longer than the first reconnection delay could be (1 s + 50 %).
		await expect.poll(() => app.io.engine.clientsCount).toBe(0);
		await sleep(1_800);
		expect(app.io.engine.clientsCount).toBe(0);
		expect(asked).toBe(1);
		expect(wrongKey.connected).toBe(false);
	});

	it('reconnects after the server drops the transport, handshakes again, and delivers a request made meanwhile with its answer', async () => {
		let asked = 0;
		const client = open(app.url, () => (asked++, host()));
		await next(client, 'connect');
		// Made as the connection is found lost (before the requests sent on it are given up): it waits for the next one.
		const answer = new Promise<unknown>((resolve) => client.on('disconnect', () => resolve(client.request('step:goto', { index: 2 }))));
		const dropped = next(client, 'disconnect');
		for (const socket of serverSockets()) socket.conn.close();
		expect(await dropped).toBe('transport close');
		let heard: SessionView | null = null;
		client.on('session:changed', (view) => (heard = view));
		expect(await answer).toEqual({ data: null });
		expect(client.connected).toBe(true);
		expect(asked).toBe(2);
		// The room the client hears, back, is the one its request changed.
		await expect.poll(() => heard?.stepIndex).toBe(2);
		await expect.poll(() => app.io.of('/').sockets.size).toBe(1);
		expect(await client.request('step:goto', { index: 0 })).toEqual({ data: null });
	});

	it('falls back to long-polling when the WebSocket fails before it opens', async () => {
		const client = open(app.url, host, { WebSocket: RefusedWebSocket as unknown as typeof WebSocket });
		const heard = next(client, 'session:changed');
		await next(client, 'connect');
		await heard;
		expect(serverSockets().map((socket) => socket.conn.transport.name)).toEqual(['polling']);
		const changed = next(client, 'session:changed');
		expect(await client.request('step:next', {})).toEqual({ data: null });
		expect(((await changed) as SessionView).stepIndex).toBe(1);
		expect(await client.request('step:goto', { index: 0 })).toEqual({ data: null });
	});
});

describe('the browser socket client, against a bare socket.io server', () => {
	let http: HttpServer;
	let io: Server;
	let url: string;
	const connections: ServerSocket[] = [];

	async function start(options: ConstructorParameters<typeof Server>[1]) {
		http = createServer();
		io = new Server(http, options);
		io.on('connection', (socket) => {
			connections.push(socket);
			socket.on('echo', (payload: unknown, ack: (answer: unknown) => void) => ack(payload));
			// Takes the request and drops the connection without answering.
			socket.on('hold', () => socket.conn.close());
		});
		await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
	}

	afterEach(async () => {
		for (const client of clients.splice(0)) client.disconnect();
		connections.splice(0);
		await new Promise((resolve) => io.close(resolve));
	});

	it("answers the server's pings, and treats a server that stops pinging as lost", async () => {
		await start({ pingInterval: 100, pingTimeout: 200 });
		const client = open(url, () => ({}));
		await next(client, 'connect');
		let dropped: unknown = null;
		client.on('disconnect', (reason) => (dropped = reason));
		// Several pings: a client that did not answer them would have been dropped by the server.
		await sleep(1_000);
		expect(dropped).toBe(null);
		expect(connections).toHaveLength(1);
		const lost = next(client, 'disconnect');
		// The server's next ping is never sent (engine.io schedules it on this timer).
		clearTimeout((connections[0].conn as unknown as { pingIntervalTimer: NodeJS.Timeout }).pingIntervalTimer);
		expect(await lost).toBe('ping timeout');
		await next(client, 'connect');
		expect(connections).toHaveLength(2);
	});

	it("does not reconnect after the server's disconnect, and connects again when asked, with the query changed", async () => {
		await start({});
		const client = open(url, () => ({}), { query: { session: 'first' } });
		await next(client, 'connect');
		expect(connections[0].handshake.query.session).toBe('first');
		const reason = next(client, 'disconnect');
		connections[0].disconnect();
		expect(await reason).toBe('io server disconnect');
		await sleep(1_800);
		expect(connections).toHaveLength(1);
		client.query = { session: 'second' };
		client.connect();
		await next(client, 'connect');
		expect(connections.map((socket) => socket.handshake.query.session)).toEqual(['first', 'second']);
	});

	it('rejects a request whose connection drops before the answer, and one not answered in time', async () => {
		await start({});
		const client = open(url, () => ({}));
		await next(client, 'connect');
		await expect(client.request('hold', {})).rejects.toThrow();
		await next(client, 'connect');
		await expect(client.request('unanswered', {}, 200)).rejects.toThrow(/timed out/);
		expect(await client.request('echo', { still: 'here' })).toEqual({ still: 'here' });
	});

	it("keeps each long-polling write within the server's maxPayload", async () => {
		await start({ maxHttpBufferSize: 1_000 });
		const client = open(url, () => ({}), { WebSocket: RefusedWebSocket as unknown as typeof WebSocket });
		let dropped: unknown = null;
		client.on('disconnect', (reason) => (dropped = reason));
		// Made before the connection is up: sent together once it is.
		const answers = Array.from({ length: 20 }, (_, index) => client.request('echo', { index, text: 'x'.repeat(200) }, 5_000));
		const answered = await Promise.all(answers);
		expect(answered.map((answer) => (answer as { index: number }).index)).toEqual(Array.from({ length: 20 }, (_, index) => index));
		expect(dropped).toBe(null);
		expect(connections.map((socket) => socket.conn.transport.name)).toEqual(['polling']);
	});

	it("treats the browser's offline event as a lost connection, and comes back", async () => {
		await start({});
		const window = new EventTarget();
		const global = globalThis as unknown as Record<string, unknown>;
		global.addEventListener = window.addEventListener.bind(window);
		global.removeEventListener = window.removeEventListener.bind(window);
		try {
			const client = open(url, () => ({}));
			await next(client, 'connect');
			const lost = next(client, 'disconnect');
			window.dispatchEvent(new Event('offline'));
			expect(await lost).toBe('transport close');
			await next(client, 'connect');
			expect(connections).toHaveLength(2);
		} finally {
			delete global.addEventListener;
			delete global.removeEventListener;
		}
	});
});
