import type { OutputOptions } from 'rollup';
import type { Plugin } from 'vite';

/**
 * The code every page runs, in the browser build, as one chunk: Svelte's runtime, SvelteKit's
 * client (with devalue, clsx, esm-env), Vite's preload helper and Paraglide's runtime with the
 * app's language choice.
 *
 * Left to itself Rollup splits shared code by the set of pages that use it, and with five pages
 * using different parts of Svelte that made the phone's first load 28 files, a dozen of them
 * under 1 KB. A phone downloads each on its own and gzip starts every file with an empty
 * dictionary, so the split cost the phone about 5 KB (`npm run size`). In one chunk a page
 * also gets the parts of Svelte's runtime only another page uses (a `<select>` binding,
 * `{@html}`): 0.9 KB, less than the split cost. Svelte's runtime is one barrel module
 * re-exporting all of it, so it cannot be cut along what the phone imports.
 *
 * The server build is untouched.
 */
const EVERY_PAGE = [
	/\/node_modules\/(svelte|@sveltejs\/kit|devalue|clsx|esm-env)\//,
	/^\0vite\/preload-helper/,
	/\/src\/lib\/(paraglide\/runtime\.js|locale\.ts|client\/locale\.svelte\.ts|template\/types\.ts)$/
];

export function phoneChunks(): Plugin {
	return {
		name: 'vaegten:phone-chunks',
		apply: 'build',
		applyToEnvironment: (environment) => environment.name === 'client',
		outputOptions(options: OutputOptions) {
			return { ...options, manualChunks: (id) => (EVERY_PAGE.some((pattern) => pattern.test(id)) ? 'framework' : null) };
		}
	};
}
