/** What every scenario shares: the running server, the sampler, a room opener and phase bookkeeping. */
import type { ContentView } from '../src/lib/protocol';
import { command, connectOrThrow, createSession, facilitator, Screen, type ConnectOptions, type CreatedSession, type Host, type JoinResult } from './clients';
import type { JoinSummary, PhaseResult, ScenarioResult } from './report';
import type { AckCounts } from './ratings';
import { SAMPLE_MS, type Sampler } from './sampler';
import { ScreenTracker } from './screen-tracker';
import type { BenchServer } from './server';
import { distribution, Latencies, now, sleep } from './stats';

export interface ScenarioContext {
	server: BenchServer;
	profiled: boolean;
	sampler: Sampler;
	quick: boolean;
}

export interface Scenario {
	name: string;
	describe: string;
	run(context: ScenarioContext): Promise<ScenarioResult>;
}

export interface BenchRoom {
	session: CreatedSession;
	host: Host;
	screen: Screen;
	tracker: ScreenTracker;
	content: ContentView;
}

export const leaderStepOf = (content: ContentView): number => {
	const index = content.steps.findIndex((step) => step.kind === 'rating' && step.model === 'leader');
	if (index < 0) throw new Error('The template has no leader-model rating step.');
	return index;
};

export const leaderItemsOf = (content: ContentView): string[] => content.items.filter((item) => item.model === 'leader').map((item) => item.id);

/** Where a load's clients connect, and how (routed: behind the cluster's proxy). */
export interface LoadTarget {
	url: string;
	connect: ConnectOptions;
}

/** A new session with its facilitator and screen connected; the screen's results feed `screenLatency`. */
export async function openRoom(url: string, screenLatency: Latencies, connect: ConnectOptions = {}): Promise<BenchRoom> {
	const session = await createSession(url);
	// Routed: the console and the screen know the session's id, as their pages do.
	const options = connect.routed ? { ...connect, routed: { sessionId: session.id } } : connect;
	const host = await facilitator(url, session, options);
	const screen = new Screen(url, session.id, options);
	await connectOrThrow(screen);
	return { session, host, screen, tracker: new ScreenTracker(screen, screenLatency), content: host.content! };
}

/** The facilitator moves the room to the leader model's rating step. */
export async function goToLeaderStep(room: BenchRoom): Promise<void> {
	await command(room.host, 'step:goto', { index: leaderStepOf(room.content) });
}

/**
 * The server while ratings flowed (after the joins): CPU and event-loop delay, as extra rows.
 * The first sample is left out: it covers the 250 ms before `from`, the end of the joins.
 */
export function whileRating(context: ScenarioContext, from: number, to: number): Record<string, string> {
	const r = context.sampler.summary(from + SAMPLE_MS, to);
	return {
		'while rating: server CPU mean / peak (% core)': `${r.cpuMeanPct ?? '–'} / ${r.cpuPeakPct ?? '–'}`,
		'while rating: event-loop p99 worst / max (ms)': `${r.eventLoopP99WorstMs ?? '–'} / ${r.eventLoopMaxMs ?? '–'}`
	};
}

export function joinSummary(join: JoinResult): JoinSummary {
	return { ...distribution(join.latencies), allJoinedMs: join.allJoinedMs === null ? null : Math.round(join.allJoinedMs), failed: join.failed };
}

/** Waits for the screen to show what was acknowledged (at most `timeoutMs`), then for one more sample of the server. */
export async function drainScreens(trackers: ScreenTracker[], timeoutMs = 3_000): Promise<void> {
	const deadline = now() + timeoutMs;
	while (trackers.some((tracker) => tracker.unresolved > 0) && now() < deadline) await sleep(20);
	await sleep(300);
}

/** Marks a phase of a scenario: its window of samples and the server's memory before it. */
export class PhaseClock {
	readonly startedAt = now();
	readonly rssBefore: number | null;

	private constructor(readonly context: ScenarioContext) {
		this.rssBefore = context.sampler.latest?.rss ?? null;
	}

	/**
	 * Starts a phase after a quiet pause longer than one sample, so that the first sample in the
	 * phase's window (which covers the 250 ms before it) holds none of the previous work.
	 */
	static async begin(context: ScenarioContext): Promise<PhaseClock> {
		await sleep(SAMPLE_MS + 50);
		return new PhaseClock(context);
	}

	finish(name: string, participants: number, parts: Partial<PhaseResult> & { counts?: AckCounts; baselineRss?: number | null }): PhaseResult {
		const finishedAt = now();
		const resources = this.context.sampler.summary(this.startedAt, finishedAt);
		const baseline = parts.baselineRss ?? this.rssBefore;
		const peak = resources.rssPeakMB === null ? null : resources.rssPeakMB * 1024 * 1024;
		const { counts, baselineRss: _baseline, ...rest } = parts;
		return {
			name,
			participants,
			durationMs: Math.round(finishedAt - this.startedAt),
			resources,
			rssPerParticipantKB: peak !== null && baseline !== null && participants > 0 ? Math.round(((peak - baseline) / participants / 1024) * 10) / 10 : null,
			lost: counts?.lost ?? 0,
			refused: counts?.refused ?? {},
			...rest
		};
	}
}

export function scenarioResult(name: string, context: ScenarioContext, startedAt: Date, started: number, fields: Pick<ScenarioResult, 'params' | 'phases' | 'targets' | 'notes'>): ScenarioResult {
	return { scenario: name, size: context.quick ? 'quick' : 'full', profiled: context.profiled, startedAt: startedAt.toISOString(), durationMs: Math.round(now() - started), ...fields };
}

/**
 * A note when this process (the load generator) saturated a core or lagged: that phase's
 * timings then include the generator's own queueing (typically while it opens a burst of connections).
 */
export function generatorNotes(phases: PhaseResult[]): string[] {
	const notes: string[] = [];
	for (const { name, resources: r } of phases) {
		if ((r.generatorCpuPeakPct ?? 0) >= 90 || (r.generatorEventLoopP99WorstMs ?? 0) > 100) {
			notes.push(`${name}: the generator peaked at ${r.generatorCpuPeakPct}% of a core (mean ${r.generatorCpuMeanPct}%) and its event-loop p99 reached ${r.generatorEventLoopP99WorstMs} ms; timings in this phase include its own queueing.`);
		}
		if ((r.otherCpuMeanPct ?? 0) > 25 || (r.iowaitMeanPct ?? 0) > 10) {
			notes.push(`${name}: the machine was busy with other work (${r.otherCpuMeanPct}% of a core, iowait ${r.iowaitMeanPct}%): this run is noisy; run it again on a quiet machine.`);
		}
	}
	return notes;
}
