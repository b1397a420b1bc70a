/**
 * socket.io's packet format (protocol 5) in text only: what the browser's own socket.io client
 * (socket-client.ts) reads and writes, with socket.io-parser's API.
 *
 * Every message between this app's server and its pages is JSON, so the binary half of
 * socket.io-parser (finding buffers in a payload, attachment packets, reassembly) is never
 * used; without it the parser is about a quarter of the size. The packets read and written
 * are socket.io-parser's to the byte (tests/unit/socket-io-parser.test.ts holds the two
 * side by side). A binary packet from the server is refused like a malformed one: the
 * decoder throws and the client reconnects. The server and Node clients keep socket.io-parser.
 */

export const protocol = 5;

export const PacketType = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;

export interface Packet {
	type: number;
	nsp: string;
	id?: number;
	data?: unknown;
}

/** Event names a server may not emit to a client: socket.io's own. */
const RESERVED = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

/** Type, then the namespace up to its comma (when not `/`), then the ack id, then the JSON payload. */
const TEXT_PACKET = /^([0-4])(?:(\/[^,]*),?)?(\d*)([^]*)$/;

const isObject = (value: unknown) => Object.prototype.toString.call(value) === '[object Object]';

/** What each packet type may carry, as socket.io-parser checks it. */
function validPayload(type: number, payload: unknown): boolean {
	if (type === PacketType.CONNECT) return isObject(payload);
	if (type === PacketType.DISCONNECT) return payload === undefined;
	if (type === PacketType.CONNECT_ERROR) return typeof payload === 'string' || isObject(payload);
	if (!Array.isArray(payload)) return false;
	return type === PacketType.ACK || typeof payload[0] === 'number' || (typeof payload[0] === 'string' && !RESERVED.includes(payload[0]));
}

export class Encoder {
	encode(packet: Packet): string[] {
		let text = String(packet.type);
		if (packet.nsp && packet.nsp !== '/') text += `${packet.nsp},`;
		if (packet.id != null) text += packet.id;
		if (packet.data != null) text += JSON.stringify(packet.data);
		return [text];
	}
}

type Listener = (packet: Packet) => void;

/** Emits `decoded` for each packet added; throws on one it cannot read (the client then reconnects). */
export class Decoder {
	#listeners = new Set<Listener>();

	on(_event: 'decoded', listener: Listener): this {
		this.#listeners.add(listener);
		return this;
	}

	off(_event: 'decoded', listener: Listener): this {
		this.#listeners.delete(listener);
		return this;
	}

	add(chunk: unknown): void {
		const match = typeof chunk === 'string' ? TEXT_PACKET.exec(chunk) : null;
		if (!match) throw new Error('unsupported packet');
		const [, type, nsp, id, json] = match;
		const packet: Packet = { type: Number(type), nsp: nsp ?? '/' };
		if (id) packet.id = Number(id);
		if (json) {
			let payload: unknown;
			try {
				payload = JSON.parse(json);
			} catch {
				payload = false;
			}
			if (!validPayload(packet.type, payload)) throw new Error('invalid payload');
			packet.data = payload;
		}
		for (const listener of this.#listeners) listener(packet);
	}

	destroy(): void {}
}
