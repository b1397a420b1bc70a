import type { Socket } from 'socket.io-client';
import type { Handshake, Refusal } from '../../src/lib/protocol';
import { newToken, TestClient } from './clients';

/**
 * A client that connects as the app's pages do behind the proxy (src/lib/client/live-session.svelte.ts):
 * with the session's id in the query when it knows it, reconnecting by itself, and on `moved`
 * again after the time it names, with the id it names. `connects` counts its connections.
 */
export class RoutedClient extends TestClient {
	connects = 0;
	/** When it last lost its connection (Date.now()), and how long each outage lasted until it was back. */
	lostAt: number | null = null;
	readonly outages: number[] = [];
	/** Every refusal and failed attempt, for a failing test to show. */
	readonly errors: string[] = [];

	constructor(url: string, handshake: Handshake) {
		super(url, handshake, { reconnection: true, query: 'sessionId' in handshake ? { session: handshake.sessionId } : {} });
		this.socket.on('connect', () => {
			this.connects++;
			if (this.lostAt !== null) this.outages.push(Date.now() - this.lostAt);
			this.lostAt = null;
		});
		this.socket.on('disconnect', (reason) => {
			this.lostAt ??= Date.now();
			// As the page: the server hung up (a handover tells clients to reconnect): ask again.
			if (reason === 'io server disconnect') this.socket.connect();
		});
		this.socket.on('connect_error', (error) => {
			this.lostAt ??= Date.now();
			this.errors.push(`${Date.now() % 100000} ${error.message} ${JSON.stringify((error as Error & { data?: unknown }).data ?? null)}`);
			const refusal = (error as Error & { data?: Refusal }).data;
			if (refusal?.code !== 'moved') return;
			if (refusal.sessionId) this.socket.io.opts.query = { session: refusal.sessionId };
			setTimeout(() => this.socket.connect(), (refusal.retryAfterSeconds ?? 0.5) * 1000);
		});
	}

	/** Resolves once connected; a `moved` on the way is followed, any other refusal rejects. */
	online(timeoutMs = 10_000): Promise<this> {
		if (this.socket.connected) return Promise.resolve(this);
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error('not connected in time')), timeoutMs);
			const onError = (error: Error & { data?: Refusal }) => {
				if (error.data && error.data.code !== 'moved' && error.data.code !== 'rate_limited') {
					clearTimeout(timer);
					reject(error);
				}
			};
			this.socket.on('connect_error', onError);
			this.socket.once('connect', () => {
				clearTimeout(timer);
				this.socket.off('connect_error', onError);
				resolve(this);
			});
		});
	}
}

/**
 * A phone as src/lib/client/my-ratings.svelte.ts keeps its ratings: each sent with a request id
 * and no timeout; on every reconnect, what the server's record (participant:self) lacks is sent
 * again. `acknowledged` is what the server said it stored.
 */
export class RoutedPhone extends RoutedClient {
	readonly token: string;
	readonly acknowledged = new Map<string, number>();
	/** Every answer to a rating, for a failing test to show. */
	readonly replies: unknown[] = [];
	readonly #pending = new Map<string, { value: number; requestId: string }>();

	constructor(url: string, code: string, token = newToken()) {
		super(url, { role: 'participant', code, token, nickname: '' });
		this.token = token;
		this.socket.on('participant:self', (self) => {
			for (const [itemId, pending] of this.#pending) {
				if (self.ratings[itemId] !== pending.value) this.#send(itemId, pending);
				else {
					// Stored before the answer was lost with the connection: the server says so now.
					this.#pending.delete(itemId);
					this.acknowledged.set(itemId, pending.value);
				}
			}
		});
	}

	rate(itemId: string, value: number): void {
		const pending = { value, requestId: newToken().slice(0, 16) };
		this.#pending.set(itemId, pending);
		this.#send(itemId, pending);
	}

	#send(itemId: string, pending: { value: number; requestId: string }): void {
		void (this.socket as unknown as Socket).emitWithAck('rating:set', { itemId, value: pending.value, requestId: pending.requestId }).then((reply: { data?: unknown }) => {
			this.replies.push(reply);
			if (this.#pending.get(itemId) !== pending || !('data' in reply)) return;
			this.#pending.delete(itemId);
			this.acknowledged.set(itemId, pending.value);
		}, (error: unknown) => this.replies.push(String(error))); // Lost with the connection: still pending, sent again once the server's record is in.
	}

	get waiting(): number {
		return this.#pending.size;
	}
}
