/**
 * saturation (issue 17): how many ratings a second one core takes. PHONES phones join one room
 * (light generator, bench/load/), then the offered rate steps up (STEPS, each STEP_MS, sent
 * open-loop round-robin over the phones: a phone's taps do not wait for its acks), against the
 * app, B1 and B2 (bench/baseline/server.ts), each trial a fresh process, the order rotating.
 *
 * Per step: achieved = acknowledgements that arrived inside the step's window ÷ its length;
 * ack p50/p95 over every rating of the step (late ones included, once they come).
 * "Ratings/s at a saturated core" = the highest achieved rate of any step: once the server's
 * core is full the achieved rate stays below the offer and the acks queue. "Ratings/s under
 * 100 ms" = the highest achieved rate of a step whose ack p95 stayed ≤ 100 ms.
 * CPU per 1,000 ratings at the CPU_STEP step (below saturation, so it is cost, not queueing).
 * Figures are medians of the trials.
 */
import { atMost, type PhaseResult } from '../report';
import { goToLeaderStep, leaderItemsOf, openRoom, PhaseClock, scenarioResult, type Scenario, type ScenarioContext } from '../scenario';
import { closeAll } from '../clients';
import { Latencies, now, sleep } from '../stats';
import { LoadGenerator } from '../load/generator';
import { B1, B2, APP, chosenTargets, cpuPerThousand, fullTrials, loadCpu, median, PostgresForTrials, ratio, round, withTarget, type Target } from '../load/trials';

const PHONES = { full: 5_000, quick: 500 };
const STEPS = { full: [2_500, 5_000, 10_000, 15_000, 20_000], quick: [1_000, 2_500, 5_000] };
/** The phones arrive over this long (ms) before the steps start. */
const JOIN_SPREAD_MS = { full: 2_500, quick: 500 };
const STEP_MS = { full: 8_000, quick: 4_000 };
const CPU_STEP = { full: 5_000, quick: 2_500 };
/** BENCH_TRIALS=3: more trials of each target (a full run's default is 2). */
const TRIALS = { full: fullTrials(), quick: 1 };
const UNDER_MS = 100;
const ALL_TARGETS: Target[] = [APP, B1, B2];
/** BENCH_TARGETS=app,B2: only these (an A/B while developing); a target line that needs another is left out. */
const TARGETS = chosenTargets(ALL_TARGETS);

interface Step {
	offered: number;
	achieved: number;
	ackP95: number | null;
	cpuPerThousand: number | null;
	lost: number;
	phase: PhaseResult;
}

async function trial(context: ScenarioContext, target: Target, generator: LoadGenerator, postgres: PostgresForTrials): Promise<Step[]> {
	const size = context.quick ? 'quick' : 'full';
	return withTarget(context, target, generator, postgres, async (fresh) => {
		const room = await openRoom(fresh.server.url, new Latencies());
		const steps: Step[] = [];
		try {
			await goToLeaderStep(room);
			const items = leaderItemsOf(room.content);
			const join = await generator.join(fresh.server.url, room.session.code, PHONES[size], JOIN_SPREAD_MS[size]);
			if (join.failed) throw new Error(`${join.failed} phones did not join ${target.name}: ${JSON.stringify(join.failures)}`);
			for (const offered of STEPS[size]) {
				const clock = await PhaseClock.begin(fresh);
				const from = now();
				const rated = await generator.rate(items, STEP_MS[size], { perSecond: offered });
				const during = fresh.sampler.summary(from + 100, from + 100 + STEP_MS[size]);
				const workers = loadCpu(during);
				const phase = clock.finish(`${target.name} ${offered}/s`, join.joined, {
					ack: rated.ack.summary(),
					ratePerSecond: offered,
					counts: rated.counts,
					extra: {
						'sent (/s)': rated.sentPerSecond,
						'achieved (acks/s in window)': rated.achievedPerSecond,
						'in window: server CPU (% core)': during.cpuMeanPct,
						'in window: load workers CPU sum / peak (% core)': `${workers.mean ?? '–'} / ${workers.peak ?? '–'}`
					}
				});
				steps.push({
					offered,
					achieved: rated.achievedPerSecond,
					ackP95: phase.ack?.p95 ?? null,
					cpuPerThousand: cpuPerThousand(during.cpuMeanPct, STEP_MS[size], rated.achievedPerSecond * (STEP_MS[size] / 1000)),
					lost: rated.counts.sent - rated.counts.acknowledged,
					phase
				});
				await sleep(1_000);
			}
			return steps;
		} finally {
			await generator.close().catch(() => undefined);
			await closeAll([room.host, room.screen]);
		}
	});
}

/** The two throughput figures of one trial (see the header). */
const saturated = (steps: Step[]) => Math.max(...steps.map((s) => s.achieved));
const underLimit = (steps: Step[]) => {
	const ok = steps.filter((s) => s.ackP95 !== null && s.ackP95 <= UNDER_MS).map((s) => s.achieved);
	return ok.length ? Math.max(...ok) : null;
};

export const saturation: Scenario = {
	name: 'saturation',
	describe: 'offered ratings/s stepping up at 5,000 phones on the light generator: throughput at a saturated core, app beside B1 and B2',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = context.quick ? 'quick' : 'full';
		const generator = LoadGenerator.start(2);
		const postgres = new PostgresForTrials();
		const trials: Record<string, Step[][]> = Object.fromEntries(ALL_TARGETS.map((t) => [t.name, []]));
		try {
			for (let k = 0; k < TRIALS[size]; k++) {
				for (let i = 0; i < TARGETS.length; i++) {
					const target = TARGETS[(k + i) % TARGETS.length];
					trials[target.name].push(await trial(context, target, generator, postgres));
				}
			}
		} finally {
			generator.stop();
			await postgres.stop();
		}
		const phases: PhaseResult[] = [];
		for (const { name } of TARGETS) {
			STEPS[size].forEach((offered, i) => {
				const of = trials[name].map((steps) => steps[i]);
				phases.push({
					...of[0].phase,
					extra: {
						...of[0].phase.extra,
						'median achieved (/s)': round(median(of.map((s) => s.achieved))),
						'median ack p95 (ms)': round(median(of.map((s) => s.ackP95))),
						'median CPU per 1,000 ratings (ms)': round(median(of.map((s) => s.cpuPerThousand))),
						'trials: achieved (/s)': of.map((s) => s.achieved).join(' ')
					}
				});
			});
		}
		const figure = (name: string, pick: (steps: Step[]) => number | null) => median(trials[name].map(pick));
		const cpuAt = (steps: Step[]) => steps.find((s) => s.offered === CPU_STEP[size])?.cpuPerThousand ?? null;
		const lost = (name: string) => trials[name].flat().reduce((sum, s) => sum + s.lost, 0);
		const ran = (...names: string[]) => names.every((name) => trials[name].length > 0);
		const notes = TARGETS.map(
			({ name }) =>
				`${name}: ratings/s at a saturated core ${figure(name, saturated) ?? '–'}, under ${UNDER_MS} ms ack p95 ${figure(name, underLimit) ?? '–'}, CPU per 1,000 at ${CPU_STEP[size]}/s ${round(figure(name, cpuAt)) ?? '–'} ms, lost ${lost(name)}.`
		);
		if (ran('app', 'B1')) notes.push(`app ÷ B1: saturated ${ratio(figure('app', saturated), figure('B1', saturated)) ?? '–'}, CPU per rating ${ratio(figure('app', cpuAt), figure('B1', cpuAt)) ?? '–'}.`);
		return {
			...scenarioResult(this.name, context, startedAt, started, {
				params: { phones: PHONES[size], steps: STEPS[size], stepMs: STEP_MS[size], trials: TRIALS[size], underMs: UNDER_MS, cpuStep: CPU_STEP[size] },
				phases,
				targets: [
					...(ran('app', 'B2')
						? [
								atMost('B2 ÷ app ratings/s at a saturated core', ratio(figure('B2', saturated), figure('app', saturated)), 1.2, '×'),
								atMost(`B2 ÷ app ratings/s under ${UNDER_MS} ms ack p95`, ratio(figure('B2', underLimit), figure('app', underLimit)), 1.2, '×'),
								atMost(`CPU per rating at ${CPU_STEP[size]}/s ÷ B2`, ratio(figure('app', cpuAt), figure('B2', cpuAt)), 1.2, '×')
							]
						: []),
					...(ran('app') ? [atMost('ratings lost (app, all steps and trials)', lost('app'), 0, '')] : [])
				],
				notes
			}),
			tableColumns: STEPS[size].length
		};
	}
};
