/**
 * join-storm (issue 17): a room's phones all joining at once, then rating, against the app and
 * against the bare baselines (bench/baseline/server.ts) in the same invocation: B1, a bare
 * socket.io server with an in-memory tally and the same 50 ms coalesced broadcast; B2, B1 plus
 * one SQLite commit per event-loop turn before the acks. Trials are interleaved (the order of
 * the three rotates each trial) and each figure is the median of the trials, so that every
 * figure is also a ratio to B2 measured on the same machine at the same time.
 */
import { closeAll, joinParticipants } from '../clients';
import { atMost, type PhaseResult } from '../report';
import { planEveryItem, RatingLoad, type Pace } from '../ratings';
import { goToLeaderStep, joinSummary, leaderItemsOf, openRoom, PhaseClock, scenarioResult, type Scenario, type ScenarioContext } from '../scenario';
import { Sampler } from '../sampler';
import { formatProfile, newestProfile } from '../profile';
import { BenchServer, profileDir } from '../server';
import { Latencies, median, now, ratio, roundTo as round, sleep } from '../stats';

const SIZES = { full: [2_500, 5_000], quick: [300, 600] };
const TRIALS = { full: 4, quick: 2 };
/** After the storm each phone rates this many leader-model items, about one every 2 s. */
const RATED_ITEMS = 2;
const PACE: Pace = { intervalMs: 2_000, startSpreadMs: 2_000 };

const TARGETS = [
	{ name: 'app', entry: undefined, env: {} },
	{ name: 'B1', entry: 'bench/baseline/server.ts', env: { BASELINE: 'b1' } },
	{ name: 'B2', entry: 'bench/baseline/server.ts', env: { BASELINE: 'b2' } }
] as const;
type TargetName = (typeof TARGETS)[number]['name'];

interface Trial {
	allJoinedMs: number | null;
	joinP95: number | null;
	failed: number;
	/** Server CPU seconds per 1,000 acknowledged ratings. */
	cpuPerThousand: number | null;
	ackP95: number | null;
	phase: PhaseResult;
}

/** One storm of `size` phones and their ratings against a fresh process of `target`. */
async function storm(context: ScenarioContext, target: (typeof TARGETS)[number], size: number): Promise<Trial> {
	// BENCH_CPU_PROF=1 profiles the app's processes only (the baselines are the reference).
	const profiled = context.profiled && target.name === 'app';
	const since = Date.now();
	const server = await BenchServer.start({ cpuProfile: profiled, entry: target.entry, env: target.env });
	const sampler = new Sampler(() => [{ name: 'server', url: server.url, pid: server.pid }]);
	sampler.start();
	const fresh = { ...context, server, sampler };
	try {
		await sampler.ready();
		const room = await openRoom(server.url, new Latencies());
		await goToLeaderStep(room);
		const clock = await PhaseClock.begin(fresh);
		const join = await joinParticipants(server.url, room.session.code, size);
		const joined = join.participants.filter((p) => p.joinedAt !== null);
		await sleep(500);
		const load = new RatingLoad();
		const plan = planEveryItem(joined, leaderItemsOf(room.content).slice(0, RATED_ITEMS), PACE, () => room.tracker);
		const from = now();
		await load.run(plan);
		const to = now();
		const cpu = sampler.summary(from, to).cpuMeanPct;
		const cpuSeconds = cpu === null ? null : (cpu / 100) * ((to - from) / 1000);
		const phase = clock.finish(`${size} · ${target.name}`, joined.length, { join: joinSummary(join), ack: load.ackLatency.summary(), counts: load.counts });
		await closeAll([...join.participants, room.host, room.screen]);
		return {
			allJoinedMs: join.allJoinedMs,
			joinP95: phase.join?.p95 ?? null,
			failed: join.failed,
			cpuPerThousand: cpuSeconds === null || load.counts.acknowledged === 0 ? null : (cpuSeconds / load.counts.acknowledged) * 1000,
			ackP95: phase.ack?.p95 ?? null,
			phase
		};
	} finally {
		await sampler.stop();
		await server.dispose();
		const profile = profiled ? newestProfile(profileDir, since, 25) : undefined;
		if (profile) console.log(`\n${size} phones, app:\n${formatProfile(profile)}`);
	}
}

export const joinStorm: Scenario = {
	name: 'join-storm',
	describe: 'phones joining one room all at once, then rating: the app beside the bare baselines B1 and B2 (interleaved trials, medians)',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = context.quick ? 'quick' : 'full';
		const phases: PhaseResult[] = [];
		const targets = [];
		const notes: string[] = [];
		for (const phones of SIZES[size]) {
			const trials: Record<TargetName, Trial[]> = { app: [], B1: [], B2: [] };
			for (let trial = 0; trial < TRIALS[size]; trial++) {
				// Rotate the order so that no target always runs first (or last) on a warming machine.
				for (let k = 0; k < TARGETS.length; k++) {
					const target = TARGETS[(trial + k) % TARGETS.length];
					trials[target.name].push(await storm(context, target, phones));
				}
			}
			const med = (name: TargetName, pick: (trial: Trial) => number | null) => median(trials[name].map(pick));
			for (const { name } of TARGETS) {
				// The phase shown is the trial whose "all joined" is the median's nearest; the extra rows are medians.
				const all = med(name, (t) => t.allJoinedMs);
				const nearest = [...trials[name]].sort((a, b) => Math.abs((a.allJoinedMs ?? Infinity) - (all ?? 0)) - Math.abs((b.allJoinedMs ?? Infinity) - (all ?? 0)))[0];
				phases.push({
					...nearest.phase,
					extra: {
						'median all joined (s)': round(all === null ? null : all / 1000, 2),
						'median join p95 (ms)': round(med(name, (t) => t.joinP95)),
						'median CPU per 1,000 ratings (s)': round(med(name, (t) => t.cpuPerThousand), 3),
						'median ack p95 (ms)': round(med(name, (t) => t.ackP95)),
						'trials: all joined (s)': trials[name].map((t) => (t.allJoinedMs === null ? '–' : (t.allJoinedMs / 1000).toFixed(2))).join(' '),
						'failed joins (all trials)': trials[name].reduce((sum, t) => sum + t.failed, 0)
					}
				});
			}
			const vsB2 = (pick: (trial: Trial) => number | null) => ratio(med('app', pick), med('B2', pick));
			targets.push(
				atMost(`${phones}: all joined ÷ B2`, vsB2((t) => t.allJoinedMs), 1.3, '×'),
				atMost(`${phones}: join p95 ÷ B2`, vsB2((t) => t.joinP95), 3, '×'),
				atMost(`${phones}: CPU per rating ÷ B2`, vsB2((t) => t.cpuPerThousand), 1.2, '×'),
				atMost(`${phones}: failed joins (app)`, trials.app.reduce((sum, t) => sum + t.failed, 0), 0, '')
			);
			notes.push(`${phones} phones: app ÷ B1 all joined ${ratio(med('app', (t) => t.allJoinedMs), med('B1', (t) => t.allJoinedMs)) ?? '–'}, join p95 ${ratio(med('app', (t) => t.joinP95), med('B1', (t) => t.joinP95)) ?? '–'}.`);
		}
		return {
			...scenarioResult(this.name, context, startedAt, started, { params: { sizes: SIZES[size], trials: TRIALS[size], ratedItems: RATED_ITEMS, pace: PACE }, phases, targets, notes }),
			tableColumns: TARGETS.length
		};
	}
};
