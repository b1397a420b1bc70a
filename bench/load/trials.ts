/**
 * What the scenarios on the light generator share (room-10k, saturation): the targets measured
 * side by side (the app, the bare baselines B1 and B2 of bench/baseline/server.ts, and the app on
 * PostgreSQL), each trial a fresh process of one of them, sampled with the generator's workers
 * followed by pid; medians and ratios of trials.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres, type PostgresServer } from '../../tests/helpers/postgres';
import type { ResourceSummary } from '../sampler';
import { Sampler } from '../sampler';
import type { ScenarioContext } from '../scenario';
import { BenchServer, emergencyStops } from '../server';
import { roundTo as round } from '../stats';
import type { LoadGenerator } from './generator';

export interface Target {
	name: string;
	entry?: string;
	env: Record<string, string>;
	/** The app on PostgreSQL (DATABASE_URL: a fresh database per trial; its server's CPU counts as the app's). */
	postgres?: boolean;
}

export const APP: Target = { name: 'app', env: {} };
export const B1: Target = { name: 'B1', entry: 'bench/baseline/server.ts', env: { BASELINE: 'b1' } };
export const B2: Target = { name: 'B2', entry: 'bench/baseline/server.ts', env: { BASELINE: 'b2' } };
export const APP_PG: Target = { name: 'app·pg', env: {}, postgres: true };

export { median, ratio, roundTo as round } from '../stats';

/** BENCH_TARGETS=app,B2: only these of a scenario's targets (an A/B while developing); all when unset. */
export function chosenTargets(all: Target[]): Target[] {
	const chosen = process.env.BENCH_TARGETS?.split(',');
	return chosen ? all.filter((target) => chosen.includes(target.name)) : all;
}

/** BENCH_TRIALS=3: more trials of each target in a full run (the default is 2). */
export const fullTrials = () => Number(process.env.BENCH_TRIALS) || 2;

/** Server CPU ms per 1,000 acknowledged ratings over a window of `ms` at `cpuMeanPct`. */
export const cpuPerThousand = (cpuMeanPct: number | null, ms: number, acknowledged: number) =>
	cpuMeanPct === null || acknowledged === 0 ? null : ((cpuMeanPct / 100) * ms * 1000) / acknowledged;

/** The workers' CPU, % of a core, summed (mean) and the busiest one's peak. */
export function loadCpu(resources: ResourceSummary): { mean: number | null; peak: number | null } {
	const workers = Object.entries(resources.helpers ?? {}).filter(([name]) => name.startsWith('load '));
	if (!workers.length) return { mean: null, peak: null };
	return {
		mean: round(workers.reduce((sum, [, r]) => sum + (r.cpuMeanPct ?? 0), 0), 1),
		peak: Math.max(...workers.map(([, r]) => r.cpuPeakPct ?? 0))
	};
}

/** One embedded PostgreSQL for a scenario's app·pg trials, started on first use. */
export class PostgresForTrials {
	#server: Promise<PostgresServer> | null = null;
	readonly #stop = () => this.stop();

	async database(): Promise<{ url: string; pid: number | undefined }> {
		if (!this.#server) {
			this.#server = startPostgres();
			emergencyStops.add(this.#stop);
		}
		const url = await (await this.#server).freshDatabase();
		return { url, pid: await postmasterPid(url) };
	}

	async stop(): Promise<void> {
		emergencyStops.delete(this.#stop);
		const server = this.#server;
		this.#server = null;
		await (await server?.catch(() => null))?.stop().catch(() => undefined);
	}
}

/** The postmaster's pid, from its data directory's postmaster.pid (as bench/cluster.ts). */
async function postmasterPid(url: string): Promise<number | undefined> {
	const client = new pg.Client({ connectionString: url });
	try {
		await client.connect();
		const { rows } = await client.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
		return Number(readFileSync(join(rows[0].setting, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
	} catch {
		return undefined;
	} finally {
		await client.end().catch(() => undefined);
	}
}

/**
 * Runs `body` against a fresh process of `target`, sampled with the generator's workers (and
 * PostgreSQL's processes, as `postgres`) followed by pid; stops it after.
 */
export async function withTarget<T>(context: ScenarioContext, target: Target, generator: LoadGenerator, postgres: PostgresForTrials, body: (fresh: ScenarioContext) => Promise<T>): Promise<T> {
	const db = target.postgres ? await postgres.database() : null;
	const env = db ? { ...target.env, DATABASE_URL: db.url } : target.env;
	// BENCH_CPU_PROF=1 profiles the app and B2 (bench/results/prof): where the app's cost per rating goes beyond B2's.
	const cpuProfile = context.profiled && (target === APP || target === B2);
	const server = await BenchServer.start({ cpuProfile, entry: target.entry, env });
	const sampler = new Sampler(
		() => [{ name: 'server', url: server.url, pid: server.pid }],
		() => ({ ...generator.pids, ...(db ? { postgres: db.pid } : {}) })
	);
	sampler.start();
	try {
		await sampler.ready();
		return await body({ ...context, server, sampler });
	} finally {
		await sampler.stop();
		await server.dispose();
	}
}

/** The server's CPU over a window, % of a core, with PostgreSQL's counted in (the app·pg's database works for it). */
export const serverCpuPct = (resources: ResourceSummary): number | null =>
	resources.cpuMeanPct === null ? null : resources.cpuMeanPct + (resources.helpers?.postgres?.cpuMeanPct ?? 0);
