/**
 * `npm run bench [scenario ...] [--quick]`: starts the built server (its own process, a fresh
 * temporary DATA_DIR, VAEGTEN_METRICS=1, 127.0.0.1 on a free port) once per scenario, drives it
 * from this process with real socket.io and y-websocket clients, samples its /__metrics every
 * 250 ms, prints a table per scenario and writes bench/results/YYYY-MM-DD.json.
 * BENCH_CPU_PROF=1 also profiles the server (bench/results/prof) and prints its top functions.
 * Without names it runs every scenario except those that run only when named: `soak` (half an
 * hour), `cluster` and `failover` (they start PostgreSQL and nginx too), and issue 17's runs
 * against the bare baselines, `join-storm`, `room-10k`, `saturation` (each target several
 * times over) and `phone-load` (Chromium).
 * See BENCHMARKS.md.
 */
import { formatProfile, newestProfile } from './profile';
import { formatScenario, machine, saveResults, type ScenarioResult } from './report';
import { Sampler } from './sampler';
import type { Scenario } from './scenario';
import { bigRoom } from './scenarios/big-room';
import { bigRoom10k } from './scenarios/big-room-10k';
import { cluster } from './scenarios/cluster';
import { failover } from './scenarios/failover';
import { groupsTyping } from './scenarios/groups-typing';
import { joinStorm } from './scenarios/join-storm';
import { manyRooms } from './scenarios/many-rooms';
import { phoneLoad } from './scenarios/phone-load';
import { restart } from './scenarios/restart';
import { saturation } from './scenarios/saturation';
import { soak, soakServerEnv } from './scenarios/soak';
import { BenchServer, emergencyStops, profileDir, requireBuild } from './server';

interface Registered {
	scenario: Scenario;
	/** The watchdog: no run of the scenario may take longer; the whole run stops by itself. */
	limitMs: { full: number; quick: number };
	/** Left out when no scenario is named (too long for the default set). */
	onlyWhenNamed?: boolean;
	/** Extra environment for the scenario's server. */
	serverEnv?: Record<string, string>;
}

const LIMIT_MS = { full: 12 * 60_000, quick: 3 * 60_000 };
const registry: Registered[] = [
	{ scenario: bigRoom, limitMs: LIMIT_MS },
	{ scenario: manyRooms, limitMs: LIMIT_MS },
	{ scenario: groupsTyping, limitMs: LIMIT_MS },
	{ scenario: restart, limitMs: LIMIT_MS },
	{ scenario: cluster, limitMs: { full: 25 * 60_000, quick: 6 * 60_000 }, onlyWhenNamed: true },
	{ scenario: phoneLoad, limitMs: { full: 10 * 60_000, quick: 3 * 60_000 }, onlyWhenNamed: true },
	{ scenario: joinStorm, limitMs: { full: 25 * 60_000, quick: 6 * 60_000 }, onlyWhenNamed: true },
	{ scenario: bigRoom10k, limitMs: { full: 25 * 60_000, quick: 6 * 60_000 }, onlyWhenNamed: true },
	{ scenario: saturation, limitMs: { full: 20 * 60_000, quick: 5 * 60_000 }, onlyWhenNamed: true },
	{ scenario: failover, limitMs: { full: 15 * 60_000, quick: 4 * 60_000 }, onlyWhenNamed: true },
	{ scenario: soak, limitMs: { full: 45 * 60_000, quick: 6 * 60_000 }, onlyWhenNamed: true, serverEnv: soakServerEnv }
];

function parseArgs(argv: string[]): { chosen: Registered[]; quick: boolean } {
	const quick = argv.includes('--quick');
	const names = argv.filter((arg) => !arg.startsWith('--'));
	const unknown = names.filter((name) => !registry.some((r) => r.scenario.name === name));
	const flags = argv.filter((arg) => arg.startsWith('--') && arg !== '--quick');
	if (unknown.length || flags.length) {
		throw new Error(
			`Unknown ${[...unknown, ...flags].join(', ')}. Usage: npm run bench -- [scenario ...] [--quick]\n` +
				registry.map((r) => `  ${r.scenario.name.padEnd(14)} ${r.scenario.describe}${r.onlyWhenNamed ? ' (only when named)' : ''}`).join('\n')
		);
	}
	return { chosen: names.length ? registry.filter((r) => names.includes(r.scenario.name)) : registry.filter((r) => !r.onlyWhenNamed), quick };
}

async function runOne({ scenario, limitMs, serverEnv }: Registered, quick: boolean, cpuProfile: boolean): Promise<ScenarioResult> {
	const since = Date.now();
	const limit = limitMs[quick ? 'quick' : 'full'];
	const server = await BenchServer.start({ cpuProfile, env: serverEnv });
	const sampler = new Sampler(() => [{ name: 'server', url: server.url, pid: server.pid }]);
	sampler.start();
	await sampler.ready();
	const watchdog = setTimeout(() => {
		console.error(`\n${scenario.name} ran over ${limit / 60_000} minutes: stopping.`);
		void Promise.allSettled([server.crash(), ...[...emergencyStops].map((stop) => stop())]).finally(() => process.exit(1));
	}, limit);
	let result: ScenarioResult;
	try {
		result = await scenario.run({ server, sampler, quick, profiled: cpuProfile });
	} catch (error) {
		console.error(`\n${scenario.name} failed. Server output:\n${server.output.slice(-4_000)}`);
		throw error;
	} finally {
		clearTimeout(watchdog);
		await sampler.stop();
		await server.dispose();
	}
	// The profile is written when the server stops cleanly (a SIGKILLed process writes none). A
	// scenario that profiles servers of its own (groups-typing) reports theirs.
	const profile = cpuProfile && !result.profile ? newestProfile(profileDir, since) : undefined;
	if (profile) {
		result.profile = profile;
		console.log(formatProfile(result.profile));
	}
	return result;
}

async function main(): Promise<void> {
	const { chosen, quick } = parseArgs(process.argv.slice(2));
	requireBuild();
	const cpuProfile = process.env.BENCH_CPU_PROF === '1';
	const m = machine();
	console.log(`Vægten Live load benchmark${quick ? ' (quick)' : ''}: ${chosen.map((r) => r.scenario.name).join(', ')}`);
	console.log(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, Node ${m.node}${cpuProfile ? '; profiling the server' : ''}`);
	const results: ScenarioResult[] = [];
	let failed = false;
	for (const registered of chosen) {
		const { scenario } = registered;
		process.stdout.write(`\n${scenario.name}: ${scenario.describe} …`);
		try {
			const result = await runOne(registered, quick, cpuProfile);
			results.push(result);
			console.log(formatScenario(result));
		} catch (error) {
			failed = true;
			console.error(`\n${scenario.name}: ${(error as Error).stack ?? error}`);
		}
	}
	if (results.length) console.log(`\nresults written to ${saveResults(results)}`);
	const missed = results.flatMap((r) => r.targets.filter((t) => !t.pass).map((t) => `${r.scenario}: ${t.label}`));
	if (missed.length) console.log(`\ntargets missed:\n  ${missed.join('\n  ')}`);
	process.exitCode = failed ? 1 : 0;
}

main().then(
	// Stray timers of thousands of closed clients must not keep the run alive.
	() => setTimeout(() => process.exit(), 500).unref(),
	(error: unknown) => {
		console.error((error as Error).message);
		process.exit(2);
	}
);
