/**
 * A phone as light as the server allows: one raw `ws` WebSocket speaking the engine.io v4 /
 * socket.io v4 text protocol itself (no socket.io-client), so one generator process can hold
 * thousands and send thousands of ratings a second without being the bottleneck.
 *
 * The wire, as socket.io writes it: the server opens with `0{…}` (engine.io OPEN), pings with
 * `2` (answered `3`); the client joins the namespace with `40{auth}` and is answered `40{…}`
 * (connected) or `44{message,data}` (refused); events are `42[name,payload]`, an emit with an
 * acknowledgement `42N[name,payload]`, its answer `43N[response]`.
 *
 * Contract as the real phone (src/lib/client/live-session.svelte.ts): the handshake is the
 * participant's (role, code, its own token, nickname ''); a `rate_limited` refusal is tried
 * again after max(1, ⌈retryAfterSeconds⌉) s; `moved` (the app on PostgreSQL: the session's id is
 * needed in the query, for the proxy to route by) is followed with `?session=ID` after the time
 * it names (±25 %); any other refusal is final. The phone counts as
 * joined when its own state (`participant:self`) arrives. Times are this machine's clock in ms
 * since the epoch (`performance.timeOrigin + performance.now()`), comparable across processes.
 */
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';

export const clock = (): number => performance.timeOrigin + performance.now();

export interface PendingRating {
	sentAt: number;
	itemIndex: number;
	/** The phone's first rating of this item (only those raise the screen's count). */
	first: boolean;
}

export interface PhoneHooks {
	joined(phone: RawPhone): void;
	/** A final refusal, or the join was given up. */
	failed(phone: RawPhone, reason: string): void;
	/** `error`: the refusal's code when the answer was `{ error }`. */
	acknowledged(phone: RawPhone, rating: PendingRating, ackedAt: number, error: string | null): void;
	/** The connection dropped after joining: these ratings will not be acknowledged. */
	cut(phone: RawPhone, ratings: PendingRating[]): void;
}

/** Gives up a join (retries included) after this long. */
const JOIN_DEADLINE_MS = 180_000;

export class RawPhone {
	readonly token = randomBytes(24).toString('base64url');
	readonly startedAt = clock();
	joinedAt: number | null = null;
	/** Handshakes tried again after a `rate_limited` refusal or a transport error before joining. */
	retries = 0;
	/** `moved` refusals followed. */
	moved = 0;
	#sessionId: string | null = null;
	failure: string | null = null;
	/** The index into the item list of this phone's next rating, and which items it has rated. */
	nextItem = 0;
	readonly rated = new Set<number>();
	readonly #pending = new Map<number, PendingRating>();
	#ws: WebSocket | null = null;
	#nextId = 0;
	#closing = false;

	constructor(
		readonly url: string,
		readonly code: string,
		readonly hooks: PhoneHooks
	) {}

	get pending(): number {
		return this.#pending.size;
	}

	get open(): boolean {
		return this.joinedAt !== null && this.#ws?.readyState === WebSocket.OPEN;
	}

	connect(): void {
		if (this.#closing) return;
		const ws = new WebSocket(`${this.url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket${this.#sessionId ? `&session=${encodeURIComponent(this.#sessionId)}` : ''}`, { perMessageDeflate: false });
		this.#ws = ws;
		ws.on('message', (data: Buffer) => this.#read(ws, data.toString()));
		ws.on('error', () => {});
		ws.on('close', () => this.#closed(ws));
	}

	/** `rating:set` with an acknowledgement. */
	rate(itemId: string, itemIndex: number, value: number): void {
		const ws = this.#ws;
		if (!ws || !this.open) return;
		const id = this.#nextId++;
		const first = !this.rated.has(itemIndex);
		this.rated.add(itemIndex);
		this.#pending.set(id, { sentAt: clock(), itemIndex, first });
		ws.send(`42${id}${JSON.stringify(['rating:set', { itemId, value }])}`);
	}

	/** Stops waiting for what is unacknowledged (counted lost by the caller): a late answer is ignored. */
	dropPending(): void {
		this.#pending.clear();
	}

	close(): void {
		this.#closing = true;
		this.#ws?.terminate();
	}

	#read(ws: WebSocket, text: string): void {
		const type = text.charCodeAt(0) - 48;
		if (type === 2) return void ws.send('3');
		if (type === 0) return void ws.send(`40${JSON.stringify({ role: 'participant', code: this.code, token: this.token, nickname: '' })}`);
		if (type !== 4) return;
		const packet = text.charCodeAt(1) - 48;
		if (packet === 2) {
			if (this.joinedAt === null && text.startsWith('42["participant:self"')) {
				this.joinedAt = clock();
				this.hooks.joined(this);
			}
		} else if (packet === 3) this.#ack(text);
		else if (packet === 4) this.#refused(ws, text.slice(2));
	}

	#ack(text: string): void {
		let end = 2;
		while (text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
		const id = Number(text.slice(2, end));
		const rating = this.#pending.get(id);
		if (!rating) return;
		this.#pending.delete(id);
		const ackedAt = clock();
		const body = text.slice(end);
		if (body.startsWith('[{"data"')) return this.hooks.acknowledged(this, rating, ackedAt, null);
		let code = 'unknown';
		try {
			code = (JSON.parse(body) as Array<{ error?: { code?: string } }>)[0]?.error?.code ?? 'unknown';
		} catch {
			// an answer that is not JSON: counted as refused `unknown`
		}
		this.hooks.acknowledged(this, rating, ackedAt, code);
	}

	#refused(ws: WebSocket, json: string): void {
		let data: { code?: string; retryAfterSeconds?: number; sessionId?: string } = {};
		try {
			data = (JSON.parse(json) as { data?: typeof data }).data ?? {};
		} catch {
			// not JSON: a final refusal
		}
		this.#ws = null;
		ws.terminate();
		if (data.code === 'moved' && data.sessionId) {
			this.#sessionId = data.sessionId;
			this.moved += 1;
			return void setTimeout(() => this.connect(), (data.retryAfterSeconds ?? 0.5) * 1000 * (0.75 + Math.random() / 2));
		}
		if (data.code === 'rate_limited') return this.#retry(Math.max(1, Math.ceil(data.retryAfterSeconds ?? 1)) * 1000);
		this.#fail(data.code ?? 'refused');
	}

	#closed(ws: WebSocket): void {
		// A refused handshake's socket (already let go), or an earlier attempt's.
		if (ws !== this.#ws) return;
		this.#ws = null;
		if (this.#closing) return this.#cutPending();
		// Before joining: a transport error, tried again in 1 s as socket.io-client would.
		if (this.joinedAt === null) return this.#retry(1_000);
		this.#cutPending();
	}

	#cutPending(): void {
		if (!this.#pending.size) return;
		const cut = [...this.#pending.values()];
		this.#pending.clear();
		this.hooks.cut(this, cut);
	}

	#retry(afterMs: number): void {
		if (this.failure !== null) return;
		if (clock() + afterMs - this.startedAt > JOIN_DEADLINE_MS) return this.#fail('join deadline');
		this.retries += 1;
		setTimeout(() => this.connect(), afterMs);
	}

	#fail(reason: string): void {
		if (this.failure !== null || this.joinedAt !== null) return;
		this.failure = reason;
		this.hooks.failed(this, reason);
	}
}
