import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { securityHeaderLines } from '../security-headers';
import { DOC_ID } from '../../src/lib/protocol';
import { COLLAB_PATH } from './types';

/**
 * A session's id, then the sheet's (src/lib/protocol.ts, DOC_ID): `store.removeAll('<session>/')`
 * finds a session's documents, a participant's own lederaftale (`personal.N`) among them.
 */
export const DOC_NAME = new RegExp(`^[A-Za-z0-9_-]{1,40}/${DOC_ID.source.slice(1, -1)}$`);

/** A refusal of an upgrade; `retryAfterSeconds` (a 429's) is sent as Retry-After and in the body. */
export type HttpRefusal = { status: number; code: string; message: string; retryAfterSeconds?: number };

const badName: HttpRefusal = { status: 400, code: 'bad_document', message: 'Not a document name.' };

/**
 * The document an upgrade asks for: null when the URL is not under COLLAB_PATH (someone
 * else's upgrade, socket.io's for one), a refusal when the name is not valid. Reads the raw
 * path: resolving `..` could claim a URL another listener owns.
 */
export function docNameOf(url = ''): string | HttpRefusal | null {
	const path = url.split('?', 1)[0];
	if (!path.startsWith(COLLAB_PATH)) return null;
	let name: string;
	try {
		name = decodeURIComponent(path.slice(COLLAB_PATH.length));
	} catch {
		return badName;
	}
	return DOC_NAME.test(name) ? name : badName;
}

/** Answers the upgrade with a plain HTTP error and closes the socket: nothing Yjs is sent. */
export function refuse(socket: Duplex, { status, code, message, retryAfterSeconds }: HttpRefusal): void {
	if (!socket.writable) {
		socket.destroy();
		return;
	}
	const body = JSON.stringify({ error: { code, message, ...(retryAfterSeconds !== undefined && { retryAfterSeconds }) } });
	socket.once('finish', () => socket.destroy());
	socket.end(
		`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
			'Connection: close\r\n' +
			securityHeaderLines() +
			'Content-Type: application/json\r\n' +
			(retryAfterSeconds !== undefined ? `Retry-After: ${retryAfterSeconds}\r\n` : '') +
			`Content-Length: ${Buffer.byteLength(body)}\r\n` +
			`\r\n${body}`
	);
}
