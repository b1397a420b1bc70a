import { Engine } from './engine-socket';
import { Decoder, Encoder, PacketType, type Packet } from './socket-io-parser';

/** A refused handshake: `data` is what the server's middleware attached (this app's Refusal). */
export type ConnectError = Error & { data?: unknown };

/** The events the client raises itself, as socket.io-client names them. */
export interface ReservedEvents {
	connect(): void;
	/** `io server disconnect` when the server ended the connection: then it is not retried by itself. */
	disconnect(reason: string): void;
	connect_error(error: ConnectError): void;
}

export interface SocketClientOptions {
	/** The CONNECT packet's payload, asked for on every (re)connect. */
	auth: () => object;
	query?: Record<string, string>;
	/** The server's address; this page's when not given. */
	url?: string;
	WebSocket?: typeof WebSocket;
	reconnectionDelayMax?: number;
}

type Listener = (...args: never[]) => void;
type Events<Listen> = Listen & ReservedEvents;

interface Ack {
	resolve(answer: unknown): void;
	reject(error: Error): void;
	timer?: ReturnType<typeof setTimeout>;
}

/** socket.io-client's reconnection defaults: 1 s, doubling, ±50 %. */
const RECONNECTION_DELAY_MS = 1_000;
const RANDOMIZATION = 0.5;

/**
 * The browser's socket.io client (protocol 5, the default namespace, JSON only): what this app
 * needs of socket.io-client, for a fifth of its bytes. It behaves as socket.io-client does
 * where the pages depend on it (src/lib/client/live-session.svelte.ts):
 * - connects at once; after a lost connection it reconnects by itself, with socket.io's backoff
 *   and jitter, and `auth()` is asked again each time;
 * - does not retry by itself after the server's DISCONNECT (`disconnect('io server disconnect')`)
 *   nor after a refused handshake (`connect_error` with the server's data); `connect()` does;
 * - a request made while not connected waits and is sent on connect; one already sent on a
 *   connection that drops rejects (its answer may never come), and one past its timeout.
 * Events the server sends with an acknowledgement wanted are not answered: this server sends none.
 */
export class SocketClient<Listen extends object> {
	connected = false;
	/** Read at each connection attempt: may change between them. */
	query: Record<string, string>;
	#engine: Engine | null = null;
	/** Wants to be connected (socket.io-client: the socket is active). */
	#active = false;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#attempts = 0;
	#ids = 0;
	/** Requests made while not connected, encoded, by id. */
	#buffer = new Map<number, string>();
	#acks = new Map<number, Ack>();
	#listeners = new Map<string, Set<Listener>>();
	readonly #encoder = new Encoder();
	readonly #decoder = new Decoder();

	constructor(readonly options: SocketClientOptions) {
		this.query = options.query ?? {};
		this.#decoder.on('decoded', (packet) => this.#packet(packet));
		this.connect();
	}

	on<E extends keyof Events<Listen> & string>(event: E, listener: Events<Listen>[E]): this {
		const listeners = this.#listeners.get(event) ?? new Set();
		this.#listeners.set(event, listeners.add(listener as Listener));
		return this;
	}

	off<E extends keyof Events<Listen> & string>(event: E, listener: Events<Listen>[E]): this {
		this.#listeners.get(event)?.delete(listener as Listener);
		return this;
	}

	#raise(event: string, ...args: unknown[]): void {
		for (const listener of [...(this.#listeners.get(event) ?? [])]) (listener as (...args: unknown[]) => void)(...args);
	}

	connect(): void {
		this.#active = true;
		if (!this.#engine && this.#retry === undefined) this.#open();
	}

	disconnect(): void {
		const was = this.connected;
		if (was) this.#send({ type: PacketType.DISCONNECT, nsp: '/' });
		this.#stop();
		if (was) this.#closed('io client disconnect');
	}

	/** Sends `event` with `payload` and answers what the server's acknowledgement carries. */
	request(event: string, payload: unknown, timeoutMs?: number): Promise<unknown> {
		const id = this.#ids++;
		const text = this.#encoder.encode({ type: PacketType.EVENT, nsp: '/', id, data: [event, payload] })[0];
		return new Promise((resolve, reject) => {
			const ack: Ack = { resolve, reject };
			if (timeoutMs !== undefined) {
				ack.timer = setTimeout(() => {
					this.#acks.delete(id);
					this.#buffer.delete(id);
					reject(new Error('operation has timed out'));
				}, timeoutMs);
			}
			this.#acks.set(id, ack);
			if (this.connected && !this.#engine?.expired()) this.#engine?.send(text);
			else this.#buffer.set(id, text);
		});
	}

	#open(): void {
		this.#engine = new Engine(
			{ url: this.options.url, query: this.query, WebSocket: this.options.WebSocket },
			{
				open: () => {
					this.#attempts = 0;
					this.#send({ type: PacketType.CONNECT, nsp: '/', data: this.options.auth() });
				},
				message: (data) => {
					try {
						this.#decoder.add(data);
					} catch {
						// A packet it cannot read: socket.io-client closes the connection and reconnects.
						this.#engine?.close();
						this.#lost('parse error', true);
					}
				},
				lost: (reason, opened) => this.#lost(reason, opened)
			}
		);
	}

	#send(packet: Packet): void {
		this.#engine?.send(this.#encoder.encode(packet)[0]);
	}

	#lost(reason: string, opened: boolean): void {
		this.#engine = null;
		if (opened) this.#closed(reason);
		else this.#raise('connect_error', new Error(reason));
		if (!this.#active || this.#engine || this.#retry !== undefined) return;
		this.#retry = setTimeout(() => {
			this.#retry = undefined;
			if (this.#active && !this.#engine) this.#open();
		}, this.#delay());
	}

	/** socket.io-client's backoff (backo2): 1 s × 2^attempts, ±50 % at random, at most reconnectionDelayMax. */
	#delay(): number {
		const ms = RECONNECTION_DELAY_MS * 2 ** Math.min(this.#attempts++, 20);
		const random = Math.random();
		const deviation = Math.floor(random * RANDOMIZATION * ms);
		const jittered = (Math.floor(random * 10) & 1) === 0 ? ms - deviation : ms + deviation;
		return Math.min(jittered, this.options.reconnectionDelayMax ?? 5_000) | 0;
	}

	/** Stops wanting a connection: no reconnecting until `connect()`. */
	#stop(): void {
		this.#active = false;
		clearTimeout(this.#retry);
		this.#retry = undefined;
		this.#engine?.close();
		this.#engine = null;
	}

	/** The connection is over: requests sent on it will get no answer; those still waiting to be sent stay. */
	#closed(reason: string): void {
		this.connected = false;
		this.#raise('disconnect', reason);
		for (const [id, ack] of this.#acks) {
			if (this.#buffer.has(id)) continue;
			this.#acks.delete(id);
			clearTimeout(ack.timer);
			ack.reject(new Error('socket has been disconnected'));
		}
	}

	#packet(packet: Packet): void {
		if (packet.nsp !== '/') return;
		const data = packet.data as never;
		if (packet.type === PacketType.CONNECT) {
			this.connected = true;
			for (const text of this.#buffer.values()) this.#engine?.send(text);
			this.#buffer.clear();
			this.#raise('connect');
		} else if (packet.type === PacketType.EVENT) {
			const [event, ...args] = data as unknown[];
			this.#raise(String(event), ...args);
		} else if (packet.type === PacketType.ACK) {
			const ack = this.#acks.get(packet.id!);
			this.#acks.delete(packet.id!);
			clearTimeout(ack?.timer);
			ack?.resolve((data as unknown[])[0]);
		} else if (packet.type === PacketType.DISCONNECT) {
			this.#stop();
			this.#closed('io server disconnect');
		} else if (packet.type === PacketType.CONNECT_ERROR) {
			this.#stop();
			const refusal = data as { message?: string; data?: unknown };
			this.#raise('connect_error', Object.assign(new Error(refusal.message), { data: refusal.data }));
		}
	}
}
