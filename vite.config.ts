import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vitest/config';
import { realtimeDevPlugin } from './server/dev-plugin';
import { idleAsyncStorage } from './vite/idle-async-storage';
import { phoneChunks } from './vite/phone-chunks';

export default defineConfig({
	// Terser's second pass takes 1.5 KB more off the phone's JavaScript than esbuild (`npm run size`).
	build: { minify: 'terser', terserOptions: { compress: { passes: 2 } } },
	plugins: [
		// Under Vitest the messages are already compiled (`npm run i18n`, run by `npm test`).
		!process.env.VITEST &&
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// A device's own choice, else the session's language, else Danish: src/lib/locale.ts.
			strategy: ['custom-device', 'custom-session', 'baseLocale']
		}),
		phoneChunks(),
		idleAsyncStorage(),
		sveltekit(),
		realtimeDevPlugin()
	],
	test: {
		expect: { requireAssertions: true },
		// The servers the tests start say only what went wrong (tests/integration/logging.test.ts asks for more).
		env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
		// The SvelteKit build runs as Node runs it: through Vite, vite-plugin-svelte would recompile its `_page.svelte.js-HASH.js` chunks as Svelte modules (and reject `$$` names).
		server: { deps: { external: [/\/build\//] } },
		projects: [
			{
				extends: true,
				test: { name: 'unit', include: ['tests/unit/**/*.test.ts', 'src/**/*.test.ts'] }
			},
			{
				extends: true,
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					globalSetup: ['tests/helpers/require-build.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.test.ts'],
					globalSetup: ['tests/helpers/require-build.ts'],
					testTimeout: 60_000,
					hookTimeout: 60_000,
					// One browser at a time: the machine has two cores.
					fileParallelism: false
				}
			}
		]
	}
});
