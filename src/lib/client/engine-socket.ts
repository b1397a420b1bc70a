import { decodePacket, encodePacket, protocol, type Packet } from './engine-io-parser';
import { Polling, type Transport, type TransportEvents } from './engine-polling';

export interface EngineOptions {
	/** The server's address; this page's when not given (the browser). */
	url?: string;
	/** Sent with every request: `session=ID` routes the connection in the several-process setup. */
	query: Record<string, string>;
	/** The browser's when not given (Node has none: tests give `ws`'s). Without one, long-polling at once. */
	WebSocket?: typeof WebSocket;
}

export interface EngineEvents {
	open(): void;
	message(data: string): void;
	/** Lost: after `open`, the connection dropped; before it, none could be made. Never said after `close()`. */
	lost(reason: string, opened: boolean): void;
}

/** What the server's open packet says (engine.io's handshake). */
interface Handshake {
	sid: string;
	pingInterval: number;
	pingTimeout: number;
	maxPayload: number;
}

/** socket.io-client's default: a connection not open by then is given up (and tried again). */
const OPEN_TIMEOUT_MS = 20_000;

function websocket(WS: typeof WebSocket, url: string, on: TransportEvents): Transport {
	const socket = new WS(url);
	socket.onmessage = (event: MessageEvent) => on.packet(decodePacket(event.data));
	// A failure is reported as an error and then a close: the engine hears the first.
	socket.onerror = () => on.lost('transport error');
	socket.onclose = () => on.lost('transport close');
	return {
		send: (packets) => packets.forEach((packet) => encodePacket(packet, false, (text) => socket.send(text))),
		close: () => socket.close()
	};
}

/**
 * One engine.io connection (protocol 4) to `/socket.io/`, as engine.io-client makes it with
 * `transports: ['websocket', 'polling'], tryAllTransports: true`: a WebSocket first, and
 * long-polling when the WebSocket fails before the handshake (a proxy that blocks it); no
 * upgrade later. It answers the server's pings and takes the connection as lost when no ping
 * came within pingInterval + pingTimeout, or when the browser says it went offline.
 */
export class Engine {
	#state: 'opening' | 'open' | 'closed' = 'opening';
	#transport: Transport;
	#websocket: boolean;
	#heartbeat: ReturnType<typeof setTimeout>;
	/** Local time by which the next ping must have come. */
	#deadline = 0;
	#silence = 0;
	#generation = 0;
	readonly #offline = () => this.#lose('transport close');

	constructor(
		readonly options: EngineOptions,
		readonly events: EngineEvents
	) {
		const WS = options.WebSocket ?? globalThis.WebSocket;
		this.#websocket = !!WS;
		this.#transport = this.#websocket ? websocket(WS, this.#uri('websocket').replace(/^http/, 'ws'), this.#listen()) : this.#polling();
		this.#heartbeat = setTimeout(() => this.#lose('timeout'), OPEN_TIMEOUT_MS);
		// A phone that lost its network knows at once (engine.io-client skips this for a page on
		// localhost, whose server a lost network does not cut off: only development is).
		if (typeof addEventListener === 'function') addEventListener('offline', this.#offline);
	}

	#uri(transport: string, sid?: string): string {
		const url = new URL('/socket.io/', this.options.url ?? location.href);
		const query: Record<string, string> = { ...this.options.query, EIO: String(protocol), transport };
		// Every long-polling request its own address, so nothing between caches one.
		if (sid !== undefined || transport === 'polling') Object.assign(query, sid ? { sid } : {}, { t: Math.random().toString(36).slice(2) });
		url.search = new URLSearchParams(query).toString();
		return url.href;
	}

	#polling(): Transport {
		return new Polling((sid) => this.#uri('polling', sid), this.#listen());
	}

	/** Callbacks for the transport made next: one given up on (the failed WebSocket) is not heard any more. */
	#listen(): TransportEvents {
		const generation = ++this.#generation;
		const current = () => this.#state !== 'closed' && this.#generation === generation;
		return {
			packet: (packet) => current() && this.#packet(packet),
			lost: (reason) => {
				if (!current()) return;
				if (this.#state === 'opening' && this.#websocket) {
					this.#websocket = false;
					this.#transport.close();
					this.#transport = this.#polling();
				} else this.#lose(reason);
			}
		};
	}

	#packet(packet: Packet): void {
		if (packet.type === 'open' && this.#state === 'opening') {
			const handshake = JSON.parse(packet.data ?? '{}') as Handshake;
			this.#transport.sid = handshake.sid;
			this.#transport.maxPayload = handshake.maxPayload;
			this.#silence = handshake.pingInterval + handshake.pingTimeout;
			this.#state = 'open';
			this.#ping();
			this.events.open();
		} else if (packet.type === 'ping') {
			this.#ping();
			this.#transport.send([{ type: 'pong' }]);
		} else if (packet.type === 'message') this.events.message(packet.data ?? '');
		else if (packet.type === 'close') this.#lose('transport close');
		else if (packet.type === 'error') this.#lose('parse error');
	}

	#ping(): void {
		clearTimeout(this.#heartbeat);
		this.#deadline = Date.now() + this.#silence;
		this.#heartbeat = setTimeout(() => this.#lose('ping timeout'), this.#silence);
	}

	/**
	 * Whether the ping is overdue though its timer has not fired (a phone's timers sleep with
	 * the page): then the connection is closed as timed out, and a message is better kept for
	 * the next one than sent into it.
	 */
	expired(): boolean {
		const late = this.#state === 'open' && Date.now() > this.#deadline;
		if (late) setTimeout(() => this.#lose('ping timeout'));
		return late;
	}

	send(data: string): void {
		if (this.#state === 'open') this.#transport.send([{ type: 'message', data }]);
	}

	/** Closes it without a `lost` (the caller asked); false when it was closed already. */
	close(): boolean {
		if (this.#state === 'closed') return false;
		this.#state = 'closed';
		clearTimeout(this.#heartbeat);
		if (typeof removeEventListener === 'function') removeEventListener('offline', this.#offline);
		this.#transport.close();
		return true;
	}

	#lose(reason: string): void {
		const opened = this.#state === 'open';
		if (this.close()) this.events.lost(reason, opened);
	}
}
