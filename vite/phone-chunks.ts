import type { OutputOptions } from 'rollup';
import type { Plugin } from 'vite';

/**
 * The code every page runs, in the browser build, as one chunk: Svelte's runtime, SvelteKit's
 * client (with devalue, clsx, esm-env), Vite's preload helper, Paraglide's runtime with the
 * app's language choice, and the few small modules most pages use (the template's text, the
 * limits, the join code's rules).
 *
 * Left to itself Rollup splits shared code by the set of pages that use it, and with five pages
 * using different parts of Svelte that made the phone's first load 28 files, a dozen of them
 * under 1 KB. A phone downloads each on its own and gzip starts every file with an empty
 * dictionary, so the split cost the phone about 5 KB (`npm run size`); the three small
 * modules, each its own file, 0.3 KB more.
 *
 * Svelte's runtime is one barrel module re-exporting all of it, and Rollup puts what a manual
 * chunk's modules import into that chunk too: so the parts only the console uses (a `<select>`
 * binding, `{@html}`) are named to a chunk of their own, which only the pages that use them
 * load (0.6 KB less for the phone).
 *
 * The server build is untouched.
 */
const EVERY_PAGE = [
	/\/node_modules\/(svelte|@sveltejs\/kit|devalue|clsx|esm-env)\//,
	/^\0vite\/preload-helper/,
	/\/src\/lib\/(paraglide\/runtime\.js|locale\.ts|client\/locale\.svelte\.ts|template\/types\.ts|client\/text\.ts|limits\.ts|join-code\.ts)$/
];

/** The parts of Svelte's runtime no phone uses. The bundle test would see them come back: the phone's first load would grow by this chunk. */
const CONSOLE_ONLY = /\/node_modules\/svelte\/src\/internal\/client\/dom\/(elements\/bindings\/select|blocks\/html)\.js$/;

export function phoneChunks(): Plugin {
	return {
		name: 'vaegten:phone-chunks',
		apply: 'build',
		applyToEnvironment: (environment) => environment.name === 'client',
		outputOptions(options: OutputOptions) {
			return { ...options, manualChunks: (id) => (CONSOLE_ONLY.test(id) ? 'console-only' : EVERY_PAGE.some((pattern) => pattern.test(id)) ? 'framework' : null) };
		}
	};
}
