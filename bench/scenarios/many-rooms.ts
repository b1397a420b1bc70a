/** many-rooms: many sessions at once, each with its own screen; everyone rates every leader-model item once. */
import { closeAll, joinParticipants, type Participant } from '../clients';
import { atMost, type PhaseResult } from '../report';
import { planEveryItem, RatingLoad, type Pace } from '../ratings';
import {
	drainScreens,
	generatorNotes,
	goToLeaderStep,
	joinSummary,
	leaderItemsOf,
	openRoom,
	PhaseClock,
	scenarioResult,
	whileRating,
	type BenchRoom,
	type LoadTarget,
	type Scenario,
	type ScenarioContext
} from '../scenario';
import { Latencies, now } from '../stats';

const SIZE = { full: { rooms: 100, perRoom: 25 }, quick: { rooms: 10, perRoom: 10 } };
const PACE: Record<'full' | 'quick', Pace> = { full: { intervalMs: 2_000, startSpreadMs: 2_000 }, quick: { intervalMs: 500, startSpreadMs: 1_000 } };

/** The load itself, against `target` (one process, or the cluster's proxy): one phase. */
export async function driveManyRooms(context: ScenarioContext, target: LoadTarget): Promise<{ phase: PhaseResult; params: Record<string, unknown> }> {
	const size = context.quick ? 'quick' : 'full';
	const { rooms: roomCount, perRoom } = SIZE[size];
	const { url, connect } = target;
	const screenLatency = new Latencies();
	const baselineRss = context.sampler.latest?.rss ?? null;

	const rooms: BenchRoom[] = [];
	let everyone: Participant[] = [];
	try {
		for (let i = 0; i < roomCount; i++) {
			const room = await openRoom(url, screenLatency, connect);
			await goToLeaderStep(room);
			rooms.push(room);
		}
		const items = leaderItemsOf(rooms[0].content);
		const batchLatency = new Latencies();
		for (const room of rooms) room.tracker.batchLatencies = batchLatency;
		const members = new Map<Participant, BenchRoom>();
		const clock = await PhaseClock.begin(context);
		const join = await joinParticipants(
			url,
			rooms.map((room) => room.session.code),
			perRoom,
			connect
		);
		everyone = join.participants;
		const roomOf = new Map(rooms.map((room) => [room.session.code, room]));
		for (const p of join.participants) if (p.joinedAt !== null) members.set(p, roomOf.get(p.code)!);
		const joined = [...members.keys()];

		const load = new RatingLoad();
		const plan = planEveryItem(joined, items, PACE[size], (p) => members.get(p)!.tracker);
		const ratingFrom = now();
		await load.run(plan);
		const ratingTo = now();
		const trackers = rooms.map((room) => room.tracker);
		await drainScreens(trackers);
		const moved: Record<string, number | string> = connect.routed
			? { 'moved refusals followed (phones)': everyone.reduce((sum, p) => sum + p.moved, 0), 'phones moved more than once': everyone.filter((p) => p.moved > 1).length }
			: {};
		const failures = new Map<string, number>();
		for (const p of everyone) if (p.joinedAt === null) failures.set(p.failure ?? 'not joined in time', (failures.get(p.failure ?? 'not joined in time') ?? 0) + 1);
		if (failures.size) moved['join failures by reason'] = [...failures].map(([reason, n]) => `${reason}: ${n}`).join(', ');
		const phase = clock.finish(`${roomCount} × ${perRoom}`, joined.length, {
			join: joinSummary(join),
			ack: load.ackLatency.summary(),
			screen: { ...screenLatency.summary(), unresolved: trackers.reduce((sum, tracker) => sum + tracker.unresolved, 0) },
			batchScreen: batchLatency.summary(),
			ratePerSecond: Math.round(plan.length / (plan[plan.length - 1].at / 1000)),
			counts: load.counts,
			baselineRss,
			extra: { sessions: roomCount, 'ratings sent': load.counts.sent, ...moved, ...whileRating(context, ratingFrom, ratingTo) }
		});
		return { phase, params: { ...SIZE[size], pace: PACE[size], items: items.length } };
	} finally {
		await closeAll(everyone);
		await closeAll(rooms.flatMap((room) => [room.host, room.screen]));
	}
}

export const manyRooms: Scenario = {
	name: 'many-rooms',
	describe: 'many sessions at once; everyone rates every leader-model item of their session',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const { phase, params } = await driveManyRooms(context, { url: context.server.url, connect: {} });
		return scenarioResult(this.name, context, startedAt, started, {
			params,
			phases: [phase],
			targets: [atMost('rating → screen p95', phase.screen?.p95, 100, 'ms'), atMost('acks lost', phase.lost, 0, '')],
			notes: generatorNotes([phase])
		});
	}
};
