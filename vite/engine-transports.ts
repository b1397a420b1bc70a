import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const VIRTUAL_ID = '\0vaegten:engine-io-transports';
const ENTRY_ID = '\0vaegten:engine-io-client';

/**
 * The phone's socket.io client with the transports this server offers, and no more.
 *
 * engine.io-client's `Socket` imports a table of every transport it knows: WebSocket,
 * XHR long-polling and WebTransport. Our server never offers WebTransport, and long-polling
 * (kept: it is how a phone behind a proxy that blocks WebSocket still joins) works as well over
 * `fetch`, which every phone has, as over the larger XHR transport. This plugin swaps that
 * table, in the browser build only, for `{ websocket, polling: fetch }`, which is about 1 KB
 * less for every phone (`npm run size`).
 *
 * socket.io-client's browser build also re-exports every transport class from engine.io-client's
 * index, and the XHR module cannot be shaken off: at load it creates an XMLHttpRequest (to ask
 * whether it takes binary) and registers a `pagehide` handler. So socket.io-client's import of
 * `engine.io-client` gets a module with what it uses (the socket, two helpers, the URL parser)
 * and the two transports above; the transport classes no phone uses are exported as undefined.
 *
 * The server and the Node clients of the tests and the benchmark resolve engine.io-client's Node
 * build and are untouched.
 */
export function engineTransports(): Plugin {
	const require = createRequire(import.meta.url);
	const esm = join(dirname(require.resolve('engine.io-client/package.json')), 'build', 'esm');
	const socketIo = join(dirname(require.resolve('socket.io-client/package.json')), 'build', 'esm');
	const from = (file: string) => JSON.stringify(join(esm, file));
	return {
		name: 'vaegten:engine-io-transports',
		enforce: 'pre',
		resolveId(source, importer) {
			if (source === './transports/index.js' && importer === join(esm, 'socket.js')) return VIRTUAL_ID;
			if (source === 'engine.io-client' && importer?.startsWith(socketIo)) return ENTRY_ID;
			return null;
		},
		load(id) {
			if (id === VIRTUAL_ID) {
				return [
					`import { WS } from ${from('transports/websocket.js')};`,
					`import { Fetch } from ${from('transports/polling-fetch.js')};`,
					'export const transports = { websocket: WS, polling: Fetch };'
				].join('\n');
			}
			if (id === ENTRY_ID) {
				return [
					`export { Socket } from ${from('socket.js')};`,
					`export { installTimerFunctions } from ${from('util.js')};`,
					`export { nextTick } from ${from('globals.js')};`,
					`export { parse } from ${from('contrib/parseuri.js')};`,
					`export { Fetch } from ${from('transports/polling-fetch.js')};`,
					`export { WS as WebSocket } from ${from('transports/websocket.js')};`,
					'export const XHR = undefined, NodeXHR = undefined, NodeWebSocket = undefined, WebTransport = undefined;'
				].join('\n');
			}
			return null;
		}
	};
}
