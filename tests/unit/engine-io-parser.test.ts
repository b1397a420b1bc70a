import fc from 'fast-check';
import * as reference from 'engine.io-parser';
import { describe, expect, it } from 'vitest';
import { decodePacket, decodePayload, encodePacket, encodePayload, protocol, type Packet } from '../../src/lib/client/engine-io-parser';

const packet: fc.Arbitrary<Packet> = fc.record(
	{ type: fc.constantFrom('open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'), data: fc.string() },
	{ requiredKeys: ['type'] }
);
/** Text engine.io-parser reads as text: anything but its base64 binary packets (`b…`). */
const text = fc.string({ unit: fc.oneof(fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', 'b', '\x1e'), fc.string({ minLength: 1, maxLength: 1 })) });
const textPacket = text.filter((encoded) => !encoded.startsWith('b'));

const encoded = (encode: (callback: (text: unknown) => void) => void) => {
	let result: unknown;
	encode((text) => (result = text));
	return result;
};

describe("the phone's text-only engine.io parser", () => {
	it('speaks the same protocol version as engine.io-parser', () => {
		expect(protocol).toBe(reference.protocol);
	});

	it('writes every packet, and every long-polling body, as engine.io-parser writes it', () => {
		fc.assert(
			fc.property(packet, fc.array(packet, { minLength: 1, maxLength: 4 }), (packet, packets) => {
				expect(encoded((done) => encodePacket(packet, true, done))).toEqual(encoded((done) => reference.encodePacket(packet as reference.Packet, true, done)));
				expect(encoded((done) => encodePayload(packets, done))).toEqual(encoded((done) => reference.encodePayload(packets as reference.Packet[], done)));
			})
		);
	});

	it('reads every text packet, and every long-polling body, as engine.io-parser reads it', () => {
		fc.assert(
			fc.property(textPacket, (encoded) => {
				expect(decodePacket(encoded)).toEqual(reference.decodePacket(encoded, 'arraybuffer'));
			}),
			{ numRuns: 2000 }
		);
		fc.assert(
			fc.property(fc.array(textPacket.filter((part) => !part.includes('\x1e')), { minLength: 1, maxLength: 5 }), (parts) => {
				const body = parts.join('\x1e');
				expect(decodePayload(body)).toEqual(reference.decodePayload(body, 'arraybuffer'));
			}),
			{ numRuns: 1000 }
		);
	});

	it('reads a round trip back as the packets that went out', () => {
		// socket.io's packets are JSON, which never holds the separator (a control character) raw.
		const sendable = packet.filter((packet) => !packet.data?.includes('\x1e'));
		fc.assert(
			fc.property(fc.array(sendable, { minLength: 1, maxLength: 4 }), (packets) => {
				const body = encoded((done) => encodePayload(packets, done)) as string;
				// No data and empty data are one packet on the wire.
				expect(decodePayload(body)).toEqual(packets.map(({ type, data }) => (data ? { type, data } : { type })));
			})
		);
	});

	it('reads binary packets, which this app never sends, as an error', () => {
		expect(decodePacket('bAQID')).toEqual({ type: 'error', data: 'parser error' });
		expect(decodePacket(new Uint8Array([4, 1, 2]).buffer)).toEqual({ type: 'error', data: 'parser error' });
		expect(decodePayload('4a\x1ebAQID\x1e4b')).toEqual([{ type: 'message', data: 'a' }, { type: 'error', data: 'parser error' }]);
	});
});
