import type { IncomingMessage } from 'node:http';
import type { Logger } from '../log';

export type CollabAccess = { access: 'write' | 'read'; role: string };
export type CollabRefusal = { status: 400 | 401 | 403 | 404 | 429; code: string; message: string; retryAfterSeconds?: number };

export interface CollabStore {
	/** Every stored update of a document, oldest first (a snapshot counts as one update). */
	load(docName: string): Promise<Uint8Array[]>;
	/** Appends updates in one transaction; resolves when committed. */
	append(docName: string, updates: Uint8Array[]): Promise<void>;
	/** Replaces everything stored for the document with one snapshot, in one transaction. */
	compact(docName: string, snapshot: Uint8Array): Promise<void>;
	/** Removes every document whose name starts with `prefix` (a session's documents). */
	removeAll(prefix: string): Promise<void>;
}

export interface CollabDeps {
	store: CollabStore;
	/** Decides on the upgrade request, before any Yjs message is exchanged. */
	authorise(req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal>;
	limits?: Partial<CollabLimits>;
	/** Where failed loads and writes, and dropped connections, are reported. */
	log: Logger;
}

export interface CollabLimits {
	/** The largest WebSocket message; ws closes the connection with 1009 on a larger frame. */
	maxMessageBytes: number;
	/** The largest a document's stored updates may grow; a writer pushing past it is closed with 4413. */
	maxDocumentBytes: number;
	/** Updates are buffered at most this long before being committed. */
	flushMs: number;
	/** A document with no connection for this long is compacted and released from memory. */
	idleMs: number;
}

export const DEFAULT_COLLAB_LIMITS: CollabLimits = {
	maxMessageBytes: 256 * 1024,
	maxDocumentBytes: 1024 * 1024,
	flushMs: 500,
	idleMs: 30_000
};

export interface CollabServer {
	/** Closes the connections for which `predicate` holds (e.g. the screen's, when a sheet is taken off the screen). */
	closeWhere(predicate: (docName: string, access: CollabAccess) => boolean): void;
	/** Runs `work` on a document as the server (loading it if need be); its changes are broadcast and stored. */
	use<T>(docName: string, work: (doc: import('yjs').Doc) => T): Promise<T>;
	/** Closes the connections to every document under `prefix`, forgets them unsaved, and removes them from the store. */
	remove(prefix: string): Promise<void>;
	/** Documents currently in memory (for tests and the benchmark). */
	readonly loadedDocuments: number;
	/** Flushes pending updates, compacts and releases every document, closes all connections. */
	close(): Promise<void>;
}

export const COLLAB_PATH = '/collab/';

/**
 * WebSocket close codes the server uses. The 4400–4499 range tells the y-websocket provider
 * not to reconnect (reconnecting would not help); 1001 and 1013 are worth a retry.
 */
export const COLLAB_CLOSE = {
	/** A message that could not be decoded. */
	badMessage: { code: 4400, reason: 'bad-message' },
	/** `closeWhere`: the server withdrew this connection's access. */
	revoked: { code: 4403, reason: 'access-revoked' },
	/** Applying the update would take the document over `maxDocumentBytes`. */
	tooLarge: { code: 4413, reason: 'document-too-large' },
	/** The document could not be loaded from the store. */
	loadFailed: { code: 1011, reason: 'load-failed' },
	/** Too much arrived before the document was loaded. */
	busy: { code: 1013, reason: 'busy' },
	shutdown: { code: 1001, reason: 'server-shutdown' }
} as const;

export type CloseReason = { code: number; reason: string };
