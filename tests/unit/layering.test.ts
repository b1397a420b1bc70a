/**
 * Layers point one way: routes and server/ import src/lib/, never the reverse. src/lib is
 * shared by pages and the process, so it imports nothing from server/; and server/ (run by
 * Node) imports nothing from src/lib/client/ (the browser's code).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graph, libDir, name, root } from '../helpers/imports';

describe('layering', () => {
	it('no import leads from src/lib into server/', () => {
		const server = join(root, 'server') + '/';
		const crossings = [...graph].flatMap(([file, imports]) =>
			file.startsWith(libDir) ? imports.filter((path) => path.startsWith(server)).map((path) => `${name(file)} → ${name(path)}`) : []
		);
		expect(crossings).toEqual([]);
	});

	it('no import leads from server/ into src/lib/client/', () => {
		const server = join(root, 'server') + '/';
		const client = join(libDir, 'client') + '/';
		const crossings = [...graph].flatMap(([file, imports]) =>
			file.startsWith(server) ? imports.filter((path) => path.startsWith(client)).map((path) => `${name(file)} → ${name(path)}`) : []
		);
		expect(crossings).toEqual([]);
	});
});
