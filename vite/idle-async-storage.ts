import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const STORAGE = fileURLToPath(new URL('../server/kit/async-storage.ts', import.meta.url));
const ASYNC_HOOKS = new Set(['node:async_hooks', 'async_hooks']);
/**
 * SvelteKit's request store (its AsyncLocalStorage) and the one module outside its runtime that
 * uses it (`sequence`), bundled in this step rather than afterwards by adapter-node, where no
 * plugin of the app's runs. Only these: the rest of SvelteKit stays one copy, bundled by
 * adapter-node, so its error classes are the same for `@sveltejs/kit/node` and the runtime.
 */
const KIT_REQUEST_STORE = new Set(['@sveltejs/kit/internal/server', '@sveltejs/kit/hooks']);

/**
 * The server build imports `node:async_hooks` through server/kit/async-storage.ts, whose
 * AsyncLocalStorage goes idle between page requests (see there): SvelteKit's, Paraglide's and
 * Svelte's storages, static and dynamic imports alike. The browser build has none; `vite dev`
 * and Vitest keep Node's own.
 */
export function idleAsyncStorage(): Plugin {
	return {
		name: 'vaegten:idle-async-storage',
		apply: 'build',
		enforce: 'pre',
		resolveId(source, importer) {
			if (this.environment.name !== 'ssr') return null;
			// A file's path, not a package's name: bundled here, not left to adapter-node.
			if (KIT_REQUEST_STORE.has(source)) return fileURLToPath(import.meta.resolve(source));
			if (!ASYNC_HOOKS.has(source) || importer === STORAGE) return null;
			return STORAGE;
		}
	};
}
