import { dirname, join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * The phone's socket.io client reads and writes packets with src/lib/client/socket-io-parser.ts,
 * socket.io-parser's text format without its binary half, which this app never uses: about
 * 1 KB less for every phone (`npm run size`). Only socket.io-client's browser build (its `esm`
 * folder) is pointed at it; the server and the Node clients of the tests and the benchmark keep
 * socket.io-parser.
 */
export function socketParser(): Plugin {
	const socketIo = join(dirname(createRequire(import.meta.url).resolve('socket.io-client/package.json')), 'build', 'esm') + sep;
	const textOnly = fileURLToPath(new URL('../src/lib/client/socket-io-parser.ts', import.meta.url));
	return {
		name: 'vaegten:socket-parser',
		enforce: 'pre',
		resolveId(source, importer) {
			return source === 'socket.io-parser' && importer?.startsWith(socketIo) ? textOnly : null;
		}
	};
}
