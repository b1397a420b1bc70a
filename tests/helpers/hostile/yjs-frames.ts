/** Yjs wire helpers: honest and hostile frames, the fuzzer's own reading of a frame, and one visit to /collab/. */
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DEFAULT_COLLAB_LIMITS } from '../../../server/collab/types';
import { freshAddress } from './calls';

export const frameOf = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
};
export const syncMessage = (syncType: number, payload: Uint8Array) =>
	frameOf((encoder) => {
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, syncType);
		encoding.writeVarUint8Array(encoder, payload);
	});
export const step1 = (stateVector: Uint8Array = new Uint8Array([0])) => syncMessage(0, stateVector);

/** A real edit someone else made: an update that would visibly change the sheet. */
export const honestUpdate = fc.record({ text: fc.string({ minLength: 1, maxLength: 40 }), cut: fc.nat(5) }).map(({ text, cut }) => {
	const doc = new Y.Doc();
	const body = doc.getText('body');
	body.insert(0, text);
	if (cut > 0) body.delete(0, Math.min(cut, body.length - 1));
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
});
export const awarenessMessage = fc.jsonValue().map((state) => {
	const doc = new Y.Doc();
	const awareness = new Awareness(doc);
	awareness.setLocalState({ user: state });
	const bytes = frameOf((encoder) => {
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
	});
	awareness.destroy();
	doc.destroy();
	return bytes;
});
export const honestMessage = fc.oneof(
	honestUpdate.map((update) => syncMessage(2, update)),
	honestUpdate.map((update) => syncMessage(1, update)),
	honestUpdate.map((update) => step1(Y.encodeStateVectorFromUpdate(update))),
	awarenessMessage
);

export type Frame = { kind: string; data: Uint8Array | string };
export const maxFrame = DEFAULT_COLLAB_LIMITS.maxMessageBytes;

export const hostileFrame: fc.Arbitrary<Frame> = fc.oneof(
	{ weight: 3, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((data) => ({ kind: 'random bytes', data })) },
	{
		weight: 3,
		arbitrary: fc
			.tuple(fc.constantFrom([0], [0, 0], [0, 1], [0, 2], [0, 3], [0, 9], [1], [2], [3], [0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]), fc.uint8Array({ maxLength: 300 }))
			.map(([prefix, rest]) => ({ kind: 'random after a valid prefix', data: new Uint8Array([...prefix, ...rest]) }))
	},
	{
		weight: 3,
		arbitrary: fc.tuple(honestMessage, fc.nat()).map(([whole, at]) => ({ kind: 'truncated message', data: whole.slice(0, at % whole.length) }))
	},
	{
		weight: 3,
		// Cut anywhere, or in the delete set at the end: Yjs reads every struct before it finds that cut.
		arbitrary: fc
			.tuple(honestUpdate, fc.oneof(fc.nat(), fc.integer({ min: -4, max: -1 })), fc.constantFrom(1, 2))
			.map(([update, at, syncType]) => {
				const length = at < 0 ? Math.max(1, update.length + at) : 1 + (at % (update.length - 1));
				return { kind: 'truncated update in a well-formed message', data: syncMessage(syncType, update.slice(0, length)) };
			})
	},
	{
		weight: 2,
		arbitrary: fc.tuple(honestMessage, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([whole, at, xor]) => {
			const data = whole.slice();
			data[at % data.length] ^= xor;
			return { kind: 'corrupted byte', data };
		})
	},
	{ weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((data) => ({ kind: 'text frame', data })) },
	{ weight: 1, arbitrary: fc.integer({ min: maxFrame + 1, max: maxFrame + 32 * 1024 }).map((size) => ({ kind: 'oversized', data: new Uint8Array(size) })) }
);

/**
 * The fuzzer's own reading of a frame, by the y-websocket protocol: `malformed` must cost the
 * connection; `update` is a well-formed edit the server may apply; anything else changes nothing.
 */
export function classify(frame: Frame): 'malformed' | 'oversized' | 'update' | 'harmless' {
	if (typeof frame.data === 'string') return 'malformed';
	if (frame.data.length > maxFrame) return 'oversized';
	try {
		const decoder = decoding.createDecoder(frame.data);
		const type = decoding.readVarUint(decoder);
		if (type === 1) {
			const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
			for (let n = decoding.readVarUint(update); n > 0; n--) {
				decoding.readVarUint(update);
				decoding.readVarUint(update);
				JSON.parse(decoding.readVarString(update));
			}
			return 'harmless';
		}
		if (type !== 0) return 'harmless';
		const syncType = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (syncType === 0) return Y.decodeStateVector(payload) && 'harmless';
		if (syncType !== 1 && syncType !== 2) return 'malformed';
		Y.decodeUpdate(payload);
		return 'update';
	} catch {
		return 'malformed';
	}
}

export type YOutcome = { refused: number; body: string } | { closed: number } | { open: true } | { timeout: true };

/**
 * Opens `url`, sends the frames, then a sync step 1 as a barrier: the step 2 that answers it
 * (and any frame that was a step 1) means the connection survived everything before it.
 */
export function yjsVisit(url: string, frames: Frame[], answers = 1, timeoutMs = 3_000): Promise<YOutcome> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { localAddress: freshAddress() });
		let pending = answers;
		const done = (outcome: YOutcome) => {
			clearTimeout(timer);
			resolve(outcome);
			if (ws.readyState === WebSocket.OPEN) ws.close(1000);
			else ws.terminate();
		};
		const timer = setTimeout(() => done({ timeout: true }), timeoutMs);
		ws.on('error', () => {});
		ws.on('unexpected-response', (_request, response) => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk.toString()));
			response.on('end', () => done({ refused: response.statusCode ?? 0, body }));
		});
		ws.on('open', () => {
			for (const frame of frames) ws.send(frame.data, { binary: typeof frame.data !== 'string' });
			ws.send(step1());
		});
		ws.on('message', (data: Buffer) => {
			if (data[0] === 0 && data[1] === 1 && --pending === 0) done({ open: true });
		});
		ws.on('close', (code) => done({ closed: code }));
	});
}
