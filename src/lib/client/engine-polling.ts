import { decodePayload, encodePayload, type Packet } from './engine-io-parser';

/** One way of carrying engine.io's packets: a WebSocket, or long-polling (below). */
export interface Transport {
	/** The session's id, from the open packet: long-polling sends it with every request. */
	sid?: string;
	/** The most bytes the server takes in one request (from the open packet): long-polling's writes stay within it. */
	maxPayload?: number;
	send(packets: Packet[]): void;
	/** Stops it; says nothing to the engine. */
	close(): void;
}

export interface TransportEvents {
	packet(packet: Packet): void;
	/** It failed or the server closed it; said once, never after `close()`. */
	lost(reason: string): void;
}

/** Packet type and separator: what each packet adds to a long-polling body besides its data. */
const FRAMING_BYTES = 2;

/**
 * engine.io's long-polling over `fetch`, for a phone whose network blocks WebSocket: a GET
 * waits for the server's packets and is sent again when they came, a POST carries ours
 * (one at a time: engine.io refuses overlapping ones), several packets to a body separated by
 * "\x1e". Text only: every packet of this app is JSON.
 */
export class Polling implements Transport {
	sid?: string;
	maxPayload?: number;
	#queue: Packet[] = [];
	#writing = false;
	/** No more requests: it failed, or the server or we closed the session. */
	#done = false;
	/** The engine closed it: it hears nothing more. */
	#closed = false;

	constructor(
		readonly uri: (sid?: string) => string,
		readonly on: TransportEvents
	) {
		this.#poll();
	}

	#request(body?: string): Promise<Response> {
		const init: RequestInit | undefined = body === undefined ? undefined : { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8' } };
		return fetch(this.uri(this.sid), init).then((response) => {
			if (!response.ok) throw new Error(`polling answered ${response.status}`);
			return response;
		});
	}

	#poll(): void {
		this.#request()
			.then((response) => response.text())
			.then((body) => {
				for (const packet of decodePayload(body)) {
					if (this.#closed) return;
					// Closed by the server: the session is gone, so nothing more is sent to it.
					if (packet.type === 'close') this.#done = true;
					this.on.packet(packet);
				}
				if (!this.#done && !this.#closed) this.#poll();
			}, this.#fail);
	}

	send(packets: Packet[]): void {
		this.#queue.push(...packets);
		this.#write();
	}

	/** Writes what is queued, as much as one request may carry (at least one packet), then the rest. */
	#write(): void {
		if (this.#writing || this.#done || !this.#queue.length) return;
		let count = 0;
		let bytes = 0;
		for (const packet of this.#queue) {
			bytes += new TextEncoder().encode(packet.data ?? '').length + FRAMING_BYTES;
			if (count > 0 && this.maxPayload && bytes > this.maxPayload) break;
			count++;
		}
		this.#writing = true;
		encodePayload(this.#queue.splice(0, count), (body) =>
			this.#request(body).then(() => {
				this.#writing = false;
				if (this.#closed && !this.#queue.length) this.#done = true;
				this.#write();
			}, this.#fail)
		);
	}

	readonly #fail = () => {
		if (this.#done) return;
		this.#done = true;
		if (!this.#closed) this.on.lost('transport error');
	};

	/**
	 * Tells a server that still holds the session that it is over, after what was still queued
	 * (the waiting GET ends then). Not overlapping a write in flight: engine.io refuses that.
	 */
	close(): void {
		if (this.#closed) return;
		this.#closed = true;
		if (!this.sid) this.#done = true;
		this.send([{ type: 'close' }]);
	}
}
