import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { Connection } from './connection';
import { emptyStats } from './limits';
import { DocRegistry } from './registry';
import { COLLAB_CLOSE, DEFAULT_COLLAB_LIMITS, type CollabAccess, type CollabDeps, type CollabRefusal, type CollabServer } from './types';
import { docNameOf, refuse, type HttpRefusal } from './upgrade';

/** How often connections are pinged; one that did not answer the previous ping is dropped. */
const PING_MS = 30_000;
/** How long `close()` waits for clients to answer the close handshake before cutting them off. */
const CLOSE_GRACE_MS = 1_000;

const unavailable: HttpRefusal = { status: 503, code: 'unavailable', message: 'The server is shutting down.' };
const internal: HttpRefusal = { status: 500, code: 'internal', message: 'Internal error' };

/**
 * The Yjs endpoint (y-websocket protocol) on the app's own HTTP server: it takes the upgrades
 * under COLLAB_PATH and leaves every other upgrade to its owner. A connection is authorised
 * before the WebSocket handshake, and syncs only once its document is loaded from the store.
 */
export function attachCollab(httpServer: HttpServer, deps: CollabDeps): CollabServer {
	const limits = { ...DEFAULT_COLLAB_LIMITS, ...deps.limits };
	const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes });
	const documents = new DocRegistry(deps.store, limits, deps.log, deps.onChange);
	const connections = new Set<Connection>();
	const stats = emptyStats();
	let closing: Promise<void> | null = null;

	function accept(ws: WebSocket, docName: string, access: CollabAccess): void {
		if (closing) return void ws.close(COLLAB_CLOSE.shutdown.code, COLLAB_CLOSE.shutdown.reason);
		// More than a document's worth before it is loaded is no client's honest sync.
		const connection = new Connection(ws, docName, access, { maxEarlyBytes: limits.maxDocumentBytes, limits, stats, log: deps.log });
		connections.add(connection);
		connection.ended.then(() => {
			connections.delete(connection);
			documents.leave(docName, connection);
		});
		documents.open(docName, connection).then(
			(shared) => shared && connection.joined(shared),
			() => connection.close(COLLAB_CLOSE.loadFailed)
		);
	}

	/** Authorises, then hands the socket to ws; a refusal is a plain HTTP response. */
	async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, docName: string): Promise<void> {
		let decision: CollabAccess | CollabRefusal;
		try {
			decision = await deps.authorise(req, docName);
		} catch (error) {
			deps.log.error({ err: error, doc: docName }, 'collab: authorise failed');
			return refuse(socket, internal);
		}
		if ('status' in decision) return refuse(socket, decision);
		if (closing) return refuse(socket, unavailable);
		// A copy, so the connection keeps nothing the authoriser attached (the request, say).
		const access: CollabAccess = { access: decision.access, role: decision.role };
		wss.handleUpgrade(req, socket, head, (ws) => accept(ws, docName, access));
	}

	function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
		const docName = docNameOf(req.url);
		if (docName === null) return;
		// Node drops its own socket handlers on upgrade: an unhandled reset would crash the process.
		// (ws's handshake adds its own; this one stays, harmlessly.)
		socket.on('error', () => socket.destroy());
		if (typeof docName !== 'string') return refuse(socket, docName);
		if (closing) return refuse(socket, unavailable);
		upgrade(req, socket, head, docName).catch((error: unknown) => {
			deps.log.error({ err: error, doc: docName }, 'collab: upgrade failed');
			socket.destroy();
		});
	}

	httpServer.on('upgrade', onUpgrade);
	const heartbeat = setInterval(() => {
		for (const connection of connections) connection.heartbeat();
	}, PING_MS);
	heartbeat.unref();

	async function shutDown(): Promise<void> {
		clearInterval(heartbeat);
		const open = [...connections];
		for (const connection of open) connection.close(COLLAB_CLOSE.shutdown);
		await documents.close();
		let grace: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.all(open.map((connection) => connection.ended)),
			new Promise((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))
		]);
		clearTimeout(grace);
		for (const connection of connections) connection.terminate();
		wss.close();
		// The upgrade listener stays: later upgrades under COLLAB_PATH get 503 rather than hang.
	}

	return {
		closeWhere(predicate) {
			for (const connection of connections) {
				if (predicate(connection.docName, connection.access)) connection.close(COLLAB_CLOSE.revoked);
			}
		},
		use(docName, work) {
			return documents.use(docName, work);
		},
		async remove(prefix) {
			for (const connection of connections) if (connection.docName.startsWith(prefix)) connection.close(COLLAB_CLOSE.revoked);
			await documents.drop(prefix);
			await deps.store.removeAll(prefix);
		},
		async release(prefix, { save }) {
			for (const connection of connections) if (connection.docName.startsWith(prefix)) connection.close(COLLAB_CLOSE.moved);
			await documents.releaseAll(prefix, save);
		},
		read(docName, work) {
			return documents.read(docName, work);
		},
		get loadedDocuments() {
			return documents.size;
		},
		stats,
		close() {
			closing ??= shutDown();
			return closing;
		}
	};
}
