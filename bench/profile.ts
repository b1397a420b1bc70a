/** Summarises a V8 CPU profile (`--cpu-prof`) of the server: where its time went, by function and by package. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

export interface ProfileSummary {
	file: string;
	/** Time the main thread was busy (idle left out); percentages are of this. */
	totalMs: number;
	idleMs: number;
	functions: Array<{ name: string; where: string; selfMs: number; pct: number }>;
	packages: Array<{ name: string; selfMs: number; pct: number }>;
}

/** The package (or app folder) a script belongs to. */
function packageOf(url: string): string {
	if (!url) return '(native / V8)';
	const modules = url.lastIndexOf('node_modules/');
	if (modules >= 0) {
		const rest = url.slice(modules + 'node_modules/'.length).split('/');
		return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	}
	if (url.startsWith('node:')) return 'node (core)';
	const app = /\/(server|src|build)\/(.*)$/.exec(url);
	return app ? `app: ${app[1]}/${app[2].split('/')[0]}` : url;
}

export function summariseProfile(file: string, top = 15): ProfileSummary {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const selfUs = new Map<number, number>();
	profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const idle = new Set(profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').map((node) => node.id));
	const idleUs = [...idle].reduce((sum, id) => sum + (selfUs.get(id) ?? 0), 0);
	for (const id of idle) selfUs.delete(id);
	const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
	const functions = new Map<string, { name: string; where: string; us: number }>();
	const packages = new Map<string, number>();
	for (const [id, us] of selfUs) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		const where = url ? `${url.replace(/^file:\/\/.*?\/(node_modules|server|src|build)\//, '$1/')}:${lineNumber + 1}` : '';
		const key = `${functionName}@${where}`;
		const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, us: 0 };
		entry.us += us;
		functions.set(key, entry);
		packages.set(packageOf(url), (packages.get(packageOf(url)) ?? 0) + us);
	}
	const pct = (us: number) => Math.round((us / total) * 1000) / 10;
	return {
		file,
		totalMs: Math.round(total / 1000),
		idleMs: Math.round(idleUs / 1000),
		functions: [...functions.values()]
			.sort((a, b) => b.us - a.us)
			.slice(0, top)
			.map((f) => ({ name: f.name, where: f.where, selfMs: Math.round(f.us / 1000), pct: pct(f.us) })),
		packages: [...packages.entries()]
			.sort((a, b) => b[1] - a[1])
			.slice(0, top)
			.map(([name, us]) => ({ name, selfMs: Math.round(us / 1000), pct: pct(us) }))
	};
}

/**
 * Main-thread profiles in `dir` written since `sinceMs` (epoch), newest first. Node names them
 * CPU.DATE.TIME.PID.THREAD.SEQ.cpuprofile; thread 0 is the main thread (tsx's module loader
 * runs in a thread of its own and is left out).
 */
export function profilesSince(dir: string, sinceMs: number): string[] {
	try {
		return readdirSync(dir)
			.filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name))
			.map((name) => join(dir, name))
			.filter((path) => statSync(path).mtimeMs >= sinceMs)
			.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
	} catch {
		return [];
	}
}

/** The summary of the newest main-thread profile in `dir` written since `sinceMs`, if any. */
export function newestProfile(dir: string, sinceMs: number, top?: number): ProfileSummary | undefined {
	const [file] = profilesSince(dir, sinceMs);
	return file ? summariseProfile(file, top) : undefined;
}

export function formatProfile(summary: ProfileSummary): string {
	const lines = [`  CPU profile ${summary.file}: ${summary.totalMs} ms busy, ${summary.idleMs} ms idle`, '  top self time by function (% of busy):'];
	for (const f of summary.functions) lines.push(`    ${String(f.selfMs).padStart(7)} ms ${f.pct.toFixed(1).padStart(5)} %  ${f.name}  ${f.where}`);
	lines.push('  by package:');
	for (const p of summary.packages) lines.push(`    ${String(p.selfMs).padStart(7)} ms ${p.pct.toFixed(1).padStart(5)} %  ${p.name}`);
	return lines.join('\n');
}

if (process.argv[1]?.endsWith('profile.ts') && process.argv[2]) console.log(formatProfile(summariseProfile(process.argv[2], Number(process.argv[3] ?? 20))));
