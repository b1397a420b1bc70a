import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	// Phones download every byte: no version beacon in the bundle.
	compilerOptions: { discloseVersion: false },
	kit: {
		adapter: adapter({ out: 'build' }),
		// Routes reach the process's parts (server/kit/: the context, the API's helpers) by name;
		// src/lib/ never imports from server/.
		alias: { $server: 'server' },
		// No form actions anywhere, and the API's writes need the facilitator key in a header a
		// cross-site form cannot send: the origin check would only turn API refusals into text.
		// Trusting every origin ('*') is SvelteKit's way to leave it off.
		csrf: { trustedOrigins: ['*'] },
		// The client is not sent every route's pattern and loader: a phone downloads what its own
		// page needs, and a navigation asks the server which route it is.
		router: { resolution: 'server' },
		// No inline script runs but SvelteKit's own bootstrap, allowed by its hash or nonce;
		// everything is loaded from this site (SECURITY.md). Inline styles stay allowed: Svelte
		// writes style attributes (the beam's angle, say).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
