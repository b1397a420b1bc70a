/**
 * room-10k (issue 17): 10,000 phones in one room, on the light generator (bench/load/). The
 * phones arrive over JOIN_SPREAD_MS as a hall does, then every phone rates a leader-model item
 * about every 2 s (uniform 1–3 s) for RATE_MS: 5,000 ratings/s offered at 10,000 phones. The same
 * ramp runs against the app on SQLite, the bare baselines B1 and B2, and the app on PostgreSQL
 * (one process, DATABASE_URL: the single-process comparison to SQLite), each trial a fresh
 * process, the order rotating per trial; figures are medians of the trials.
 *
 * Rating → screen: an acknowledged first rating of an item → the first results broadcast whose
 * count for it covers it (bench/screen-tracker.ts), resolved after the load from the workers'
 * send times (one machine, one monotonic clock). "All joined": the first phone's first attempt →
 * the last phone's own state, so it includes the arrival spread.
 */
import { atMost, type PhaseResult } from '../report';
import { goToLeaderStep, leaderItemsOf, openRoom, PhaseClock, scenarioResult, type Scenario, type ScenarioContext } from '../scenario';
import { closeAll } from '../clients';
import { Latencies, now, sleep } from '../stats';
import { LoadGenerator, resolveOnScreen } from '../load/generator';
import { APP, APP_PG, B1, B2, chosenTargets, cpuPerThousand, fullTrials, loadCpu, median, PostgresForTrials, ratio, round, serverCpuPct, withTarget, type Target } from '../load/trials';

const PHONES = { full: 10_000, quick: 1_000 };
/** BENCH_TRIALS=3: more trials of each target (a full run's default is 2). */
const TRIALS = { full: fullTrials(), quick: 1 };
const JOIN_SPREAD_MS = { full: 5_000, quick: 1_000 };
const RATE_MS = { full: 30_000, quick: 10_000 };
const INTERVAL_MS = 2_000;
const ALL_TARGETS: Target[] = [APP, B1, B2, APP_PG];
/** BENCH_TARGETS=app,B2: only these (an A/B while developing); a target line that needs another is left out. */
const TARGETS = chosenTargets(ALL_TARGETS);

interface Trial {
	allJoinedMs: number | null;
	joinP95: number | null;
	ackP50: number | null;
	ackP95: number | null;
	screenP95: number | null;
	lost: number;
	failed: number;
	cpuPerThousand: number | null;
	rssPeakMB: number | null;
	phase: PhaseResult;
}

async function trial(context: ScenarioContext, target: Target, phones: number, generator: LoadGenerator, postgres: PostgresForTrials): Promise<Trial> {
	const size = context.quick ? 'quick' : 'full';
	return withTarget(context, target, generator, postgres, async (fresh) => {
		const room = await openRoom(fresh.server.url, new Latencies());
		try {
			await goToLeaderStep(room);
			const items = leaderItemsOf(room.content);
			const clock = await PhaseClock.begin(fresh);
			const join = await generator.join(fresh.server.url, room.session.code, phones, JOIN_SPREAD_MS[size]);
			await sleep(500);
			const from = now();
			const rated = await generator.rate(items, RATE_MS[size], { intervalMs: INTERVAL_MS });
			const to = now();
			await sleep(500);
			const unseen = resolveOnScreen(room.tracker, items, rated.firsts);
			const during = fresh.sampler.summary(from, to);
			const workers = loadCpu(during);
			const lost = rated.counts.sent - rated.counts.acknowledged;
			const phase = clock.finish(target.name, join.joined, {
				join: join.summary,
				ack: rated.ack.summary(),
				screen: { ...room.tracker.latencies.summary(), unresolved: unseen },
				ratePerSecond: Math.round(join.joined / (INTERVAL_MS / 1000)),
				counts: rated.counts,
				extra: {
					'join retries / moved followed': `${join.retries} / ${join.moved}`,
					'failed joins by reason': Object.entries(join.failures).map(([why, n]) => `${why}:${n}`).join(' ') || '0',
					'ratings sent / acknowledged': `${rated.counts.sent} / ${rated.counts.acknowledged}`,
					'achieved (acks/s in window)': rated.achievedPerSecond,
					'while rating: server CPU (% core, +postgres)': serverCpuPct(during),
					'while rating: load workers CPU sum / peak (% core)': `${workers.mean ?? '–'} / ${workers.peak ?? '–'}`
				}
			});
			// Each trial as it ends: how far apart the trials of one target are, and how busy the machine was.
			const cpu = cpuPerThousand(serverCpuPct(during), to - from, rated.counts.acknowledged);
			process.stdout.write(
				`\n  trial ${target.name}: ack p50/p95/p99 ${round(phase.ack?.p50 ?? null)} / ${round(phase.ack?.p95 ?? null)} / ${round(phase.ack?.p99 ?? null)} ms, screen p95 ${round(phase.screen?.p95 ?? null)} ms, ` +
					`CPU per 1,000 ratings ${round(cpu)} ms, all joined ${round(join.summary.allJoinedMs === null ? null : join.summary.allJoinedMs / 1000, 1)} s, other processes ${round(during.otherCpuMeanPct)} % / iowait ${round(during.iowaitMeanPct)} %`
			);
			return {
				allJoinedMs: join.summary.allJoinedMs,
				joinP95: join.summary.p95,
				ackP50: phase.ack?.p50 ?? null,
				ackP95: phase.ack?.p95 ?? null,
				screenP95: phase.screen?.p95 ?? null,
				lost,
				failed: join.failed,
				cpuPerThousand: cpu,
				rssPeakMB: phase.resources.rssPeakMB,
				phase
			};
		} finally {
			await generator.close().catch(() => undefined);
			await closeAll([room.host, room.screen]);
		}
	});
}

export const bigRoom10k: Scenario = {
	name: 'room-10k',
	describe: '10,000 phones in one room on the light generator, rating every 2 s: the app beside B1, B2 and the app on PostgreSQL',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = context.quick ? 'quick' : 'full';
		const phones = PHONES[size];
		const generator = LoadGenerator.start(2);
		const postgres = new PostgresForTrials();
		const trials: Record<string, Trial[]> = Object.fromEntries(ALL_TARGETS.map((t) => [t.name, []]));
		try {
			for (let k = 0; k < TRIALS[size]; k++) {
				for (let i = 0; i < TARGETS.length; i++) {
					const target = TARGETS[(k + i) % TARGETS.length];
					trials[target.name].push(await trial(context, target, phones, generator, postgres));
				}
			}
		} finally {
			generator.stop();
			await postgres.stop();
		}
		const med = (name: string, pick: (t: Trial) => number | null) => median(trials[name].map(pick));
		const phases = TARGETS.map(({ name }) => {
			const all = med(name, (t) => t.allJoinedMs);
			const nearest = [...trials[name]].sort((a, b) => Math.abs((a.allJoinedMs ?? Infinity) - (all ?? 0)) - Math.abs((b.allJoinedMs ?? Infinity) - (all ?? 0)))[0];
			return {
				...nearest.phase,
				extra: {
					...nearest.phase.extra,
					'median all joined (s)': round(all === null ? null : all / 1000, 2),
					'median join p95 (ms)': round(med(name, (t) => t.joinP95)),
					'median ack p50 / p95 (ms)': `${round(med(name, (t) => t.ackP50)) ?? '–'} / ${round(med(name, (t) => t.ackP95)) ?? '–'}`,
					'median rating → screen p95 (ms)': round(med(name, (t) => t.screenP95)),
					'median CPU per 1,000 ratings (ms)': round(med(name, (t) => t.cpuPerThousand)),
					'median server RSS peak (MB)': round(med(name, (t) => t.rssPeakMB)),
					'lost / failed joins (all trials)': `${trials[name].reduce((s, t) => s + t.lost, 0)} / ${trials[name].reduce((s, t) => s + t.failed, 0)}`
				}
			};
		});
		const vs = (a: string, b: string, pick: (t: Trial) => number | null) => ratio(med(a, pick), med(b, pick));
		const ran = (...names: string[]) => names.every((name) => trials[name].length > 0);
		const targets = [
			...(ran('app')
				? [
						atMost(`${phones}: ack p95 (app)`, med('app', (t) => t.ackP95), 20, 'ms'),
						atMost(`${phones}: rating → screen p95 (app)`, med('app', (t) => t.screenP95), 60, 'ms'),
						atMost(`${phones}: ratings lost + failed joins (app, all trials)`, trials.app.reduce((s, t) => s + t.lost + t.failed, 0), 0, '')
					]
				: []),
			...(ran('app', 'B2') ? [atMost(`${phones}: CPU per rating ÷ B2`, vs('app', 'B2', (t) => t.cpuPerThousand), 1.2, '×')] : []),
			...(ran('app', 'app·pg')
				? [
						atMost(`${phones}: pg ÷ sqlite all joined`, vs('app·pg', 'app', (t) => t.allJoinedMs), 1.5, '×'),
						atMost(`${phones}: pg ÷ sqlite ack p95`, vs('app·pg', 'app', (t) => t.ackP95), 1.5, '×'),
						atMost(`${phones}: pg ÷ sqlite rating → screen p95`, vs('app·pg', 'app', (t) => t.screenP95), 1.5, '×')
					]
				: []),
			...(ran('app·pg') ? [atMost(`${phones}: ratings lost + failed joins (app·pg, all trials)`, trials['app·pg'].reduce((s, t) => s + t.lost + t.failed, 0), 0, '')] : [])
		];
		const notes = [
			`app ÷ B1: ack p95 ${vs('app', 'B1', (t) => t.ackP95) ?? '–'}, screen p95 ${vs('app', 'B1', (t) => t.screenP95) ?? '–'}, CPU per rating ${vs('app', 'B1', (t) => t.cpuPerThousand) ?? '–'}; app ÷ B2: ack p95 ${vs('app', 'B2', (t) => t.ackP95) ?? '–'}, screen p95 ${vs('app', 'B2', (t) => t.screenP95) ?? '–'}.`,
			'app·pg: CPU includes PostgreSQL’s processes; "generator CPU" is the bench process (facilitator and screen only), the phones are in the load workers.'
		];
		return {
			...scenarioResult(this.name, context, startedAt, started, { params: { phones, trials: TRIALS[size], joinSpreadMs: JOIN_SPREAD_MS[size], rateMs: RATE_MS[size], intervalMs: INTERVAL_MS }, phases, targets, notes }),
			tableColumns: TARGETS.length
		};
	}
};
