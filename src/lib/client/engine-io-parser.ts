/**
 * engine.io's packet format (protocol 4) in text only: what the browser's own engine.io client
 * (engine-socket.ts, engine-polling.ts) reads and writes, with engine.io-parser's API.
 *
 * engine.io carries socket.io's packets, and this app's are always text (see
 * socket-io-parser.ts), so engine.io-parser's binary half (Blobs, ArrayBuffers, base64 for
 * long-polling, WebTransport's framing) is never used. Text packets are read and written as
 * engine.io-parser does (tests/unit/engine-io-parser.test.ts holds the two side by side); a
 * binary one reads as engine.io's error packet, and the client reconnects.
 */

export const protocol = 4;

type PacketType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop' | 'error';

export interface Packet {
	type: PacketType;
	data?: string;
}

/** A packet's type is its first character: its index in this list. */
const TYPES: PacketType[] = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
/** Long-polling sends several packets in one body, separated by ASCII's record separator. */
const SEPARATOR = '\x1e';
const ERROR_PACKET: Packet = { type: 'error', data: 'parser error' };

export function encodePacket(packet: Packet, _supportsBinary: unknown, callback: (encoded: string) => void): void {
	callback(TYPES.indexOf(packet.type) + (packet.data || ''));
}

export function decodePacket(encoded: unknown): Packet {
	const type = typeof encoded === 'string' && encoded.length > 0 ? TYPES[encoded.charCodeAt(0) - 48] : undefined;
	if (!type) return ERROR_PACKET;
	return (encoded as string).length > 1 ? { type, data: (encoded as string).slice(1) } : { type };
}

export function encodePayload(packets: Packet[], callback: (encoded: string) => void): void {
	const encoded: string[] = [];
	for (const packet of packets) encodePacket(packet, false, (text) => encoded.push(text));
	callback(encoded.join(SEPARATOR));
}

/** The packets of a long-polling body, up to and with the first it cannot read. */
export function decodePayload(payload: string): Packet[] {
	const packets: Packet[] = [];
	for (const encoded of payload.split(SEPARATOR)) {
		const packet = decodePacket(encoded);
		packets.push(packet);
		if (packet.type === 'error') break;
	}
	return packets;
}
