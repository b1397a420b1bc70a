import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	// Phones download every byte: no version beacon in the bundle.
	compilerOptions: { discloseVersion: false },
	kit: {
		adapter: adapter({ out: 'build' })
	}
};

export default config;
