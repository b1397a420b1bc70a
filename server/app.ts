import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { pageRequest } from './kit/async-storage';
import { provideContext } from './kit/context';
import type { Config } from './config';
import { closeAppContext, createAppContext, type AppContext } from './context';
import { securityHeaderLines, setSecurityHeaders } from './guard';
import { logRefusals, REFUSALS_LOGGED_EVERY_MS } from './log';
import { createMetrics } from './metrics';
import { startRetention } from './sessions';
import { attachServices, type Services } from './services';
import type { Store } from './store/types';

/** SvelteKit's adapter-node handler (build/handler.js), connect-style. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface RunningApp {
	port: number;
	/** Where this process can be reached from this machine. */
	url: string;
	context: AppContext;
	/** The socket.io server, for tests that look at its connections. */
	io: Services['io'];
	/**
	 * Stops taking connections and hands every session held here over (SIGTERM): each room
	 * finishes what it took, its sheets are saved, its clients are told to reconnect (through the
	 * proxy, to another process) and its lease is released, so another process takes it at once.
	 * Then closes.
	 */
	drain(): Promise<void>;
	close(): Promise<void>;
}

/** The WebSocket endpoints: socket.io's and the Yjs server's (each answers its own upgrades). */
const UPGRADE_PATHS = ['/socket.io/', '/collab/'];

/**
 * An upgrade nobody owns would hang until the client gives up, and a reset on it, with no
 * error handler left on the socket, would take the process down: answer it, and guard it.
 */
function answerStrayUpgrade(req: IncomingMessage, socket: Duplex): void {
	socket.on('error', () => socket.destroy());
	const path = (req.url ?? '').split('?', 1)[0];
	if (UPGRADE_PATHS.some((prefix) => path.startsWith(prefix))) return;
	const body = JSON.stringify({ error: { code: 'not_found', message: 'No WebSocket here.' } });
	socket.end(`HTTP/1.1 404 Not Found\r\nConnection: close\r\n${securityHeaderLines()}Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/** What a fetch Request can carry (TRACE and CONNECT cannot): anything else is refused here. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** A path that cannot be decoded is answered before SvelteKit (which would answer with a page). */
function undecodable(url = ''): boolean {
	try {
		decodeURI(url);
		return false;
	} catch {
		return true;
	}
}

function notFound(res: ServerResponse): void {
	res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
}

/**
 * One process, one port: SvelteKit's pages and API, and socket.io, on `store` (from
 * server/store/open.ts; the app closes it when it closes). Tests start exactly this, on
 * port 0, with a temporary data directory.
 */
export async function startApp(config: Config, store: Store, pages?: PageHandler): Promise<RunningApp> {
	const context = createAppContext(config, store);
	// `GET /__metrics` for the load benchmark; the route exists only with VAEGTEN_METRICS=1.
	// context.collab is attached below, after the metrics: read lazily.
	const gauges = () => ({
		roomsLoaded: context.rooms.loadedRooms,
		documentsLoaded: context.collab?.loadedDocuments ?? 0,
		collab: context.collab ? { ...context.collab.stats } : null
	});
	const metrics = process.env.VAEGTEN_METRICS === '1' ? createMetrics(gauges) : null;
	const server = createServer((req, res) => {
		if (metrics?.handle(req, res)) return;
		setSecurityHeaders(res);
		if (!METHODS.has(req.method ?? '')) {
			res.writeHead(405, { 'content-type': 'application/json', allow: 'GET, HEAD, POST, DELETE' }).end(JSON.stringify({ error: { code: 'invalid_payload', message: `${req.method} is not a method this server answers.` } }));
			return;
		}
		if (undecodable(req.url)) {
			res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'invalid_payload', message: 'The address cannot be decoded.' } }));
			return;
		}
		provideContext(req, context);
		if (!pages) return notFound(res);
		pageRequest(res);
		pages(req, res, () => notFound(res));
	});
	metrics?.watch(server);
	const services = attachServices(server, context);
	// socket.io answers its own requests (polling, refusals) ahead of the handler above: the
	// security headers go on before anyone writes, so they are on every response.
	server.prependListener('request', (_req, res) => setSecurityHeaders(res));
	server.on('upgrade', answerStrayUpgrade);
	// A request Node cannot parse gets the API's JSON refusal rather than a bare 400.
	server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
		// As Node's own handler: only when no answer has begun on this connection.
		const answering = (socket as Duplex & { _httpMessage?: ServerResponse | null })._httpMessage;
		if (error.code === 'ECONNRESET' || !socket.writable || answering?.headersSent) return void socket.destroy();
		// An answer to HEAD has no body (the raw request says which method it was).
		const head = (error as { rawPacket?: Buffer }).rawPacket?.subarray(0, 5).toString('latin1') === 'HEAD ';
		const body = head ? '' : JSON.stringify({ error: { code: 'invalid_payload', message: 'The request could not be read.' } });
		socket.end(`HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
	});
	const stopRetention = startRetention(context);
	const refusals = setInterval(() => logRefusals(context.log, context.guard.tally), REFUSALS_LOGGED_EVERY_MS);
	refusals.unref();

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	if (!config.publicUrl) config.publicUrl = url;

	let closed: Promise<void> | undefined;
	const close = async () => {
		stopRetention();
		clearInterval(refusals);
		logRefusals(context.log, context.guard.tally);
		await services.close();
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
		await closeAppContext(context);
	};
	return {
		port,
		url,
		context,
		io: services.io,
		async drain() {
			// No new connection reaches this process; the open ones are sent on by the handover.
			server.close();
			await context.ownership.drain();
			await (closed ??= close());
		},
		close() {
			return (closed ??= close());
		}
	};
}
