/**
 * The import graph of src/lib and server, for the tests of its shape. Imports are read with
 * the TypeScript compiler's own pre-processor, type-only imports included.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const libDir = join(root, 'src/lib');

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return name === 'paraglide' ? [] : sources(path);
		return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
	});
}

/** The code of a file as TypeScript sees it: a component's scripts only. */
function code(path: string): string {
	const text = readFileSync(path, 'utf8');
	if (!path.endsWith('.svelte')) return text;
	return [...text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1]).join('\n');
}

/** The file an import names, or null for a package's. */
function target(from: string, specifier: string): string | null {
	const base = specifier.startsWith('$lib') ? join(libDir, specifier.slice(4)) : specifier.startsWith('.') ? resolve(dirname(from), specifier) : null;
	if (!base) return null;
	const bare = base.replace(/\.js$/, '');
	for (const candidate of [bare, `${bare}.ts`, join(bare, 'index.ts')]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
	return null;
}

const files = [...sources(libDir), ...sources(join(root, 'server'))];
export const graph = new Map(
	files.map((file) => [file, ts.preProcessFile(code(file), true, true).importedFiles.map((ref) => target(file, ref.fileName)).filter((path): path is string => path !== null)])
);
export const name = (path: string) => relative(root, path);

/** Every circle of imports, each as the modules around it (Tarjan's strongly connected components). */
export function circles(): string[][] {
	let index = 0;
	const order = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const found: string[][] = [];
	const visit = (file: string) => {
		order.set(file, index);
		low.set(file, index++);
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (!graph.has(next)) continue;
			if (!order.has(next)) {
				visit(next);
				low.set(file, Math.min(low.get(file)!, low.get(next)!));
			} else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, order.get(next)!));
		}
		if (low.get(file) !== order.get(file)) return;
		const component: string[] = [];
		let member: string;
		do component.push((member = stack.pop()!));
		while (member !== file);
		if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.map(name).sort());
	};
	for (const file of graph.keys()) if (!order.has(file)) visit(file);
	return found;
}

