import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);

/**
 * `npm start` builds, then starts: what it prints before the server's own lines must be worth
 * reading. SvelteKit checks its configuration on every build and sync (a deprecated option is
 * a warning each time), and Vite lists every chunk of the build at its default log level.
 */
describe('npm start', () => {
	it('has a configuration SvelteKit finds nothing deprecated in', () => {
		const sync = spawnSync(process.execPath, ['node_modules/@sveltejs/kit/svelte-kit.js', 'sync'], { cwd: root, encoding: 'utf8' });
		expect(sync.status).toBe(0);
		expect(sync.stdout + sync.stderr).not.toMatch(/deprecat/i);
		// A process of its own (SvelteKit loads its config and Vite): seconds on a busy machine.
	}, 60_000);

	it('builds quietly: warnings and errors, no table of chunk sizes', () => {
		const { scripts } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { scripts: Record<string, string> };
		const build = scripts.start.split('&&')[0].trim();
		// Vite's chunk table is logged at `info`; `--logLevel warn` keeps warnings and errors.
		expect(build).toMatch(/^vite build\b.*--logLevel (warn|error)\b/);
		expect(scripts.start).toMatch(/&& node --import tsx server\/main\.ts$/);
	});
});
