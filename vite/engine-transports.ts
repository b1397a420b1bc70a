import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { Plugin } from 'vite';

const VIRTUAL_ID = '\0vaegten:engine-io-transports';

/**
 * The phone's socket.io client with the transports this server offers, and no more.
 *
 * engine.io-client's `Socket` imports a table of every transport it knows: WebSocket,
 * XHR long-polling and WebTransport. Our server never offers WebTransport, and long-polling
 * (kept: it is how a phone behind a proxy that blocks WebSocket still joins) works as well over
 * `fetch`, which every phone has, as over the larger XHR transport. This plugin swaps that
 * table, in the browser build only, for `{ websocket, polling: fetch }`, which is about 1 KB
 * less for every phone (`npm run size`). The server and the Node clients of the tests and the
 * benchmark resolve engine.io-client's Node build and are untouched.
 */
export function engineTransports(): Plugin {
	const esm = join(dirname(createRequire(import.meta.url).resolve('engine.io-client/package.json')), 'build', 'esm');
	return {
		name: 'vaegten:engine-io-transports',
		enforce: 'pre',
		resolveId(source, importer) {
			if (source === './transports/index.js' && importer === join(esm, 'socket.js')) return VIRTUAL_ID;
			return null;
		},
		load(id) {
			if (id !== VIRTUAL_ID) return null;
			const from = (file: string) => JSON.stringify(join(esm, 'transports', file));
			return [
				`import { WS } from ${from('websocket.js')};`,
				`import { Fetch } from ${from('polling-fetch.js')};`,
				'export const transports = { websocket: WS, polling: Fetch };'
			].join('\n');
		}
	};
}
