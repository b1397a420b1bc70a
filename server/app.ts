import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { provideContext } from '../src/lib/server/context';
import type { Config } from './config';
import { closeAppContext, createAppContext, type AppContext } from './context';
import { setSecurityHeaders } from './guard';
import { createMetrics } from './metrics';
import { startRetention } from './sessions';
import { attachServices, type Services } from './services';

/** SvelteKit's adapter-node handler (build/handler.js), connect-style. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface RunningApp {
	port: number;
	/** Where this process can be reached from this machine. */
	url: string;
	context: AppContext;
	/** The socket.io server, for tests that look at its connections. */
	io: Services['io'];
	close(): Promise<void>;
}

function notFound(res: ServerResponse): void {
	res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }));
}

/**
 * One process, one port: SvelteKit's pages and API, and socket.io. Tests start exactly
 * this, on port 0, with a temporary data directory.
 */
export async function startApp(config: Config, pages?: PageHandler): Promise<RunningApp> {
	const context = createAppContext(config);
	// `GET /__metrics` for the load benchmark; the route exists only with VAEGTEN_METRICS=1.
	// context.collab is attached below, after the metrics: read lazily.
	const gauges = () => ({ roomsLoaded: context.rooms.loadedRooms, documentsLoaded: context.collab?.loadedDocuments ?? 0 });
	const metrics = process.env.VAEGTEN_METRICS === '1' ? createMetrics(gauges) : null;
	const server = createServer((req, res) => {
		if (metrics?.handle(req, res)) return;
		setSecurityHeaders(res);
		provideContext(req, context);
		if (pages) pages(req, res, () => notFound(res));
		else notFound(res);
	});
	metrics?.watch(server);
	const services = attachServices(server, context);
	const stopRetention = startRetention(context);

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(config.port, config.host, () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	const url = `http://127.0.0.1:${port}`;
	if (!config.publicUrl) config.publicUrl = url;

	return {
		port,
		url,
		context,
		io: services.io,
		async close() {
			stopRetention();
			await services.close();
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			await closeAppContext(context);
		}
	};
}
