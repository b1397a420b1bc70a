/**
 * The cluster as the bench runs it: PostgreSQL (embedded, tests/helpers/postgres.ts), two app
 * processes on it behind the shipped nginx config (tests/helpers/cluster.ts), with
 * VAEGTEN_METRICS=1 and the production lease length, and a sampler that reads every process
 * directly (not through nginx) and follows nginx's and PostgreSQL's process trees.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, type Cluster } from '../tests/helpers/cluster';
import { startPostgres, type PostgresServer } from '../tests/helpers/postgres';
import { LEASE_TTL_MS } from '../server/rooms/registry';
import { Sampler } from './sampler';
import { emergencyStops } from './server';

export interface BenchCluster {
	cluster: Cluster;
	postgres: PostgresServer;
	databaseUrl: string;
	sampler: Sampler;
	stop(): Promise<void>;
}

/** The postmaster's pid, from its data directory's postmaster.pid (the bench runs as the server's owner or root). */
async function postmasterPid(cluster: Cluster): Promise<number | undefined> {
	try {
		const { rows } = await cluster.db.query<{ setting: string }>("SELECT setting FROM pg_settings WHERE name = 'data_directory'");
		return Number(readFileSync(join(rows[0].setting, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
	} catch {
		return undefined;
	}
}

export async function startBenchCluster(options: { processes?: number; env?: Record<string, string> } = {}): Promise<BenchCluster> {
	const postgres = await startPostgres();
	let cluster: Cluster | undefined;
	let sampler: Sampler | undefined;
	const stop = async () => {
		emergencyStops.delete(stop);
		await sampler?.stop();
		await cluster?.stop().catch(() => undefined);
		await postgres.stop().catch(() => undefined);
	};
	emergencyStops.add(stop);
	try {
		const databaseUrl = await postgres.freshDatabase();
		// The shipped lease length, not the tests' short one: the failover times are the product's.
		cluster = await startCluster(databaseUrl, { processes: options.processes ?? 2, env: { VAEGTEN_METRICS: '1', LEASE_TTL_MS: String(LEASE_TTL_MS), ...options.env } });
		const running = cluster;
		const pgPid = await postmasterPid(running);
		sampler = new Sampler(
			() => running.apps.map((app) => ({ name: app.name, url: app.url, pid: app.child?.pid })),
			() => ({ nginx: running.nginx.pid, postgres: pgPid })
		);
		sampler.start();
		await sampler.ready(10_000);
		return { cluster: running, postgres, databaseUrl, sampler, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
