import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { encodeAwarenessUpdate, type Awareness } from 'y-protocols/awareness';
import * as sync from 'y-protocols/sync';
import * as Y from 'yjs';

/**
 * The y-websocket wire format: every message starts with its type (varUint); a sync message
 * then carries a sync type and one byte array, an awareness message one byte array.
 */
export const messageSync = 0;
export const messageAwareness = 1;

export type CollabMessage =
	| { kind: 'sync-step1'; stateVector: Uint8Array }
	| { kind: 'sync-step2' | 'update'; update: Uint8Array }
	| { kind: 'awareness'; update: Uint8Array; entries: AwarenessEntry[] }
	/** Types this server does not speak (auth, query-awareness): ignored, as the reference server does. */
	| { kind: 'other'; type: number };

/**
 * Decodes a message without touching any document, so that what a connection may do is
 * decided before anything is applied. Throws on a malformed message. `data` must own its
 * buffer exactly: lib0 bounds-checks a length against the underlying ArrayBuffer, so a view
 * into a larger (pooled) buffer would read past the message instead of throwing.
 */
export function parseMessage(data: Uint8Array): CollabMessage {
	const decoder = decoding.createDecoder(data);
	const type = decoding.readVarUint(decoder);
	if (type === messageAwareness) {
		const update = decoding.readVarUint8Array(decoder);
		return { kind: 'awareness', update, entries: awarenessEntries(update) };
	}
	if (type !== messageSync) return { kind: 'other', type };
	const syncType = decoding.readVarUint(decoder);
	const payload = decoding.readVarUint8Array(decoder);
	switch (syncType) {
		case sync.messageYjsSyncStep1:
			return { kind: 'sync-step1', stateVector: payload };
		case sync.messageYjsSyncStep2:
			return { kind: 'sync-step2', update: payload };
		case sync.messageYjsUpdate:
			return { kind: 'update', update: payload };
		default:
			throw new Error(`unknown sync message type ${syncType}`);
	}
}

const message = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
};

export const syncStep1 = (doc: Y.Doc): Uint8Array =>
	message((encoder) => {
		encoding.writeVarUint(encoder, messageSync);
		sync.writeSyncStep1(encoder, doc);
	});

/** What `doc` has that the holder of `stateVector` lacks. Throws on a malformed state vector. */
export const syncStep2 = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
	message((encoder) => {
		encoding.writeVarUint(encoder, messageSync);
		sync.writeSyncStep2(encoder, doc, stateVector);
	});

export const updateMessage = (update: Uint8Array): Uint8Array =>
	message((encoder) => {
		encoding.writeVarUint(encoder, messageSync);
		sync.writeUpdate(encoder, update);
	});

export const awarenessMessage = (awareness: Awareness, clients: number[]): Uint8Array =>
	message((encoder) => {
		encoding.writeVarUint(encoder, messageAwareness);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, clients));
	});

/** One client's entry in an awareness update: its state is JSON (`null`: the client left). */
export interface AwarenessEntry {
	clientID: number;
	clock: number;
	state: unknown;
}

/**
 * The entries of an awareness update (y-protocols' encoding), read without applying them, so
 * that what a connection announces is judged first. Throws on a malformed update, a state
 * that is not JSON included: y-protocols would apply the entries before the broken one.
 * Only what the 256 KB message cap lets through is read; the awareness cap is the budget's.
 */
export function awarenessEntries(update: Uint8Array): AwarenessEntry[] {
	const decoder = decoding.createDecoder(update);
	const count = decoding.readVarUint(decoder);
	const entries: AwarenessEntry[] = [];
	for (let i = 0; i < count; i++) {
		const clientID = decoding.readVarUint(decoder);
		const clock = decoding.readVarUint(decoder);
		entries.push({ clientID, clock, state: JSON.parse(decoding.readVarString(decoder)) });
	}
	return entries;
}

/**
 * The entries y-protocols' `applyAwarenessUpdate` would apply to `awareness`: a newer clock,
 * or a removal at the same clock. y-websocket echoes every awareness change it hears, and the
 * echoes change nothing.
 */
export function changing(awareness: Awareness, entries: AwarenessEntry[]): AwarenessEntry[] {
	return entries.filter(({ clientID, clock, state }) => {
		const current = awareness.meta.get(clientID)?.clock ?? 0;
		return current < clock || (current === clock && state === null && awareness.states.has(clientID));
	});
}
