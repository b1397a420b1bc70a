import fc from 'fast-check';
import * as reference from 'socket.io-parser';
import { describe, expect, it } from 'vitest';
import { Decoder, Encoder, PacketType, protocol, type Packet } from '../../src/lib/client/socket-io-parser';

/** What a decoder makes of `text`: the packet it emits, nothing, or that it threw. */
function decode(decoder: { on(event: 'decoded', listener: (packet: Packet) => void): unknown; add(chunk: unknown): void }, text: unknown) {
	const decoded: Packet[] = [];
	decoder.on('decoded', (packet) => decoded.push(packet));
	try {
		decoder.add(text);
	} catch {
		return 'refused';
	}
	return decoded;
}

const nsp = fc.stringMatching(/^\/[a-z0-9_-]{0,8}$/);
const event = fc.oneof(fc.string().filter((name) => !['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'].includes(name)), fc.integer());
const object = fc.dictionary(fc.string(), fc.jsonValue());
const id = fc.option(fc.nat(), { nil: undefined });

/** Every packet a server or client of this app can send: JSON payloads, never binary. */
const packet: fc.Arbitrary<Packet> = fc.oneof(
	fc.record({ type: fc.constant(PacketType.CONNECT), nsp, data: fc.option(object, { nil: undefined }) }),
	fc.record({ type: fc.constant(PacketType.DISCONNECT), nsp }),
	fc.record({ type: fc.constant(PacketType.EVENT), nsp, id, data: fc.tuple(event, fc.array(fc.jsonValue(), { maxLength: 3 })).map(([name, args]) => [name, ...args]) }),
	fc.record({ type: fc.constant(PacketType.ACK), nsp, id: fc.nat(), data: fc.array(fc.jsonValue(), { maxLength: 3 }) }),
	fc.record({ type: fc.constant(PacketType.CONNECT_ERROR), nsp, data: fc.oneof(fc.string(), object) })
);

/**
 * Text shaped like a packet, valid or not: a type digit, maybe a namespace and its comma, maybe
 * an ack id, then JSON or anything. No whitespace: socket.io-parser reads a space after the
 * header as a digit (`Number(' ') == 0`), which no server writes.
 */
const packetLike = fc
	.tuple(
		fc.constantFrom('0', '1', '2', '3', '4'),
		fc.option(fc.tuple(nsp, fc.constantFrom('', ',')).map(([name, comma]) => name + comma), { nil: '' }),
		fc.option(fc.nat().map(String), { nil: '' }),
		fc.oneof(
			fc.jsonValue().map((value) => JSON.stringify(value)),
			fc.tuple(fc.constantFrom('connect', 'disconnect', 'x'), fc.jsonValue()).map((value) => JSON.stringify(value)),
			fc.string().filter((text) => !/\s/.test(text)),
			fc.constant('')
		)
	)
	.map((parts) => parts.join(''));

describe("the phone's text-only socket.io parser", () => {
	it('speaks the same protocol version as socket.io-parser', () => {
		expect(protocol).toBe(reference.protocol);
		expect(PacketType).toMatchObject({ CONNECT: reference.PacketType.CONNECT, EVENT: reference.PacketType.EVENT, ACK: reference.PacketType.ACK, BINARY_ACK: reference.PacketType.BINARY_ACK });
	});

	it('writes every packet as socket.io-parser writes it', () => {
		fc.assert(
			fc.property(packet, (packet) => {
				expect(new Encoder().encode(packet)).toEqual(new reference.Encoder().encode(packet));
			})
		);
	});

	it('reads every packet socket.io-parser writes as socket.io-parser reads it', () => {
		fc.assert(
			fc.property(packet, (packet) => {
				const [text] = new reference.Encoder().encode(packet);
				const read = decode(new Decoder(), text);
				expect(read).toEqual(decode(new reference.Decoder(), text));
				expect(read).toHaveLength(1);
			})
		);
	});

	it('accepts and refuses what socket.io-parser accepts and refuses', () => {
		fc.assert(
			fc.property(packetLike, (text) => {
				expect(decode(new Decoder(), text)).toEqual(decode(new reference.Decoder(), text));
			}),
			{ numRuns: 2000 }
		);
		for (const text of ['2["connect"]', '0[]', '1{}', '2{"a":1}', '4null', '2,["x"]', '3/a,1{}', '9["x"]', 'x']) {
			expect(decode(new Decoder(), text), text).toBe('refused');
			expect(decode(new reference.Decoder(), text), text).toBe('refused');
		}
	});

	it('refuses binary packets, which this app never sends', () => {
		expect(decode(new Decoder(), '51-["file",{"_placeholder":true,"num":0}]')).toBe('refused');
		expect(decode(new Decoder(), '61-0[{"_placeholder":true,"num":0}]')).toBe('refused');
		expect(decode(new Decoder(), new Uint8Array([1, 2, 3]).buffer)).toBe('refused');
	});

	it('stops telling a listener once it is taken off', () => {
		const decoder = new Decoder();
		const heard: Packet[] = [];
		const listener = (packet: Packet) => heard.push(packet);
		decoder.on('decoded', listener).add('2["a"]');
		decoder.off('decoded', listener).add('2["b"]');
		expect(heard).toEqual([{ type: PacketType.EVENT, nsp: '/', data: ['a'] }]);
	});
});
