import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `npm test` runs on clones that have nothing beside them: no test may read a file outside the
 * repository (the seeds it quotes live in tests/fixtures/seeds).
 */
const root = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'fixtures' ? [] : sourceFiles(path);
		return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
	});
}

/** Relative paths in string literals ('../x', "../../y") that resolve outside `root`. */
function escapes(file: string): string[] {
	const text = readFileSync(file, 'utf8');
	const found: string[] = [];
	for (const [, path] of text.matchAll(/['"`]((?:\.\.\/)+[^'"`$]*)/g)) {
		const target = resolve(file, '..', path);
		if (target !== root && !target.startsWith(root + sep)) found.push(`${relative(root, file)}: ${path}`);
	}
	return found;
}

describe('the test suite', () => {
	it('reads nothing outside the repository', () => {
		const files = ['tests', 'bench', 'server', 'src'].flatMap((dir) => sourceFiles(join(root, dir)));
		expect(files.length).toBeGreaterThan(50);
		expect(files.flatMap(escapes)).toEqual([]);
	});

	it('has the seeds it quotes inside the repository', () => {
		const seeds = readdirSync(join(root, 'tests/fixtures/seeds'));
		expect(seeds).toEqual(expect.arrayContaining(['001_30d2a91a9e51d375.txt', '002_173a728c6e88a1a3.txt']));
	});
});
