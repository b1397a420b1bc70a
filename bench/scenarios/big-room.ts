/**
 * big-room: one session, participants joining in ramps; at each ramp everyone in the room
 * rates every leader-model item once (newcomers for the first time, the others again).
 */
import { closeAll, joinParticipants, type Participant } from '../clients';
import { atMost, type PhaseResult } from '../report';
import { planEveryItem, RatingLoad, type Pace } from '../ratings';
import { drainScreens, generatorNotes, goToLeaderStep, joinSummary, leaderItemsOf, openRoom, PhaseClock, scenarioResult, whileRating, type LoadTarget, type Scenario, type ScenarioContext } from '../scenario';
import { Latencies, now } from '../stats';

const RAMPS = { full: [100, 500, 1_000, 2_500], quick: [50, 200] };
/** A phone taps one rating every ~2 s (1–3 s), reading each item first; quick runs tap faster. */
const PACE: Record<'full' | 'quick', Pace> = { full: { intervalMs: 2_000, startSpreadMs: 2_000 }, quick: { intervalMs: 500, startSpreadMs: 1_000 } };

/** The ramps against `target` (one process, or the cluster's proxy): one phase per ramp. */
export async function driveBigRoom(context: ScenarioContext, target: LoadTarget): Promise<{ phases: PhaseResult[]; params: Record<string, unknown> }> {
	const size = context.quick ? 'quick' : 'full';
	const { url, connect } = target;
	const room = await openRoom(url, new Latencies(), connect);
	await goToLeaderStep(room);
	const items = leaderItemsOf(room.content);
	const baselineRss = context.sampler.latest?.rss ?? null;
	const participants: Participant[] = [];
	const phases: PhaseResult[] = [];

	try {
		for (const total of RAMPS[size]) {
			const clock = await PhaseClock.begin(context);
			const newcomers = total - participants.length;
			const join = await joinParticipants(url, room.session.code, newcomers, connect);
			participants.push(...join.participants.filter((p) => p.joinedAt !== null));
			await closeAll(join.participants.filter((p) => p.joinedAt === null));

			room.tracker.latencies = new Latencies();
			room.tracker.batchLatencies = new Latencies();
			const load = new RatingLoad();
			const plan = planEveryItem(participants, items, PACE[size], () => room.tracker);
			const ratingFrom = now();
			await load.run(plan);
			const ratingTo = now();
			await drainScreens([room.tracker]);
			const moved: Record<string, number> = connect.routed ? { 'moved refusals followed (newcomers)': join.participants.reduce((sum, p) => sum + p.moved, 0) } : {};
			phases.push(
				clock.finish(`ramp ${total}`, participants.length, {
					join: joinSummary(join),
					ack: load.ackLatency.summary(),
					screen: { ...room.tracker.latencies.summary(), unresolved: room.tracker.unresolved },
					batchScreen: room.tracker.batchLatencies.summary(),
					ratePerSecond: Math.round(plan.length / (plan[plan.length - 1].at / 1000)),
					counts: load.counts,
					baselineRss,
					extra: { newcomers, 'ratings sent': load.counts.sent, ...moved, ...whileRating(context, ratingFrom, ratingTo) }
				})
			);
		}
	} finally {
		await closeAll([...participants, room.host, room.screen]);
	}
	return { phases, params: { ramps: RAMPS[size], pace: PACE[size], items: items.length } };
}

export const bigRoom: Scenario = {
	name: 'big-room',
	describe: 'one session; joins in ramps; everyone rates every leader-model item at each ramp',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const { phases, params } = await driveBigRoom(context, { url: context.server.url, connect: {} });
		const last = phases[phases.length - 1];
		const at = `at ${last.participants}`;
		return scenarioResult(this.name, context, startedAt, started, {
			params,
			phases,
			targets: [
				atMost(`${at}: all joined (${last.extra?.newcomers} newcomers into the room)`, last.join?.allJoinedMs === null ? null : (last.join?.allJoinedMs ?? 0) / 1000, 10, 's'),
				atMost(`${at}: rating → screen p95`, last.screen?.p95, 150, 'ms'),
				atMost(`${at}: rating → ack p95`, last.ack?.p95, 100, 'ms'),
				atMost(`${at}: server RSS peak`, last.resources.rssPeakMB, 300, 'MB'),
				atMost('acks lost (all ramps)', phases.reduce((sum, phase) => sum + phase.lost, 0), 0, '')
			],
			notes: generatorNotes(phases)
		});
	}
};
