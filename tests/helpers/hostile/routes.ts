/** The HTTP routes, read from src/routes. */
import { readdirSync, readFileSync } from 'node:fs';

export interface Route {
	/** `/api/sessions/:id`: parameters as `:name`. */
	path: string;
	methods: string[];
}

/**
 * Every page and endpoint in src/routes with the methods it answers, so that a route added
 * tomorrow is fuzzed without anyone listing it here. Pages answer GET; an endpoint answers the
 * methods its `+server.ts` exports.
 */
export function discoverRoutes(): Route[] {
	const dir = new URL('../../../src/routes/', import.meta.url);
	const found = new Map<string, Set<string>>();
	for (const file of readdirSync(dir, { recursive: true }) as string[]) {
		const [name, ...parents] = file.split(/[\\/]/).reverse();
		if (name !== '+server.ts' && name !== '+page.svelte') continue;
		const segments = parents.reverse().filter((part) => !/^\(.*\)$/.test(part));
		const path = `/${segments.map((part) => part.replace(/^\[(\w+)\]$/, ':$1')).join('/')}`;
		const methods =
			name === '+page.svelte'
				? ['GET']
				: [...readFileSync(new URL(file, dir), 'utf8').matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((match) => match[1]);
		found.set(path, new Set([...(found.get(path) ?? []), ...methods]));
	}
	return [...found].map(([path, methods]) => ({ path, methods: [...methods] })).sort((a, b) => a.path.localeCompare(b.path));
}

export const routes = discoverRoutes();
