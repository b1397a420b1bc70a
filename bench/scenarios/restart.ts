/**
 * restart: participants rate continuously while the server is killed with SIGKILL and started
 * again on the same DATA_DIR and port. Clients reconnect by themselves (socket.io, the phone's
 * settings, same token) and carry on. See restart-ledger.ts for what "lost" means here.
 */
import { closeAll, joinParticipants, Participant } from '../clients';
import { atMost } from '../report';
import { RatingLoad, randomValue } from '../ratings';
import { drainScreens, generatorNotes, goToLeaderStep, joinSummary, leaderItemsOf, openRoom, PhaseClock, scenarioResult, type Scenario } from '../scenario';
import { jitter, Latencies, now, sleep, waitFor } from '../stats';
import { checkAggregates, Ledger } from './restart-ledger';

const SIZE = {
	full: { participants: 200, beforeCrashMs: 10_000, afterResumeMs: 5_000 },
	quick: { participants: 50, beforeCrashMs: 4_000, afterResumeMs: 2_000 }
};
/** Each phone rates about once a second (0.5–1.5 s). */
const INTERVAL_MS = 1_000;

export const restart: Scenario = {
	name: 'restart',
	describe: 'ratings flowing while the server is killed with SIGKILL and restarted; clients resume by themselves',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = SIZE[context.quick ? 'quick' : 'full'];
		const { server } = context;
		const reconnecting = { reconnection: true };
		const screenLatency = new Latencies();
		const room = await openRoom(server.url, screenLatency, reconnecting);
		await goToLeaderStep(room);
		const items = leaderItemsOf(room.content);
		const baselineRss = context.sampler.latest?.rss ?? null;
		const clock = await PhaseClock.begin(context);
		const join = await joinParticipants(server.url, room.session.code, size.participants, reconnecting);
		const phones = join.participants;
		if (join.failed) throw new Error(`${join.failed} participants could not join`);

		const load = new RatingLoad(10_000);
		const ledger = new Ledger(phones);
		let stopping = false;
		const rate = (phone: Participant) => {
			const itemId = items[Math.floor(Math.random() * items.length)];
			const value = randomValue();
			const sending = ledger.sent(phone, itemId, value);
			void load.send(phone, itemId, value, room.tracker).then((outcome) => ledger.settled(phone, sending, outcome));
		};
		// Each phone: a rating every ~second while connected; at once on reconnecting (the person taps again).
		const loops = phones.map(async (phone) => {
			phone.socket.on('connect', () => ledger.reconnected(phone) && !stopping && rate(phone));
			await sleep(Math.random() * INTERVAL_MS);
			while (!stopping) {
				if (phone.socket.connected) rate(phone);
				await sleep(jitter(INTERVAL_MS));
			}
		});

		await sleep(size.beforeCrashMs);
		const killedAt = now();
		ledger.crash();
		const screenPending = room.tracker.close();
		await server.crash();
		const downMs = now() - killedAt;
		const backAt = await server.launch();
		const allResumed = await waitFor(() => ledger.everyoneResumed(), 30_000);
		const resumedAt = now();
		await sleep(size.afterResumeMs);
		stopping = true;
		await Promise.all(loops);
		await load.settled();
		await drainScreens([]);

		const response = await fetch(`${server.url}/api/sessions/${room.session.id}`, { headers: { authorization: `Bearer ${room.session.facilitatorKey}` } });
		const aggregate = checkAggregates(ledger, (await response.json()) as Parameters<typeof checkAggregates>[1]);
		const resume = ledger.resumeTimes(backAt);
		const phase = clock.finish(`${phones.length} phones`, phones.length, {
			join: joinSummary(join),
			ack: load.ackLatency.summary(),
			screen: { ...screenLatency.summary(), unresolved: 0 },
			ratePerSecond: Math.round(phones.length * (1000 / INTERVAL_MS)),
			counts: load.counts,
			baselineRss,
			extra: {
				'killed → port accepting (ms)': Math.round(backAt - killedAt),
				'SIGKILL → exited (ms)': Math.round(downMs),
				'back → all resumed (ms)': allResumed ? Math.round(resumedAt - backAt) : null,
				'back → resumed p50 / p95 (ms)': `${resume.p50 ?? '–'} / ${resume.p95 ?? '–'}`,
				'resumed / phones': `${resume.count} / ${phones.length}`,
				'in flight at the crash (no ack)': load.counts.cut,
				'own state checked on reconnect (phones)': ledger.checked,
				'acked but missing (own state on reconnect)': ledger.missingOnReconnect,
				'acked but missing (GET aggregates)': aggregate.missing,
				'aggregate values out of bounds': aggregate.outOfBounds,
				'screen samples cut by the crash': screenPending
			}
		});
		await closeAll([...phones, room.host, room.screen]);

		return scenarioResult(this.name, context, startedAt, started, {
			params: { ...size, intervalMs: INTERVAL_MS, items: items.length },
			phases: [phase],
			targets: [
				atMost('acknowledged ratings lost (own state on reconnect + aggregates)', ledger.missingOnReconnect + aggregate.missing, 0, ''),
				atMost('server back → every client resumed', allResumed ? (resumedAt - backAt) / 1000 : null, 5, 's'),
				atMost('acks lost (timeout, connection up)', phase.lost, 0, '')
			],
			notes: [
				'Rating → screen is sampled before the crash only: afterwards the room reloads counts that may include ratings committed but never acknowledged.',
				...generatorNotes([phase])
			]
		});
	}
};
