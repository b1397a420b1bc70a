/**
 * soak: a workshop day. Workshops of 50 people one after another, each walked through the whole
 * template (soak-workshop.ts); after each, everyone has left and the server gets the time to
 * release what is idle (rooms after ROOM_IDLE_MS, Yjs documents after the collab idle time).
 * What must stay flat from one workshop to the next, read once everything is released: RSS,
 * open handles, rooms and documents in memory. Only run when named: it takes half an hour.
 */
import { DEFAULT_COLLAB_LIMITS } from '../../server/collab/types';
import type { MetricsSnapshot } from '../../server/metrics';
import { atMost, type PhaseResult, type Target } from '../report';
import { RatingLoad, type AckCounts } from '../ratings';
import { SAMPLE_MS, type Sampler } from '../sampler';
import { generatorNotes, PhaseClock, scenarioResult, type Scenario, type ScenarioContext } from '../scenario';
import { distribution, Latencies, now, sleep, waitFor, type Distribution } from '../stats';
import { KEYS_PER_SECOND, Workshop, type WorkshopSize } from './soak-workshop';

const SIZE: Record<'full' | 'quick', { workshops: number; workshop: WorkshopSize }> = {
	// 6 × 50 people, ~4.5 min of steps each, then the release: about 30 minutes in all.
	full: { workshops: 6, workshop: { participants: 50, groupSize: 5, joinMs: 20_000, stepMs: 10_000, ratingMs: 45_000, typingMs: 60_000, votingMs: 25_000, leaveMs: 10_000, drops: 8 } },
	quick: { workshops: 2, workshop: { participants: 30, groupSize: 5, joinMs: 3_000, stepMs: 500, ratingMs: 8_000, typingMs: 8_000, votingMs: 4_000, leaveMs: 2_000, drops: 3 } }
};
/** The soak's server releases a room this long after its last connection (production default: 10 minutes). */
export const ROOM_IDLE_MS = 20_000;
export const soakServerEnv = { ROOM_IDLE_MS: String(ROOM_IDLE_MS) };
/** How long after the last person left the bench waits for rooms and documents to reach 0. */
const RELEASE_LIMIT_MS = Math.max(ROOM_IDLE_MS, DEFAULT_COLLAB_LIMITS.idleMs) + 20_000;
/** Then a pause, so that the numbers read are not those of the release itself. */
const SETTLE_MS = 5_000;
/** Pass rules: idle RSS after the last workshop at most min(15 %, 30 MB) over that after the first; its slope per workshop. */
const RSS_GROWTH = { share: 0.15, mb: 30 };
const RSS_SLOPE_MB = 2;
const HANDLES_SLACK = 3;

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.round((bytes / MB) * 10) / 10;
const triple = (d: Distribution) => (d.count ? `${d.p50} / ${d.p95} / ${d.p99}` : '–');
const codes = (counts: Record<string, number>) => Object.entries(counts).map(([code, n]) => `${code}:${n}`).join(' ') || '0';
const total = (counts: Record<string, number>) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Least-squares slope of `values` over 1, 2, 3, …: growth per workshop. */
function slope(values: number[]): number | null {
	const n = values.length;
	if (n < 2) return null;
	const meanX = (n + 1) / 2;
	const meanY = values.reduce((sum, y) => sum + y, 0) / n;
	const num = values.reduce((sum, y, i) => sum + (i + 1 - meanX) * (y - meanY), 0);
	const den = values.reduce((sum, _, i) => sum + (i + 1 - meanX) ** 2, 0);
	return Math.round((num / den) * 100) / 100;
}

/** A workshop's ratings, also counted into the whole soak's acknowledgement latencies. */
class WorkshopLoad extends RatingLoad {
	constructor(readonly overall: Latencies) {
		super();
	}

	override async send(...args: Parameters<RatingLoad['send']>): ReturnType<RatingLoad['send']> {
		const outcome = await super.send(...args);
		if (outcome.ok) this.overall.add(outcome.ackedAt - outcome.sentAt);
		return outcome;
	}
}

/** Peaks of the gauges the sampler does not summarise: rooms, documents and handles. */
class GaugePeaks {
	peaks = { roomsLoaded: 0, documentsLoaded: 0, handles: 0 };
	readonly #timer: NodeJS.Timeout;

	constructor(sampler: Sampler) {
		this.#timer = setInterval(() => {
			const latest = sampler.latest;
			if (!latest) return;
			for (const key of ['roomsLoaded', 'documentsLoaded', 'handles'] as const) this.peaks[key] = Math.max(this.peaks[key], latest[key]);
		}, SAMPLE_MS);
	}

	/** The peaks since the previous take. */
	take(): GaugePeaks['peaks'] {
		const peaks = this.peaks;
		this.peaks = { roomsLoaded: 0, documentsLoaded: 0, handles: 0 };
		return peaks;
	}

	stop(): void {
		clearInterval(this.#timer);
	}
}

interface IdlePoint {
	/** From the moment the last client left to rooms and documents at 0; null when that did not happen within RELEASE_LIMIT_MS. */
	releasedMs: number | null;
	server: MetricsSnapshot;
}

/** Waits for the server to release rooms and documents (bounded), then settles, and reads it. */
async function idlePoint(context: ScenarioContext): Promise<IdlePoint> {
	const from = now();
	const released = await waitFor(() => context.sampler.latest?.roomsLoaded === 0 && context.sampler.latest.documentsLoaded === 0, RELEASE_LIMIT_MS, SAMPLE_MS);
	const releasedMs = released ? Math.round(now() - from) : null;
	await sleep(SETTLE_MS);
	return { releasedMs, server: context.sampler.latest! };
}

function merged(a: AckCounts, b: AckCounts): AckCounts {
	const refused = { ...a.refused };
	for (const [code, n] of Object.entries(b.refused)) refused[code] = (refused[code] ?? 0) + n;
	return { sent: a.sent + b.sent, acknowledged: a.acknowledged + b.acknowledged, refused, lost: a.lost + b.lost, cut: a.cut + b.cut };
}

function workshopPhase(clock: PhaseClock, k: number, workshop: Workshop, busy: GaugePeaks['peaks'], idle: IdlePoint, baselineRss: number): PhaseResult {
	const { ratings } = workshop;
	const joined = distribution(workshop.joinLatencies);
	return clock.finish(`workshop ${k}`, workshop.phones.length, {
		join: { ...joined, allJoinedMs: workshop.allJoinedMs === null ? null : Math.round(workshop.allJoinedMs), failed: total(workshop.joinFailures) },
		ack: ratings.ackLatency.summary(),
		counts: merged(ratings.counts, workshop.dotCounts),
		baselineRss,
		extra: {
			'ratings sent (changes included)': ratings.counts.sent,
			'dots → ack p50/p95/p99 (ms)': `${triple(workshop.dotAcks.summary())}  n=${workshop.dotAcks.count}`,
			'keystrokes / groups / groups not converged': `${workshop.keystrokes} / ${workshop.groups} / ${workshop.unconverged}`,
			'drops / not back': `${workshop.dropped} / ${codes(workshop.notBack)}`,
			'acks cut by a drop': ratings.counts.cut + workshop.dotCounts.cut,
			'join refusals / sheet closes by the server': `${codes(workshop.joinFailures)} / ${codes(workshop.sheetCloses)}`,
			'busy: rooms / documents / handles peak': `${busy.roomsLoaded} / ${busy.documentsLoaded} / ${busy.handles}`,
			'left → rooms and documents released (s)': idle.releasedMs === null ? `not in ${RELEASE_LIMIT_MS / 1000}` : (idle.releasedMs / 1000).toFixed(1),
			'idle: rooms / documents / handles': `${idle.server.roomsLoaded} / ${idle.server.documentsLoaded} / ${idle.server.handles}`,
			'idle: RSS / heap used (MB)': `${mb(idle.server.rss)} / ${mb(idle.server.heapUsed)}`
		}
	});
}

function targets(start: MetricsSnapshot, idle: IdlePoint[], phases: PhaseResult[], workshops: Workshop[]): Target[] {
	const first = idle[0].server;
	const end = idle[idle.length - 1].server;
	const growthLimit = Math.round(Math.min(RSS_GROWTH.share * mb(first.rss), RSS_GROWTH.mb) * 10) / 10;
	const rssSlope = slope(idle.map((point) => mb(point.server.rss)));
	const list = [
		atMost('acks lost (ratings and dots, connection up)', phases.reduce((sum, phase) => sum + phase.lost, 0), 0, ''),
		atMost('acks refused (rate_limited included)', phases.reduce((sum, phase) => sum + total(phase.refused), 0), 0, ''),
		atMost('joins refused or failed', workshops.reduce((sum, w) => sum + total(w.joinFailures), 0), 0, ''),
		atMost('phones not back after a drop', workshops.reduce((sum, w) => sum + total(w.notBack), 0), 0, ''),
		atMost('groups whose sheets did not converge', workshops.reduce((sum, w) => sum + w.unconverged, 0), 0, ''),
		atMost(`idle RSS growth, last workshop − first (${mb(first.rss)} MB)`, mb(end.rss) - mb(first.rss), growthLimit, 'MB'),
		atMost('open handles, |end − start|', Math.abs(end.handles - start.handles), HANDLES_SLACK, ''),
		atMost('rooms in memory at the end', end.roomsLoaded, 0, ''),
		atMost('documents in memory at the end', end.documentsLoaded, 0, '')
	];
	// Two points make a slope of their difference, which the growth rule already judges.
	if (idle.length >= 3) list.splice(6, 0, atMost('idle RSS slope over workshops', rssSlope, RSS_SLOPE_MB, 'MB/workshop'));
	return list;
}

export const soak: Scenario = {
	name: 'soak',
	describe: 'a workshop day: workshops one after another through the whole template; memory, handles, rooms and documents flat after each',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = SIZE[context.quick ? 'quick' : 'full'];
		const { url, port } = context.server;
		const whole = await PhaseClock.begin(context);
		const start = context.sampler.latest!;
		const overall = new Latencies();
		const peaks = new GaugePeaks(context.sampler);
		const phases: PhaseResult[] = [];
		const idle: IdlePoint[] = [];
		const workshops: Workshop[] = [];
		// y-websocket adds a process 'exit' listener per provider, removed on destroy.
		const maxListeners = process.getMaxListeners();
		process.setMaxListeners(size.workshop.participants + 20);

		try {
			for (let k = 1; k <= size.workshops; k++) {
				const clock = await PhaseClock.begin(context);
				peaks.take();
				const workshop = await Workshop.open(url, port, size.workshop, new WorkshopLoad(overall));
				workshops.push(workshop);
				try {
					await workshop.run();
				} finally {
					await workshop.leave();
				}
				const busy = peaks.take();
				idle.push(await idlePoint(context));
				phases.push(workshopPhase(clock, k, workshop, busy, idle[idle.length - 1], start.rss));
			}
		} finally {
			peaks.stop();
			process.setMaxListeners(maxListeners);
		}

		const end = idle[idle.length - 1].server;
		const series = (pick: (m: MetricsSnapshot) => number) => idle.map((point) => pick(point.server)).join(' → ');
		const wholeDay = whole.finish('whole soak', workshops.reduce((sum, w) => sum + w.phones.length, 0), {
			ack: overall.summary(),
			counts: workshops.map((w) => merged(w.ratings.counts, w.dotCounts)).reduce(merged),
			baselineRss: start.rss,
			extra: {
				'RSS start / after workshop 1 / end (MB)': `${mb(start.rss)} / ${mb(idle[0].server.rss)} / ${mb(end.rss)}`,
				'idle RSS after each workshop (MB)': series((m) => mb(m.rss)),
				'idle RSS slope (MB / workshop)': slope(idle.map((point) => mb(point.server.rss))),
				'heap used start / after workshop 1 / end (MB)': `${mb(start.heapUsed)} / ${mb(idle[0].server.heapUsed)} / ${mb(end.heapUsed)}`,
				'idle heap slope (MB / workshop)': slope(idle.map((point) => mb(point.server.heapUsed))),
				'open handles start / end': `${start.handles} / ${end.handles}`,
				'idle handles after each workshop': series((m) => m.handles),
				'rooms / documents at start / at end': `${start.roomsLoaded} / ${start.documentsLoaded}, ${end.roomsLoaded} / ${end.documentsLoaded}`
			}
		});
		// Its participants came one workshop at a time: a per-participant RSS of the whole day means nothing.
		wholeDay.rssPerParticipantKB = null;
		const all = [...phases, wholeDay];
		const rateLimited = all.some((p) => p.refused.rate_limited) || workshops.some((w) => w.joinFailures.rate_limited || w.notBack.rate_limited);
		return scenarioResult(this.name, context, startedAt, started, {
			params: { ...size, roomIdleMs: ROOM_IDLE_MS, releaseLimitMs: RELEASE_LIMIT_MS, settleMs: SETTLE_MS, rssGrowth: RSS_GROWTH, rssSlopeMB: RSS_SLOPE_MB, handlesSlack: HANDLES_SLACK },
			phases: all,
			targets: targets(start, idle, phases, workshops),
			notes: [
				...(idle.some((point) => point.releasedMs === null)
					? [`rooms or documents were still in memory ${RELEASE_LIMIT_MS / 1000} s after everyone left (the server was started with ROOM_IDLE_MS=${ROOM_IDLE_MS}).`]
					: []),
				...(rateLimited ? [`rate_limited: a phone sent at most one rating every ${Math.round(workshops[0].ratingIntervalMs / 2)} ms (mean ${Math.round(workshops[0].ratingIntervalMs)} ms) and ${KEYS_PER_SECOND} keystrokes a second.`] : []),
				...generatorNotes(all)
			]
		});
	}
};
