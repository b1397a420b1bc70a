import { existsSync } from 'node:fs';

/** Integration and browser tests run the real server, SvelteKit build included. */
export default function requireBuild(): void {
	if (!existsSync(new URL('../../build/handler.js', import.meta.url))) {
		throw new Error('No build found: run `npm run build` first (`npm test` does it for you).');
	}
}
