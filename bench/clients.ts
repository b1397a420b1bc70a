/**
 * Real socket.io clients for the load generator: many in one process, no per-message output.
 * They only ever connect to the bench server on 127.0.0.1.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { AckResponse, ClientToServerEvents, ContentView, Handshake, ResultsView, SelfView, ServerToClientEvents, SessionView } from '../src/lib/protocol';
import { WebSocket } from 'ws';
import { ticketedWebSocket, type TicketSource } from '../src/lib/client/group-sheet-socket';
import { now, sleep, waitFor } from './stats';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface CreatedSession {
	id: string;
	code: string;
	facilitatorKey: string;
}

export const newToken = (): string => randomBytes(24).toString('base64url');

export async function createSession(baseUrl: string): Promise<CreatedSession> {
	const response = await fetch(`${baseUrl}/api/sessions`, { method: 'POST' });
	if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}`);
	return (await response.json()) as CreatedSession;
}

export interface ConnectOptions {
	/** As the phone does (src/lib/client/live-session.svelte.ts): 1 s first delay, at most 5 s. */
	reconnection?: boolean;
	/**
	 * Behind the proxy of several processes (tests/helpers/routed-clients.ts, as the pages do):
	 * the retryable `moved` refusal is followed after the time it names, with `?session=ID`.
	 * `sessionId`, when the client knows it, goes in the query from the start.
	 */
	routed?: { sessionId?: string };
}

/** One connection, remembering the last thing of each kind the server said. */
export class BenchClient {
	readonly socket: Client;
	readonly startedAt = now();
	connectedAt: number | null = null;
	session: SessionView | null = null;
	self: SelfView | null = null;
	/** Set when the handshake was refused or the connection failed. */
	failure: string | null = null;
	/** `moved` refusals followed (routed clients only). */
	moved = 0;

	constructor(url: string, handshake: Handshake, options: ConnectOptions = {}) {
		this.socket = io(url, {
			auth: handshake,
			transports: ['websocket'],
			forceNew: true,
			reconnection: options.reconnection ?? false,
			reconnectionDelay: 1_000,
			reconnectionDelayMax: 5_000,
			query: options.routed?.sessionId ? { session: options.routed.sessionId } : undefined
		});
		this.socket.on('connect', () => (this.connectedAt ??= now()));
		this.socket.on('connect_error', (error) => {
			// A refused handshake (`data.code`) is final; a transport error is retried when reconnecting.
			const data = (error as Error & { data?: { code?: string; sessionId?: string; retryAfterSeconds?: number } }).data;
			if (options.routed && data?.code === 'moved') {
				this.moved += 1;
				if (data.sessionId) this.socket.io.opts.query = { session: data.sessionId };
				setTimeout(() => this.socket.connect(), (data.retryAfterSeconds ?? 0.5) * 1000);
				return;
			}
			const refused = data?.code;
			if (refused || !options.reconnection) this.failure = refused ?? error.message;
		});
		this.socket.on('session:changed', (session) => (this.session = session));
		this.socket.on('participant:self', (self) => (this.self = self));
	}

	/**
	 * Emits with an acknowledgement. Without one: `timeout` when none came in `timeoutMs`,
	 * `disconnected` when the connection dropped first (socket.io-client gives up on it then).
	 */
	request<T = unknown>(event: string, payload: unknown, timeoutMs = 10_000): Promise<AckResponse<T> | { failed: 'timeout' | 'disconnected' }> {
		return new Promise((resolve) => {
			(this.socket as unknown as Socket).timeout(timeoutMs).emit(event, payload, (error: Error | null, response: AckResponse<T>) => {
				if (!error) return resolve(response);
				resolve({ failed: /disconnected/.test(error.message) ? 'disconnected' : 'timeout' });
			});
		});
	}

	close(): void {
		this.socket.removeAllListeners();
		this.socket.disconnect();
	}
}

/**
 * y-websocket's options for a sheet as a page opens it: a fresh single-use ticket from
 * `client`'s socket.io connection before every connection attempt (the phone's own code).
 */
export function sheetOptions(client: BenchClient, docName: string) {
	const tickets: TicketSource = {
		async collabTicket(doc) {
			const answer = await client.request<{ ticket: string }>('collab:ticket', { doc });
			return 'failed' in answer ? { error: { code: 'internal', message: `no ticket: ${answer.failed}` } } : answer;
		}
	};
	return { WebSocketPolyfill: ticketedWebSocket(WebSocket as unknown as typeof globalThis.WebSocket, tickets, docName.split('/')[1]), disableBc: true };
}

/** Fails loudly: the bench cannot go on without its facilitator's commands. */
export async function command(client: BenchClient, event: string, payload: unknown): Promise<void> {
	const reply = await client.request(event, payload);
	if (!('data' in reply)) throw new Error(`${event} failed: ${JSON.stringify(reply)}`);
}

export async function connectOrThrow(client: BenchClient, timeoutMs = 15_000): Promise<BenchClient> {
	if (!(await waitFor(() => client.socket.connected || client.failure !== null, timeoutMs))) throw new Error('connect timed out');
	if (client.failure) throw new Error(`connect refused: ${client.failure}`);
	return client;
}

export class Participant extends BenchClient {
	/** When the phone could show its rating screen: connected and its own state received. */
	joinedAt: number | null = null;
	/** Items this phone has emitted a rating for: only a first rating shows on the screen as a new count. */
	readonly rated = new Set<string>();

	constructor(
		url: string,
		readonly code: string,
		readonly token = newToken(),
		options: ConnectOptions = {}
	) {
		super(url, { role: 'participant', code, token, nickname: '' }, options);
		this.socket.on('participant:self', () => (this.joinedAt ??= now()));
	}
}

export interface JoinResult {
	participants: Participant[];
	/** From the first connection attempt to the last participant joined, ms. */
	allJoinedMs: number | null;
	/** Each participant's own connect → joined time, ms. */
	latencies: number[];
	failed: number;
}

/** How many connections the generator opens per event-loop turn, so it keeps reading while it opens them. */
const OPEN_PER_TURN = 50;

/**
 * Opens `count` participant connections to each join code (round-robin across codes, so every
 * room fills at once), OPEN_PER_TURN per event-loop turn, and waits until all have joined or
 * failed (bounded).
 */
export async function joinParticipants(url: string, codes: string | string[], count: number, options: ConnectOptions = {}, timeoutMs = 60_000): Promise<JoinResult> {
	const list = typeof codes === 'string' ? [codes] : codes;
	const participants: Participant[] = [];
	const started = now();
	for (let i = 0; i < count; i++) {
		for (const code of list) {
			participants.push(new Participant(url, code, newToken(), options));
			if (participants.length % OPEN_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
		}
	}
	await waitFor(() => participants.every((p) => p.joinedAt !== null || p.failure !== null), timeoutMs, 10);
	const joined = participants.filter((p) => p.joinedAt !== null);
	return {
		participants,
		allJoinedMs: joined.length === participants.length ? Math.max(...joined.map((p) => p.joinedAt!)) - started : null,
		latencies: joined.map((p) => p.joinedAt! - p.startedAt),
		failed: participants.length - joined.length
	};
}

/** The projector: hears every coalesced results broadcast. */
export class Screen extends BenchClient {
	readonly #listeners = new Set<(results: ResultsView, at: number) => void>();

	constructor(url: string, sessionId: string, options: ConnectOptions = {}) {
		super(url, { role: 'screen', sessionId }, options);
		this.socket.on('results:changed', (results) => {
			const at = now();
			for (const listener of this.#listeners) listener(results, at);
		});
	}

	onResults(listener: (results: ResultsView, at: number) => void): void {
		this.#listeners.add(listener);
	}
}

/** The facilitator's console; the only client that keeps the session's content (phones drop it: thousands of copies). */
export class Host extends BenchClient {
	content: ContentView | null = null;

	constructor(url: string, session: CreatedSession, options: ConnectOptions = {}) {
		super(url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }, options);
		this.socket.on('session:content', (content) => (this.content = content));
	}
}

export async function facilitator(url: string, session: CreatedSession, options: ConnectOptions = {}): Promise<Host> {
	const host = new Host(url, session, options);
	await connectOrThrow(host);
	if (!(await waitFor(() => host.content !== null, 10_000))) throw new Error('no session:content for the facilitator');
	return host;
}

export async function closeAll(clients: Iterable<BenchClient>): Promise<void> {
	let n = 0;
	for (const client of clients) {
		client.close();
		if (++n % 200 === 0) await sleep(0);
	}
}
