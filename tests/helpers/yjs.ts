import Database from 'better-sqlite3';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import * as sync from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { attachCollab } from '../../server/collab/server';
import { createLogger } from '../../server/log';
import type { CollabAccess, CollabLimits, CollabRefusal, CollabServer, CollabStore } from '../../server/collab/types';
import { sqliteCollabStore } from '../../server/store/sqlite-collab';
import { migrate } from '../../server/store/sqlite-migrations';
import { ticketedWebSocket, type TicketSource } from '../../src/lib/client/group-sheet-socket';
import type { TestClient } from './clients';

/** Polls `condition` until it holds; fails after `timeoutMs`, naming `what` it waited for. */
export async function waitFor(condition: () => boolean, what = 'a condition', timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

/** The HTTP status an upgrade to `path` on 127.0.0.1:`port` gets: 101 when it opens (and is closed again at once). */
export function upgradeStatus(port: number, path: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve) => {
		const socket = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
		socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
		socket.on('open', () => {
			socket.close();
			resolve(101);
		});
		socket.on('error', () => undefined);
	});
}

/** The database as the app opens it: WAL, every commit on disk. */
export function openDb(file: string): Database.Database {
	const db = new Database(file);
	db.pragma('journal_mode = WAL');
	db.pragma('synchronous = FULL');
	db.pragma('busy_timeout = 5000');
	migrate(db);
	return db;
}

/** The rows stored for `docName`, oldest first, read straight from the table. */
export function storedRows(db: Database.Database, docName: string): Uint8Array[] {
	return db
		.prepare<[string], { data: Buffer }>('SELECT data FROM collab_updates WHERE doc = ? ORDER BY id')
		.all(docName)
		.map((row) => new Uint8Array(row.data));
}

/** True once the store holds everything `doc` has (the store may hold more). */
export function storeCovers(db: Database.Database, docName: string, doc: Y.Doc): boolean {
	const rows = storedRows(db, docName);
	if (rows.length === 0) return false;
	const stored = new Y.Doc();
	for (const row of rows) Y.applyUpdate(stored, row);
	const covered = Y.snapshotContainsUpdate(Y.snapshot(stored), Y.encodeStateAsUpdate(doc));
	stored.destroy();
	return covered;
}

/** `?token=writer` writes, `?token=reader` reads, anything else is refused. */
export async function tokenAuthorise(req: IncomingMessage): Promise<CollabAccess | CollabRefusal> {
	const token = new URL(req.url ?? '/', 'http://localhost').searchParams.get('token');
	if (token === 'writer') return { access: 'write', role: 'facilitator' };
	if (token === 'reader') return { access: 'read', role: 'screen' };
	return { status: 403, code: 'forbidden', message: 'This token opens nothing.' };
}

export interface TestCollab {
	/** ws://127.0.0.1:port */
	url: string;
	http: Server;
	collab: CollabServer;
	db: Database.Database;
	store: CollabStore;
	/** Closes the collab server, then the HTTP server and the database. */
	close(): Promise<void>;
}

export interface CollabOptions {
	limits?: Partial<CollabLimits>;
	/** Wraps the SQLite store (to count or hold back loads). */
	store?: (store: CollabStore) => CollabStore;
}

/** A real HTTP server on a free port with the collab endpoint, on the SQLite file `dbFile`. */
export async function startCollab(dbFile: string, options: CollabOptions = {}): Promise<TestCollab> {
	const db = openDb(dbFile);
	const sqlite = sqliteCollabStore(db);
	const store = options.store ? options.store(sqlite) : sqlite;
	const http = createServer((_req, res) => res.writeHead(404).end());
	const collab = attachCollab(http, { store, authorise: tokenAuthorise, limits: options.limits, log: createLogger('warn') });
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
	const { port } = http.address() as AddressInfo;
	let closed: Promise<void> | undefined;
	return {
		url: `ws://127.0.0.1:${port}`,
		http,
		collab,
		db,
		store: sqlite,
		close() {
			closed ??= (async () => {
				await collab.close();
				http.closeAllConnections();
				await new Promise<void>((resolve) => http.close(() => resolve()));
				db.close();
			})();
			return closed;
		}
	};
}

/** The app's socket.io client as a sheet's ticket source: its role decides what it may open. */
export const ticketsOf = (client: TestClient): TicketSource => ({
	collabTicket: (doc) => client.emit<{ ticket: string }>('collab:ticket', { doc })
});

/** A ticket from `client` for `docName` (`SESSION/DOC`); throws with the refusal's code. */
export async function ticketFor(client: TestClient, docName: string): Promise<string> {
	const answer = await ticketsOf(client).collabTicket(docName.split('/')[1]);
	if ('error' in answer) throw new Error(`no ticket for ${docName}: ${answer.error.code}`);
	return answer.data.ticket;
}

/** The path a sheet opens with a fresh ticket from `client`: `/collab/SESSION/DOC?ticket=T`. */
export const ticketPath = async (client: TestClient, docName: string): Promise<string> => `/collab/${docName}?ticket=${await ticketFor(client, docName)}`;

/**
 * y-websocket's options for a sheet of the app, as a page opens it: the WebSocket asks
 * `client` for a fresh ticket before every connection attempt (the phone's own code,
 * src/lib/client/group-sheet-socket.ts, on `ws`).
 */
export const ticketed = (client: TestClient, docName: string) => ({
	WebSocketPolyfill: ticketedWebSocket(WebSocket as unknown as typeof globalThis.WebSocket, ticketsOf(client), docName.split('/')[1]),
	disableBc: true
});

/**
 * A real y-websocket client in Node. BroadcastChannel is off: Node has one, and clients in
 * one process would otherwise sync with each other behind the server's back. `credentials`:
 * the app's socket.io client (a ticket per connection, as a page does), or a `?token=` for the
 * bare endpoint of `startCollab`.
 */
export class YClient {
	readonly doc: Y.Doc;
	readonly text: Y.Text;
	readonly provider: WebsocketProvider;
	/** The text at the moment the provider reported it was synced, for each sync. */
	readonly textAtSync: string[] = [];
	/** The terminal close the server sent (4400–4499), if any. */
	closedWith: { code: number; reason: string } | null = null;
	connectionCloses = 0;

	constructor(baseUrl: string, docName: string, credentials: string | TestClient, doc = new Y.Doc()) {
		this.doc = doc;
		this.text = doc.getText('body');
		const options =
			typeof credentials === 'string'
				? { WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, params: { token: credentials }, disableBc: true }
				: ticketed(credentials, docName);
		this.provider = new WebsocketProvider(`${baseUrl}/collab`, docName, doc, { ...options, connect: true });
		this.provider.on('sync', (synced) => synced && this.textAtSync.push(this.text.toString()));
		this.provider.on('closed', (event) => (this.closedWith = event));
		this.provider.on('connection-close', () => this.connectionCloses++);
	}

	synced(): Promise<void> {
		return waitFor(() => this.provider.synced, 'the provider to sync');
	}

	/**
	 * A barrier: resolves once the server has handled everything this client sent before, and
	 * everything the server sent this client until then has arrived. It sends a sync step 1 and
	 * waits for the step 2 that answers it (the server sends step 2 only as an answer).
	 */
	async roundTrip(): Promise<void> {
		await this.synced();
		await serverRoundTrip(this.provider, this.doc);
	}

	#destroyed = false;

	destroy(): void {
		if (this.#destroyed) return;
		this.#destroyed = true;
		this.provider.destroy();
		this.doc.destroy();
	}
}

/**
 * A barrier for any provider: resolves once the server has handled everything it was sent
 * before, and everything the server sent until then has arrived. Sends a sync step 1 and waits
 * for the step 2 that answers it (the server sends step 2 only as an answer).
 */
export function serverRoundTrip(provider: WebsocketProvider, doc: Y.Doc): Promise<void> {
	// A ticketed socket (the app's sheets) holds the WebSocket it opened.
	const opened = provider.ws as unknown as WebSocket & { socket?: WebSocket };
	const ws = opened.socket ?? opened;
	return new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('Timed out waiting for the server to answer')), 5_000);
		const onMessage = (data: ArrayBuffer) => {
			const decoder = decoding.createDecoder(new Uint8Array(data));
			if (decoding.readVarUint(decoder) !== 0 || decoding.readVarUint(decoder) !== sync.messageYjsSyncStep2) return;
			ws.off('message', onMessage);
			clearTimeout(timer);
			// Let the provider's own handler apply the answer first.
			setImmediate(resolve);
		};
		ws.on('message', onMessage);
		const encoder = encoding.createEncoder();
		encoding.writeVarUint(encoder, 0);
		sync.writeSyncStep1(encoder, doc);
		ws.send(encoding.toUint8Array(encoder));
	});
}

/** Every occurrence of `needle` in `haystack`. */
export const count = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

export interface RawOutcome {
	status?: number;
	body?: string;
	closeCode?: number;
	opened: boolean;
}

/** A plain `ws` client: how the server answers the upgrade, and how it closes. */
export function rawSocket(url: string): { ws: WebSocket; outcome: Promise<RawOutcome> } {
	const ws = new WebSocket(url);
	let opened = false;
	ws.on('open', () => (opened = true));
	ws.on('error', () => {});
	const outcome = new Promise<RawOutcome>((resolve) => {
		ws.on('unexpected-response', (_req, res) => {
			let body = '';
			res.on('data', (chunk: Buffer) => (body += chunk.toString()));
			res.on('end', () => {
				resolve({ status: res.statusCode, body, opened });
				ws.terminate();
			});
		});
		ws.on('close', (code) => resolve({ closeCode: code, opened }));
	});
	return { ws, outcome };
}
