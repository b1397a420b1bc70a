/**
 * `npm run size`: the gzipped JavaScript a phone downloads, measured on the build.
 *
 * How: Vite's manifest of the client build (`.svelte-kit/output/client/.vite/manifest.json`)
 * is the bundler's own record of every chunk and its static and dynamic imports. SvelteKit's
 * route table of the same build (`.svelte-kit/output/server/manifest-full.js`, whose nodes load
 * lazily, so importing it runs no app code) says which layout and page nodes a route uses. A
 * page's first load is the static import closure of the client entry (`start`, `app`) and of
 * those nodes: the same set SvelteKit lists as `<link rel="modulepreload">` in the page's HTML.
 * The group page adds the closure of the chunk built from `src/lib/client/collab-doc.svelte.ts`,
 * and of the chunks the join page imports dynamically on its way there (the sheets' keeper). Every file is read from `build/client/` (what the
 * server sends) and gzipped at level 9, as adapter-node's precompressed `.gz` files are.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const at = (path: string) => new URL(path, root);

export const JOIN_ROUTE = '/j/[code]';
export const GROUP_SHEET_SOURCE = 'src/lib/client/collab-doc.svelte.ts';
/** Yjs guards against being loaded twice with this global key: any file holding it holds Yjs. */
const YJS_MARKER = '__ $YJS$ __';

export const BUDGETS = {
	/**
	 * Issue 17's aim, reached: 44.6 KB measured (BENCHMARKS.md, "Phone bundles": 53.2 KB before
	 * the phone got its own socket.io client, src/lib/client/socket-client.ts), so the limit is
	 * the aim, 0.4 KB above. What the phone gained stays gained.
	 */
	join: { limit: 45 * 1024, aim: 45 * 1024 },
	group: { limit: 110 * 1024, aim: 90 * 1024 }
} as const;

export interface BundleFile {
	/** Path under build/client, e.g. `_app/immutable/chunks/X.js`. */
	file: string;
	/** What Vite built it from: the entry name or source module. */
	name: string;
	raw: number;
	gzip: number;
	hasYjs: boolean;
}

export interface PageBundle {
	page: 'join' | 'group';
	files: BundleFile[];
	raw: number;
	gzip: number;
	limit: number;
	aim: number;
	overBudget: boolean;
	hasYjs: boolean;
}

export interface BundleReport {
	join: PageBundle;
	/** The join page's files plus the group sheet's. */
	group: PageBundle;
	/** The files the group sheet adds to the join page (empty when they are already in it). */
	groupSheetFiles: BundleFile[];
}

interface ManifestChunk {
	file: string;
	name?: string;
	src?: string;
	isEntry?: boolean;
	imports?: string[];
	dynamicImports?: string[];
}
type ViteManifest = Record<string, ManifestChunk>;

interface ServerManifest {
	_: { client: { start: string; app: string }; routes: Array<{ id: string; page: { layouts: Array<number | undefined>; leaf: number } | null }> };
}

function fail(message: string): never {
	throw new Error(`${message}\nRun \`npm run build\` first (and again after changing src/).`);
}

/** The static import closure of `keys`, in discovery order. */
function closure(manifest: ViteManifest, keys: string[], into = new Set<string>()): Set<string> {
	const visit = (key: string) => {
		if (into.has(key)) return;
		if (!manifest[key]) fail(`The Vite manifest names ${key} but has no entry for it.`);
		into.add(key);
		for (const imported of manifest[key].imports ?? []) visit(imported);
	};
	keys.forEach(visit);
	return into;
}

/**
 * The chunks a page loads on its way from `from` (loaded) to `to`: each dynamically imported by
 * one before it (the shortest such chain); [] when `to` is loaded already, null when never.
 */
function dynamicPath(manifest: ViteManifest, from: Set<string>, to: string): string[] | null {
	if (from.has(to)) return [];
	const before = new Map<string, string | null>();
	const queue: string[] = [];
	const reach = (key: string, parent: string | null) => {
		if (before.has(key) || from.has(key)) return;
		before.set(key, parent);
		queue.push(key);
	};
	for (const key of from) for (const imported of manifest[key].dynamicImports ?? []) reach(imported, null);
	for (let key = queue.shift(); key !== undefined; key = queue.shift()) {
		if (key === to) {
			const path: string[] = [];
			for (let step: string | null = key; step !== null; step = before.get(step) ?? null) path.unshift(step);
			return path;
		}
		for (const imported of [...closure(manifest, [key])].flatMap((chunk) => manifest[chunk].dynamicImports ?? [])) reach(imported, key);
	}
	return null;
}

function describe(manifest: ViteManifest, key: string): BundleFile {
	const chunk = manifest[key];
	const path = at(`build/client/${chunk.file}`);
	if (!existsSync(path)) fail(`build/client/${chunk.file} is missing: build/ and .svelte-kit/output are from different builds.`);
	const bytes = readFileSync(path);
	return {
		file: chunk.file,
		name: chunk.src ?? chunk.name ?? key,
		raw: bytes.length,
		gzip: gzipSync(bytes, { level: 9 }).length,
		hasYjs: bytes.includes(YJS_MARKER)
	};
}

function page(name: PageBundle['page'], files: BundleFile[]): PageBundle {
	const gzip = files.reduce((sum, file) => sum + file.gzip, 0);
	const { limit, aim } = BUDGETS[name];
	return {
		page: name,
		files,
		raw: files.reduce((sum, file) => sum + file.raw, 0),
		gzip,
		limit,
		aim,
		overBudget: gzip > limit,
		hasYjs: files.some((file) => file.hasYjs)
	};
}

/** Measures the join-and-rate page and the group page on the current build. */
export async function measureBundles(): Promise<BundleReport> {
	const manifestPath = at('.svelte-kit/output/client/.vite/manifest.json');
	const routesPath = at('.svelte-kit/output/server/manifest-full.js');
	if (!existsSync(at('build/handler.js')) || !existsSync(manifestPath) || !existsSync(routesPath)) fail('No build found.');
	const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as ViteManifest;
	const version = statSync(routesPath).mtimeMs;
	const { manifest: server } = (await import(`${routesPath.href}?v=${version}`)) as { manifest: ServerManifest };

	const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
	const keyOf = (file: string) => byFile.get(file) ?? fail(`${file} (SvelteKit's route table) is not in the Vite manifest: the two are from different builds.`);
	const nodeKey = (index: number) =>
		Object.keys(manifest).find((key) => manifest[key].isEntry && key.endsWith(`/client-optimized/nodes/${index}.js`)) ??
		fail(`No client chunk for SvelteKit node ${index}.`);

	const route = server._.routes.find((candidate) => candidate.id === JOIN_ROUTE)?.page ?? fail(`No page route ${JOIN_ROUTE} in the build.`);
	const nodes = [...route.layouts.filter((index): index is number => index !== undefined), route.leaf].map(nodeKey);
	const joinKeys = closure(manifest, [keyOf(server._.client.start), keyOf(server._.client.app), ...nodes]);

	const sheetKey = Object.keys(manifest).find((key) => manifest[key].src === GROUP_SHEET_SOURCE) ?? fail(`No chunk built from ${GROUP_SHEET_SOURCE}.`);
	const path = dynamicPath(manifest, joinKeys, sheetKey);
	if (!path) throw new Error(`The join page neither imports nor (through dynamic imports) loads ${GROUP_SHEET_SOURCE}.`);
	const sheetKeys = [...closure(manifest, path)].filter((key) => !joinKeys.has(key));

	const joinFiles = [...joinKeys].map((key) => describe(manifest, key));
	const groupSheetFiles = sheetKeys.map((key) => describe(manifest, key));
	return { join: page('join', joinFiles), group: page('group', [...joinFiles, ...groupSheetFiles]), groupSheetFiles };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function table(title: string, files: BundleFile[]): string[] {
	const rows = [...files].sort((a, b) => b.gzip - a.gzip);
	const width = Math.max(30, ...rows.map((file) => file.file.length));
	const line = (a: string, b: string, c: string, d: string) => `  ${a.padEnd(width)}  ${b.padStart(10)}  ${c.padStart(10)}  ${d}`;
	return [
		title,
		line('file', 'raw', 'gzip', 'chunk (Vite name or source)'),
		...rows.map((file) => line(file.file, kb(file.raw), kb(file.gzip), file.name + (file.hasYjs ? '  [yjs]' : ''))),
		line('total', kb(files.reduce((s, f) => s + f.raw, 0)), kb(files.reduce((s, f) => s + f.gzip, 0)), '')
	];
}

function verdict(bundle: PageBundle): string {
	const state = bundle.overBudget ? 'FAIL' : bundle.gzip > bundle.aim ? 'pass (above aim)' : 'pass';
	return `${bundle.page === 'join' ? 'join-and-rate /j/CODE' : 'group page'}: ${kb(bundle.gzip)} gzipped; budget ≤ ${kb(bundle.limit)} (aim ${kb(bundle.aim)}): ${state}`;
}

export function formatReport(report: BundleReport): string {
	return [
		...table('Join-and-rate page (/j/CODE): first load', report.join.files),
		'',
		...table('Group sheet: what the group page adds', report.groupSheetFiles),
		'',
		verdict(report.join),
		verdict(report.group),
		`join-and-rate page without Yjs: ${report.join.hasYjs ? 'FAIL (Yjs is in the first load)' : 'pass'}`
	].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
	try {
		const report = await measureBundles();
		console.log(formatReport(report));
		process.exitCode = report.join.overBudget || report.group.overBudget || report.join.hasYjs ? 1 : 0;
	} catch (error) {
		console.error((error as Error).message);
		process.exitCode = 2;
	}
}
