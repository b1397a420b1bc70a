import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type {
	AckResponse,
	ClientToServerEvents,
	ContentView,
	PhoneContentView,
	Handshake,
	MembersView,
	ResultsView,
	SelfView,
	ServerToClientEvents,
	SessionView
} from '../../src/lib/protocol';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * A real socket.io client that remembers the last thing the server said of each kind, and
 * can wait until the server says something that satisfies a condition.
 */
export class TestClient {
	readonly socket: TestSocket;
	content: ContentView | null = null;
	/** A phone's: what a phone is sent of the content (the current step and its items). */
	phoneContent: PhoneContentView | null = null;
	/** Bytes of every message the server sent this connection (socket.io's framing included). */
	bytesReceived = 0;
	session: SessionView | null = null;
	results: ResultsView | null = null;
	self: SelfView | null = null;
	members: MembersView | null = null;
	readonly #waiters = new Set<() => void>();

	constructor(
		url: string,
		handshake: Handshake | (() => Handshake),
		options: { reconnection?: boolean; headers?: Record<string, string>; query?: Record<string, string> } = {}
	) {
		this.socket = io(url, {
			auth: typeof handshake === 'function' ? (cb) => cb(handshake()) : handshake,
			transports: ['websocket'],
			extraHeaders: options.headers,
			query: options.query,
			reconnection: options.reconnection ?? false,
			reconnectionDelayMax: 2_000,
			forceNew: true
		});
		const keep = <K extends 'content' | 'phoneContent' | 'session' | 'results' | 'self' | 'members'>(key: K) => (value: TestClient[K]) => {
			(this as TestClient)[key] = value;
			for (const wake of this.#waiters) wake();
		};
		this.socket.on('session:content', keep('content'));
		this.socket.on('phone:content', keep('phoneContent'));
		this.socket.io.on('open', () => this.socket.io.engine.on('data', (data: string | ArrayBuffer) => (this.bytesReceived += typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength)));
		this.socket.on('session:changed', keep('session'));
		this.socket.on('results:changed', keep('results'));
		this.socket.on('participant:self', keep('self'));
		this.socket.on('groups:members', keep('members'));
	}

	/** Resolves once connected, rejects with the server's refusal. */
	connected(): Promise<this> {
		if (this.socket.connected) return Promise.resolve(this);
		return new Promise((resolve, reject) => {
			this.socket.once('connect', () => resolve(this));
			this.socket.once('connect_error', (error) => reject(error));
		});
	}

	/** Waits until `check` holds for what the server has sent, or fails after `timeoutMs`. */
	until(check: (client: this) => boolean, timeoutMs = 5_000): Promise<this> {
		if (check(this)) return Promise.resolve(this);
		return new Promise((resolve, reject) => {
			const wake = () => {
				if (!check(this)) return;
				this.#waiters.delete(wake);
				clearTimeout(timer);
				resolve(this);
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(wake);
				reject(new Error('Timed out waiting for the server'));
			}, timeoutMs);
			this.#waiters.add(wake);
		});
	}

	emit<T = unknown>(event: string, payload?: unknown): Promise<AckResponse<T>> {
		return (this.socket as unknown as Socket).timeout(5_000).emitWithAck(event, payload);
	}

	close(): void {
		this.socket.disconnect();
	}
}

export const newToken = (): string => randomBytes(24).toString('base64url');

export function facilitator(url: string, sessionId: string, key: string): Promise<TestClient> {
	return new TestClient(url, { role: 'facilitator', sessionId, key }).connected();
}

export function screen(url: string, sessionId: string): Promise<TestClient> {
	return new TestClient(url, { role: 'screen', sessionId }).connected();
}

export function participant(url: string, code: string, token = newToken(), nickname = ''): Promise<TestClient> {
	return new TestClient(url, { role: 'participant', code, token, nickname }).connected();
}
