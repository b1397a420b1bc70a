import type { IncomingMessage } from 'node:http';
import type { Rate } from '../rate-limit';
import type { Logger } from '../log';

export type CollabAccess = { access: 'write' | 'read'; role: string };
export type CollabRefusal = { status: 400 | 401 | 403 | 404 | 429 | 503; code: string; message: string; retryAfterSeconds?: number };

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
	/** Told after every change to a document (by a peer or the server), with the document as it is now. Must not throw or write to it. */
	onChange?: DocListener;
}

export type DocListener = (docName: string, doc: import('yjs').Doc) => void;

export interface CollabLimits {
	/** The largest WebSocket message; ws closes the connection with 1009 on a larger frame. */
	maxMessageBytes: number;
	/** The largest a document's stored updates may grow; a writer pushing past it is closed with 4413. */
	maxDocumentBytes: number;
	/** Updates are buffered at most this long before being committed. */
	flushMs: number;
	/** A document with no connection for this long is compacted and released from memory. */
	idleMs: number;
	/**
	 * Per connection, each over-limit closes the connection with COLLAB_CLOSE.tooMuch (4429):
	 * sync messages (updates, sync steps) and awareness messages each have a token bucket;
	 * an awareness message may be `maxAwarenessBytes` long and a connection may announce
	 * `maxClientIds` awareness clients; at most `maxBufferedBytes` may wait to be sent to it.
	 */
	sync: Rate;
	awareness: Rate;
	maxAwarenessBytes: number;
	maxClientIds: number;
	maxBufferedBytes: number;
}

/**
 * A phone typing fast sends one update per keystroke (15 a second; a held backspace 30), a
 * paste or a return from offline one message; its awareness changes when it enters or leaves
 * a field and every 15 s, and y-websocket echoes each change it hears from the group. A
 * phone's awareness state (its name, the field it types in) is under 100 bytes. One Y.Doc
 * is one client id.
 */
export const DEFAULT_COLLAB_LIMITS: CollabLimits = {
	maxMessageBytes: 256 * 1024,
	maxDocumentBytes: 1024 * 1024,
	flushMs: 500,
	idleMs: 30_000,
	sync: { burst: 200, perSecond: 50 },
	awareness: { burst: 60, perSecond: 10 },
	maxAwarenessBytes: 4 * 1024,
	maxClientIds: 4,
	maxBufferedBytes: 4 * 1024 * 1024
};

/** What the endpoint has handled since it started (read by the benchmark through `/__metrics`). */
export interface CollabStats {
	syncMessages: number;
	awarenessMessages: number;
	/** Connections closed for going over a per-connection limit (COLLAB_CLOSE.tooMuch). */
	refused: number;
	/** The most of its burst any one connection has used at once: how near honest clients come to the limits. */
	peakSyncBurst: number;
	peakAwarenessBurst: number;
}

export interface CollabServer {
	/** Closes the connections for which `predicate` holds (e.g. the screen's, when a sheet is taken off the screen). */
	closeWhere(predicate: (docName: string, access: CollabAccess) => boolean): void;
	/** Runs `work` on a document as the server (loading it if need be); its changes are broadcast and stored. */
	use<T>(docName: string, work: (doc: import('yjs').Doc) => T): Promise<T>;
	/** Closes the connections to every document under `prefix`, forgets them unsaved, and removes them from the store. */
	remove(prefix: string): Promise<void>;
	/**
	 * Lets go of every document under `prefix`: its connections are closed with
	 * COLLAB_CLOSE.moved (the clients connect again, and reach the session's new owner), and the
	 * documents leave memory, saved first when `save` (a handover) or not (the lease was lost).
	 */
	release(prefix: string, options: { save: boolean }): Promise<void>;
	/** Runs `work` on the document as committed or in memory here, without loading it into this process. */
	read<T>(docName: string, work: (doc: import('yjs').Doc) => T): Promise<T>;
	/** Documents currently in memory (for tests and the benchmark). */
	readonly loadedDocuments: number;
	readonly stats: Readonly<CollabStats>;
	/** Flushes pending updates, compacts and releases every document, closes all connections. */
	close(): Promise<void>;
}

export const COLLAB_PATH = '/collab/';

export { COLLAB_CLOSE, type CloseReason } from '../../src/lib/collab-close';
