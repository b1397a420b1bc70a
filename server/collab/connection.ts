import { WebSocket, type RawData } from 'ws';
import type { Logger } from '../log';
import { MessageBudget } from './limits';
import { parseMessage } from './protocol';
import type { Peer, SharedDoc } from './shared-doc';
import { COLLAB_CLOSE, type CloseReason, type CollabAccess, type CollabLimits, type CollabStats } from './types';

/**
 * A copy that owns its buffer exactly: ws hands out views into the socket's read buffer, and
 * lib0 only bounds-checks against the underlying ArrayBuffer.
 */
const ownBytes = (data: RawData): Uint8Array =>
	Array.isArray(data) ? new Uint8Array(Buffer.concat(data)) : data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data);

export interface ConnectionOptions {
	/** How much may arrive before the document is loaded. */
	maxEarlyBytes: number;
	limits: CollabLimits;
	/** The endpoint's counters, shared by every connection. */
	stats: CollabStats;
	log: Logger;
}

/**
 * One WebSocket to one document. Messages that arrive before the document is loaded are kept
 * and handled, in order, once it is; each is weighed against the connection's budget
 * (`MessageBudget`) before the document sees it. Holds no reference to the upgrade request.
 */
export class Connection implements Peer {
	readonly docName: string;
	readonly access: CollabAccess;
	readonly clientIds = new Set<number>();
	readonly announced = new Set<number>();
	/** Resolves when the socket has closed, however it closed. */
	readonly ended: Promise<void>;
	readonly #ws: WebSocket;
	readonly #maxEarlyBytes: number;
	readonly #maxBufferedBytes: number;
	readonly #budget: MessageBudget;
	readonly #stats: CollabStats;
	readonly #log: Logger;
	#doc: SharedDoc | null = null;
	#early: Uint8Array[] = [];
	#earlyBytes = 0;
	#closing = false;
	#alive = true;

	constructor(ws: WebSocket, docName: string, access: CollabAccess, options: ConnectionOptions) {
		this.#ws = ws;
		this.docName = docName;
		this.access = access;
		this.#maxEarlyBytes = options.maxEarlyBytes;
		this.#maxBufferedBytes = options.limits.maxBufferedBytes;
		this.#budget = new MessageBudget(docName, options.limits, options.stats, options.log);
		this.#stats = options.stats;
		this.#log = options.log;
		this.ended = new Promise((resolve) => ws.once('close', () => resolve()));
		ws.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
		ws.on('pong', () => (this.#alive = true));
		// ws reports protocol errors (1002, 1009, …) here and closes the socket itself.
		ws.on('error', (error) => options.log.warn({ doc: docName, reason: error.message }, 'collab: connection failed'));
	}

	/** Hands messages to `doc` from now on, those that arrived during the load first. */
	joined(doc: SharedDoc): void {
		this.#doc = doc;
		const early = this.#early;
		this.#early = [];
		for (const data of early) this.#receive(data);
	}

	/**
	 * A client that does not read what it is sent (while asking for more, say) is cut off
	 * once `maxBufferedBytes` wait for it: a close frame would only queue behind them.
	 */
	send(message: Uint8Array): void {
		if (this.#ws.readyState !== WebSocket.OPEN) return;
		this.#ws.send(message);
		if (this.#ws.bufferedAmount > this.#maxBufferedBytes && !this.#closing) {
			this.#stats.refused += 1;
			this.terminate();
		}
	}

	/** Closes with a code the client understands; nothing it sends afterwards is handled. */
	close(why: CloseReason): void {
		if (this.#closing) return;
		this.#closing = true;
		if (why === COLLAB_CLOSE.tooMuch) this.#stats.refused += 1;
		this.#ws.close(why.code, why.reason);
	}

	terminate(): void {
		this.#closing = true;
		this.#ws.terminate();
	}

	/** Called every ping interval: a connection that did not answer the previous ping is dead. */
	heartbeat(): void {
		if (!this.#alive) return this.terminate();
		this.#alive = false;
		this.#ws.ping();
	}

	#onMessage(data: RawData, isBinary: boolean): void {
		if (this.#closing) return;
		if (!isBinary) return this.#reject(new Error('text frame'));
		const bytes = ownBytes(data);
		if (this.#doc) return this.#receive(bytes);
		this.#early.push(bytes);
		this.#earlyBytes += bytes.length;
		if (this.#earlyBytes > this.#maxEarlyBytes) this.close(COLLAB_CLOSE.busy);
	}

	#receive(data: Uint8Array): void {
		if (this.#closing || !this.#doc) return;
		try {
			const message = parseMessage(data);
			const awareness = this.access.access === 'write' ? this.#doc.awareness : null;
			const verdict = this.#budget.admit(message, awareness) ?? this.#doc.receive(this, message);
			if (verdict) this.close(verdict);
		} catch (error) {
			this.#reject(error);
		}
	}

	/** A malformed message costs the sender its connection, never the process. */
	#reject(error: unknown): void {
		this.#log.warn({ doc: this.docName, reason: error instanceof Error ? error.message : String(error) }, 'collab: bad message, connection closed');
		this.close(COLLAB_CLOSE.badMessage);
	}
}
