/**
 * The light load generator (issue 17): phones in child processes (bench/load/worker.ts), each
 * holding thousands of raw-WebSocket phones (bench/load/phone.ts), so the bench's own process
 * keeps only the facilitator and the screen. Work is split evenly over the workers; their
 * answers are merged here. Their CPU is read from /proc by pid (`pids`, for the Sampler's helpers).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { JoinSummary } from '../report';
import type { AckCounts } from '../ratings';
import type { ScreenTracker } from '../screen-tracker';
import { distribution, Latencies } from '../stats';
import { clock } from './phone';
import type { Command, JoinReport, RateCommand, RateReport } from './worker';

const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));
/** Commands start this long after they are sent, so every worker starts at the same moment. */
const LEAD_MS = 100;

export interface JoinOutcome {
	joined: number;
	failed: number;
	/** Failures by reason (a final refusal's code, or `join deadline`). */
	failures: Record<string, number>;
	/** Handshakes tried again (after `rate_limited`, or a transport error). */
	retries: number;
	/** `moved` refusals followed (the app on PostgreSQL). */
	moved: number;
	summary: JoinSummary;
}

export interface RateOutcome {
	counts: AckCounts;
	/** Acknowledgements per second that arrived inside the sending window. */
	achievedPerSecond: number;
	/** What the workers managed to send per second (below the offer: the generator lagged). */
	sentPerSecond: number;
	ack: Latencies;
	/** Acknowledged first ratings, in acknowledgement order; times on this process's `now()`. */
	firsts: Array<{ itemIndex: number; sentAt: number; ackedAt: number }>;
}

/** An epoch time from a worker on this process's `performance.now()` scale. */
const local = (epoch: number) => epoch - performance.timeOrigin;

export class LoadGenerator {
	readonly #waiting = new Map<ChildProcess, (reply: { ok: boolean; answer?: unknown; error?: string }) => void>();

	private constructor(readonly workers: ChildProcess[]) {
		for (const worker of workers) {
			worker.on('message', (reply: { ok: boolean; answer?: unknown; error?: string }) => {
				const resolve = this.#waiting.get(worker);
				this.#waiting.delete(worker);
				resolve?.(reply);
			});
			worker.on('exit', (code) => this.#waiting.get(worker)?.({ ok: false, error: `load worker exited with ${code}` }));
		}
	}

	/** Forks `count` workers (2 on the bench's 2-core machine: the server has its own process). */
	static start(count = 2): LoadGenerator {
		const workers = Array.from({ length: count }, () => fork(workerPath, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
		return new LoadGenerator(workers);
	}

	/** The workers' pids by name, for the Sampler's helpers (their CPU). */
	get pids(): Record<string, number | undefined> {
		return Object.fromEntries(this.workers.map((worker, i) => [`load ${i + 1}`, worker.pid]));
	}

	#ask<T>(worker: ChildProcess, command: Command): Promise<T> {
		return new Promise((resolve, reject) => {
			this.#waiting.set(worker, (reply) => (reply.ok ? resolve(reply.answer as T) : reject(new Error(reply.error))));
			worker.send(command);
		});
	}

	#split(total: number): number[] {
		const n = this.workers.length;
		return this.workers.map((_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));
	}

	/** `count` phones join `code`, their first attempts spread evenly over `spreadMs` (every worker's over the whole of it). */
	async join(url: string, code: string, count: number, spreadMs = 0): Promise<JoinOutcome> {
		const startAt = clock() + LEAD_MS;
		const shares = this.#split(count);
		const reports = await Promise.all(this.workers.map((worker, i) => this.#ask<JoinReport>(worker, { type: 'join', url, code, count: shares[i], startAt, spreadMs })));
		const failures: Record<string, number> = {};
		for (const report of reports) for (const [reason, n] of Object.entries(report.failed)) failures[reason] = (failures[reason] ?? 0) + n;
		const joined = reports.reduce((sum, r) => sum + r.joined, 0);
		const last = Math.max(...reports.map((r) => r.lastJoinedAt ?? -Infinity));
		return {
			joined,
			failed: count - joined,
			failures,
			retries: reports.reduce((sum, r) => sum + r.retries, 0),
			moved: reports.reduce((sum, r) => sum + r.moved, 0),
			summary: { ...distribution(reports.flatMap((r) => r.joinMs)), allJoinedMs: joined === count && count > 0 ? Math.round(last - startAt) : null, failed: count - joined }
		};
	}

	/** Every joined phone rates `itemIds` (in turn, from a random start) for `durationMs`; `pace.perSecond` is the total offered. */
	async rate(itemIds: string[], durationMs: number, pace: RateCommand['pace']): Promise<RateOutcome> {
		const startAt = clock() + LEAD_MS;
		const n = this.workers.length;
		const share = 'perSecond' in pace ? { perSecond: pace.perSecond / n } : pace;
		const reports = await Promise.all(this.workers.map((worker) => this.#ask<RateReport>(worker, { type: 'rate', itemIds, startAt, durationMs, pace: share })));
		const ack = new Latencies();
		for (const report of reports) for (const ms of report.ackMs) ack.add(ms);
		const refused: Record<string, number> = {};
		for (const report of reports) for (const [code, k] of Object.entries(report.refused)) refused[code] = (refused[code] ?? 0) + k;
		const firsts: RateOutcome['firsts'] = [];
		for (const { firsts: flat } of reports) {
			for (let i = 0; i < flat.length; i += 3) firsts.push({ itemIndex: flat[i], sentAt: local(flat[i + 1]), ackedAt: local(flat[i + 2]) });
		}
		firsts.sort((a, b) => a.ackedAt - b.ackedAt);
		const sum = (pick: (r: RateReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
		return {
			counts: { sent: sum((r) => r.sent), acknowledged: sum((r) => r.acknowledged), refused, lost: sum((r) => r.lost), cut: sum((r) => r.cut) },
			achievedPerSecond: Math.round((sum((r) => r.acknowledgedInWindow) / durationMs) * 1000),
			sentPerSecond: sum((r) => r.sentPerSecond),
			ack,
			firsts
		};
	}

	/** Closes every phone (the workers stay, for the next room). */
	async close(): Promise<void> {
		await Promise.all(this.workers.map((worker) => this.#ask(worker, { type: 'close' })));
	}

	stop(): void {
		for (const worker of this.workers) worker.kill();
	}
}

/**
 * Rating → screen: the acknowledged first ratings, in acknowledgement order, given to the
 * parent's ScreenTracker after the load (it keeps when each count was first reached, so the
 * answer is the same as live). Returns how many the screen has not shown.
 */
export function resolveOnScreen(tracker: ScreenTracker, itemIds: string[], firsts: RateOutcome['firsts']): number {
	for (const { itemIndex, sentAt } of firsts) tracker.acknowledgedFirst(itemIds[itemIndex], sentAt);
	return tracker.unresolved;
}

