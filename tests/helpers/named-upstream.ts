import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

/** What a named upstream saw of a request: tests/integration/nginx-routing.test.ts. */
export interface Seen {
	name: string;
	method: string;
	url: string;
	host: string;
	forwardedFor: string;
	forwardedProto: string;
}

/** A stand-in for one app process behind nginx: answers every request and WebSocket with its name. */
export interface NamedUpstream {
	name: string;
	/** "127.0.0.1:PORT", for nginx's upstream block. */
	address: string;
	/** Closes the port and drops every connection, as a dead process would. */
	stop(): Promise<void>;
	/** Listens on the same port again. */
	restart(): Promise<void>;
}

function seen(name: string, req: IncomingMessage): Seen {
	const header = (key: string) => String(req.headers[key] ?? '');
	return {
		name,
		method: req.method ?? '',
		url: req.url ?? '',
		host: header('host'),
		forwardedFor: header('x-forwarded-for'),
		forwardedProto: header('x-forwarded-proto')
	};
}

function listen(server: Server, port: number): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
	});
}

export async function startNamedUpstream(name: string): Promise<NamedUpstream> {
	const sockets = new WebSocketServer({ noServer: true });
	const make = () => {
		const server = createServer((req, res) => {
			req.resume();
			req.on('end', () => {
				res.writeHead(200, { 'content-type': 'application/json' });
				res.end(JSON.stringify(seen(name, req)));
			});
		});
		server.on('upgrade', (req, socket, head) => {
			sockets.handleUpgrade(req, socket, head, (ws) => ws.send(JSON.stringify(seen(name, req))));
		});
		return server;
	};
	let server = make();
	const port = await listen(server, 0);
	return {
		name,
		address: `127.0.0.1:${port}`,
		stop: () =>
			new Promise((resolve) => {
				for (const client of sockets.clients) client.terminate();
				server.close(() => resolve());
				server.closeAllConnections();
			}),
		restart: async () => {
			server = make();
			await listen(server, port);
		}
	};
}

/** The first message of a WebSocket to `url` (what its upstream saw); the socket stays open. */
export function openSocket(url: string, headers: Record<string, string> = {}): Promise<{ seen: Seen; socket: WebSocket }> {
	return new Promise((resolve, reject) => {
		const socket = new WebSocket(url, { headers });
		socket.once('message', (data) => resolve({ seen: JSON.parse(String(data)) as Seen, socket }));
		socket.once('error', reject);
		socket.once('close', (code) => reject(new Error(`WebSocket ${url} closed (${code}) before a message`)));
	});
}
