import { dirname, join, sep } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

/**
 * The phone's socket.io client reads and writes packets with text-only parsers, which this app
 * (JSON on both layers, never binary) is all it needs: src/lib/client/socket-io-parser.ts in
 * place of socket.io-parser, src/lib/client/engine-io-parser.ts in place of engine.io-parser.
 * They read and write text as the two packages do, byte for byte (their unit tests hold them
 * side by side), and save every phone about 1.5 KB (`npm run size`).
 *
 * Only the browser builds (the `esm` folders) of socket.io-client and engine.io-client are
 * pointed at them; the server and the Node clients of the tests and the benchmark keep the
 * packages.
 */
export function socketParser(): Plugin {
	const require = createRequire(import.meta.url);
	const esm = (name: string) => join(dirname(require.resolve(`${name}/package.json`)), 'build', 'esm') + sep;
	const own = (file: string) => fileURLToPath(new URL(`../src/lib/client/${file}`, import.meta.url));
	const swaps = [
		{ source: 'socket.io-parser', importers: esm('socket.io-client'), to: own('socket-io-parser.ts') },
		{ source: 'engine.io-parser', importers: esm('engine.io-client'), to: own('engine-io-parser.ts') }
	];
	return {
		name: 'vaegten:socket-parser',
		enforce: 'pre',
		resolveId(source, importer) {
			return swaps.find((swap) => source === swap.source && importer?.startsWith(swap.importers))?.to ?? null;
		}
	};
}
