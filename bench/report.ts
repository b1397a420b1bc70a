/** What a scenario reports, how it is printed, and the dated results file it is kept in. */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ProfileSummary } from './profile';
import type { ResourceSummary } from './sampler';
import { root } from './server';
import type { Distribution } from './stats';

export interface JoinSummary extends Distribution {
	/** First connection attempt → last participant joined, ms. */
	allJoinedMs: number | null;
	failed: number;
}

export interface PhaseResult {
	name: string;
	participants: number;
	durationMs: number;
	join?: JoinSummary;
	ack?: Distribution;
	screen?: Distribution & { unresolved: number };
	/** The last-sent rating of a published batch → the screen (bench/screen-tracker.ts): the server's part. */
	batchScreen?: Distribution;
	keystroke?: Distribution & { unseen: number };
	/** Offered load: ratings or keystrokes per second over the phase's load window. */
	ratePerSecond?: number;
	resources: ResourceSummary;
	/** (peak RSS − RSS before the load) / participants, KB. */
	rssPerParticipantKB: number | null;
	/** Acknowledgements that never came within the timeout (connection up): must be 0. */
	lost: number;
	/** Refused ratings (`{ error }`) by code: must be none. */
	refused: Record<string, number>;
	/** Scenario-specific numbers, printed as extra rows. */
	extra?: Record<string, number | string | null>;
}

export interface Target {
	label: string;
	measured: number | null;
	unit: string;
	limit: number;
	pass: boolean;
}

export interface ScenarioResult {
	scenario: string;
	size: 'full' | 'quick';
	/** Run with BENCH_CPU_PROF=1: the profiler slows the server, so these are kept apart. */
	profiled: boolean;
	startedAt: string;
	durationMs: number;
	params: Record<string, unknown>;
	phases: PhaseResult[];
	targets: Target[];
	notes: string[];
	/** With BENCH_CPU_PROF=1: the server's top functions and packages by self time. */
	profile?: ProfileSummary;
	/** Print the phases this many to a table (side-by-side pairs), instead of all in one. */
	tableColumns?: number;
}

/** measured ≤ limit; a missing measurement fails. */
export function atMost(label: string, measured: number | null | undefined, limit: number, unit: string): Target {
	const value = measured === null || measured === undefined ? null : Math.round(measured * 100) / 100;
	return { label, measured: value, unit, limit, pass: value !== null && value <= limit };
}

export function machine() {
	return { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(totalmem() / 1024 ** 3), node: process.version };
}

const fmt = (value: number | null | undefined, digits = 0) => (value === null || value === undefined ? '–' : value.toFixed(digits));
const triple = (d?: Distribution) => (d && d.count ? `${fmt(d.p50)} / ${fmt(d.p95)} / ${fmt(d.p99)}` : '–');

function rows(phase: PhaseResult): Array<[string, string]> {
	const r = phase.resources;
	const refused = Object.entries(phase.refused).map(([code, n]) => `${code}:${n}`).join(' ') || '0';
	const list: Array<[string, string]> = [
		['participants', String(phase.participants)],
		['phase duration (s)', fmt(phase.durationMs / 1000, 1)]
	];
	if (phase.join) list.push(['all joined (s)', `${fmt(phase.join.allJoinedMs === null ? null : phase.join.allJoinedMs / 1000, 2)}${phase.join.failed ? ` (${phase.join.failed} failed)` : ''}`]);
	if (phase.join) list.push(['join each p50 / p95 (ms)', `${fmt(phase.join.p50)} / ${fmt(phase.join.p95)}`]);
	if (phase.ratePerSecond !== undefined) list.push(['offered load (/s)', fmt(phase.ratePerSecond)]);
	if (phase.ack) list.push([`rating → ack p50/p95/p99 (ms)`, `${triple(phase.ack)}  n=${phase.ack.count}`]);
	if (phase.screen) list.push([`rating → screen p50/p95/p99 (ms)`, `${triple(phase.screen)}  n=${phase.screen.count}${phase.screen.unresolved ? ` unseen=${phase.screen.unresolved}` : ''}`]);
	if (phase.batchScreen) list.push([`batch complete → screen p50/p95/p99 (ms)`, `${triple(phase.batchScreen)}  n=${phase.batchScreen.count}`]);
	if (phase.keystroke) list.push([`keystroke → peer p50/p95/p99 (ms)`, `${triple(phase.keystroke)}  n=${phase.keystroke.count}${phase.keystroke.unseen ? ` unseen=${phase.keystroke.unseen}` : ''}`]);
	list.push(
		['server CPU mean / peak (% core)', `${fmt(r.cpuMeanPct)} / ${fmt(r.cpuPeakPct)}`],
		['server RSS peak (MB)', fmt(r.rssPeakMB)],
		['server GC pauses: scavenges / major (n, ms)', r.gc ? `${r.gc.minorCount}, ${r.gc.minorMs} / ${r.gc.majorCount}, ${r.gc.majorMs}` : '–'],
		['RSS per participant (KB)', fmt(phase.rssPerParticipantKB, 1)],
		['event-loop delay p99 worst / max (ms)', `${fmt(r.eventLoopP99WorstMs, 1)} / ${fmt(r.eventLoopMaxMs, 1)}`],
		['generator CPU mean / peak (% core)', `${fmt(r.generatorCpuMeanPct)} / ${fmt(r.generatorCpuPeakPct)}`],
		['generator event-loop p99 worst (ms)', fmt(r.generatorEventLoopP99WorstMs, 1)],
		['other processes CPU (% core) / iowait (%)', `${fmt(r.otherCpuMeanPct)} / ${fmt(r.iowaitMeanPct)}`],
		['acks lost / refused', `${phase.lost} / ${refused}`]
	);
	for (const [key, value] of Object.entries(phase.extra ?? {})) list.push([key, typeof value === 'number' ? fmt(value, Number.isInteger(value) ? 0 : 1) : (value ?? '–')]);
	return list;
}

/** One column per phase (e.g. per ramp), one row per measurement. */
function formatTable(phases: PhaseResult[]): string[] {
	const columns = phases.map(rows);
	const labels = columns[0]?.map(([label]) => label) ?? [];
	for (const column of columns.slice(1)) for (const [label] of column) if (!labels.includes(label)) labels.push(label);
	const cell = (column: Array<[string, string]>, label: string) => column.find(([l]) => l === label)?.[1] ?? '';
	const labelWidth = Math.max(...labels.map((l) => l.length));
	const widths = phases.map((phase, i) => Math.max(phase.name.length, ...labels.map((l) => cell(columns[i], l).length)));
	const line = (first: string, cells: string[]) => `  ${first.padEnd(labelWidth)}  ${cells.map((c, i) => c.padStart(widths[i])).join('   ')}`;
	return [line('', phases.map((p) => p.name)), ...labels.map((label) => line(label, columns.map((column) => cell(column, label))))];
}

export function formatScenario(result: ScenarioResult): string {
	const per = result.tableColumns ?? result.phases.length;
	const tables: string[] = [];
	for (let i = 0; i < result.phases.length; i += per) tables.push(...(i ? [''] : []), ...formatTable(result.phases.slice(i, i + per)));
	const out = [`\n== ${result.scenario} (${result.size}${result.profiled ? ', profiled' : ''}) — ${(result.durationMs / 1000).toFixed(0)} s`, ...tables];
	if (result.targets.length) {
		out.push('  targets:');
		for (const t of result.targets) out.push(`    ${t.pass ? 'pass' : 'FAIL'}  ${t.label}: ${fmt(t.measured, t.unit === 's' || t.unit === '×' ? 2 : 0)} ${t.unit} (≤ ${t.limit} ${t.unit})`);
	}
	for (const note of result.notes) out.push(`  note: ${note}`);
	return out.join('\n');
}

/** bench/results/YYYY-MM-DD.json, merged by key: `scenario`, with `:quick` and `:profiled` for those runs. */
export function saveResults(results: ScenarioResult[], date = new Date()): string {
	const dir = join(root, 'bench/results');
	mkdirSync(dir, { recursive: true });
	const path = join(dir, `${date.toISOString().slice(0, 10)}.json`);
	const existing = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as { scenarios?: Record<string, unknown> }) : {};
	const scenarios: Record<string, unknown> = { ...(existing.scenarios ?? {}) };
	for (const result of results) {
		scenarios[`${result.scenario}${result.size === 'quick' ? ':quick' : ''}${result.profiled ? ':profiled' : ''}`] = result;
	}
	writeFileSync(path, `${JSON.stringify({ machine: machine(), scenarios }, null, '\t')}\n`);
	return path;
}
