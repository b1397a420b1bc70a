/**
 * The Yjs baseline the benchmark measures our endpoint against (issue 17): y-websocket's own
 * server (`@y/websocket-server`, y-websocket's server split out) as its own process,
 * `node --import tsx bench/baseline/yjs-server.ts` with PORT. Exactly what its bin does — an
 * HTTP server and a `ws` WebSocketServer handing every upgrade to `setupWSConnection` —
 * with the documents in memory (no persistence), no authorisation, and the document named by
 * the URL's path (`/collab/SESSION/GROUP`, the shape of ours). Besides, as bench/baseline/
 * server.ts, the bench's `GET /__metrics` (server/metrics.ts), so that the sampler reads its
 * CPU as it reads ours.
 *
 * Nothing here is the product: it is the floor, what Yjs over WebSockets costs on this machine
 * without persistence, limits or tickets.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { createRequire } from 'node:module';
import { setupWSConnection } from '@y/websocket-server/utils';
import type { WebSocket } from 'ws';
import { createMetrics } from '../../server/metrics';

const port = Number(process.env.PORT ?? 0);
const metrics = createMetrics(() => ({ roomsLoaded: 0, documentsLoaded: 0, collab: null }));

const http = createServer((req, res) => {
	if (metrics.handle(req, res)) return;
	res.writeHead(200, { 'content-type': 'text/plain' }).end('okay');
});
metrics.watch(http);

// Its own `ws` (6.x, what @y/websocket-server depends on), as its bin uses it.
const { Server } = createRequire(import.meta.resolve('@y/websocket-server/utils'))('ws') as { Server: typeof import('ws').WebSocketServer };
const wss = new Server({ noServer: true });
wss.on('connection', (conn: WebSocket, req: IncomingMessage) => setupWSConnection(conn, req));
http.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));

http.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
	wss.close();
	http.close();
	process.exit(0);
});
