/** No module of src/lib or server imports itself back through others: no circle of imports. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { circles, graph, libDir, root } from '../helpers/imports';

describe('imports', () => {
	it('reads the imports it checks (the check cannot pass by reading nothing)', () => {
		expect(graph.get(join(libDir, 'session/reducer.ts'))).toContain(join(libDir, 'session/prepare.ts'));
		expect(graph.get(join(root, 'server/rooms/room.ts'))).toContain(join(libDir, 'session/reducer.ts'));
	});

	it('make no circle in src/lib or server', () => {
		expect(circles()).toEqual([]);
	});
});
