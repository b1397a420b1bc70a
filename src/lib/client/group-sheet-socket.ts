import { COLLAB_CLOSE } from '../collab-close';
import type { AckResponse } from '../protocol';

/** Where a sheet gets a ticket for each connection: the page's socket.io connection (LiveSession). */
export interface TicketSource {
	collabTicket(doc: string): Promise<AckResponse<{ ticket: string }>>;
}

/** What y-websocket reads of a close event: the code decides whether it retries. */
type CloseLike = { code: number; reason: string; wasClean: boolean };

/** A refused ticket will be refused again (4400–4499: y-websocket stops); anything else is worth a retry. */
function closeFor(error: { code: string }): CloseLike {
	const final = error.code === 'forbidden' || error.code === 'not_found' || error.code === 'invalid_payload';
	return final ? { ...COLLAB_CLOSE.revoked, wasClean: false } : { code: 1006, reason: 'no-ticket', wasClean: false };
}

/**
 * A WebSocket class for y-websocket (`WebSocketPolyfill`) that asks for a fresh ticket before
 * each connection and opens `URL?ticket=T` with it. y-websocket makes a new socket for every
 * attempt, reconnects included, so every attempt has its own single-use ticket, and no key or
 * token is ever in a URL. Until the ticket is there the socket is CONNECTING; when none comes
 * (offline, refused) it closes as a socket that could not connect would.
 */
export function ticketedWebSocket(Base: typeof WebSocket, tickets: TicketSource, doc: string): typeof WebSocket {
	class TicketedWebSocket {
		static readonly CONNECTING = 0;
		static readonly OPEN = 1;
		static readonly CLOSING = 2;
		static readonly CLOSED = 3;
		readonly CONNECTING = 0;
		readonly OPEN = 1;
		readonly CLOSING = 2;
		readonly CLOSED = 3;
		onopen: ((event: unknown) => void) | null = null;
		onmessage: ((event: unknown) => void) | null = null;
		onerror: ((event: unknown) => void) | null = null;
		onclose: ((event: unknown) => void) | null = null;
		#binaryType: BinaryType = 'blob';
		#socket: WebSocket | null = null;
		#closed = false;

		constructor(url: string, protocols?: string | string[]) {
			tickets.collabTicket(doc).then(
				(answer) => {
					if (this.#closed) return;
					if ('error' in answer) return this.#fail(closeFor(answer.error));
					this.#open(`${url}?ticket=${encodeURIComponent(answer.data.ticket)}`, protocols);
				},
				() => this.#fail(closeFor({ code: 'internal' }))
			);
		}

		/** The WebSocket it opened with its ticket (null until then). */
		get socket(): WebSocket | null {
			return this.#socket;
		}

		get readyState(): number {
			return this.#socket?.readyState ?? (this.#closed ? this.CLOSED : this.CONNECTING);
		}

		get binaryType(): BinaryType {
			return this.#binaryType;
		}

		set binaryType(type: BinaryType) {
			this.#binaryType = type;
			if (this.#socket) this.#socket.binaryType = type;
		}

		send(data: ArrayBufferLike | ArrayBufferView): void {
			this.#socket?.send(data);
		}

		/** As a WebSocket closed while still connecting: it reports a close (1006) all the same. */
		close(code?: number, reason?: string): void {
			if (this.#socket) return this.#socket.close(code, reason);
			if (this.#closed) return;
			this.#closed = true;
			queueMicrotask(() => this.onclose?.({ code: 1006, reason: '', wasClean: false }));
		}

		#open(url: string, protocols?: string | string[]): void {
			const socket = new Base(url, protocols);
			socket.binaryType = this.#binaryType;
			socket.onopen = (event) => this.onopen?.(event);
			socket.onmessage = (event) => this.onmessage?.(event);
			socket.onerror = (event) => this.onerror?.(event);
			socket.onclose = (event) => this.onclose?.(event);
			this.#socket = socket;
		}

		#fail(event: CloseLike): void {
			this.#closed = true;
			this.onclose?.(event);
		}
	}
	return TicketedWebSocket as unknown as typeof WebSocket;
}
