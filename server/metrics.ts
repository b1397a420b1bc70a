import { executionAsyncId } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { constants, monitorEventLoopDelay, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import type { CollabStats } from './collab/types';

/** What `GET /__metrics` answers: a snapshot of the process, for the load benchmark (`npm run bench`). */
export interface MetricsSnapshot {
	rss: number;
	heapUsed: number;
	/** Cumulative since the process started; a reader takes differences between snapshots. */
	cpuUserMicros: number;
	cpuSystemMicros: number;
	/** Milliseconds late beyond the sampling interval, since the previous read (the histogram is reset on each read). */
	eventLoopDelay: { p50: number; p99: number; max: number };
	/** Garbage collections since the process started, by kind: how many, and their pause in ms. */
	gc: { minor: GcCount; major: GcCount };
	/** Open TCP connections to the HTTP server, WebSockets included. */
	connections: number;
	/** Handles and requests keeping the event loop busy (`process.getActiveResourcesInfo()`): sockets, timers, pending I/O. */
	handles: number;
	/** Sessions whose room is in memory, and Yjs documents in memory: both go back to 0 once everything is idle. */
	roomsLoaded: number;
	documentsLoaded: number;
	/** The Yjs endpoint's message counts, refusals and the peak share of a budget one connection used (null before it is attached). */
	collab: CollabStats | null;
	/** Whether Node's promise hooks are on now (an AsyncLocalStorage in use): see promiseHooksOn. */
	promiseHooks: boolean;
}

export interface GcCount {
	count: number;
	ms: number;
}

/** What the app has in memory, read on every snapshot. */
export interface MetricsGauges {
	roomsLoaded: number;
	documentsLoaded: number;
	collab: CollabStats | null;
}

export const METRICS_PATH = '/__metrics';
/** How often the event-loop delay is sampled, ms. */
const RESOLUTION_MS = 10;

export interface Metrics {
	/** Answers `GET /__metrics` and returns true; returns false for every other request. */
	handle(req: IncomingMessage, res: ServerResponse): boolean;
	/** Counts the server's connections and stops sampling when it closes. */
	watch(server: Server): void;
}

/**
 * Whether Node's promise hooks are on (an AsyncLocalStorage or an async hook enabled): then each
 * promise gets an async id of its own, and a reaction runs under it; without them, two reactions
 * of one turn run under the same id.
 */
export async function promiseHooksOn(): Promise<boolean> {
	const first = await Promise.resolve().then(executionAsyncId);
	const second = await Promise.resolve().then(executionAsyncId);
	return first !== second;
}

/**
 * Process metrics for the benchmark. Only created when `VAEGTEN_METRICS=1`, so a production
 * server has no such route (and samples no event-loop delay).
 */
export function createMetrics(gauges: () => MetricsGauges = () => ({ roomsLoaded: 0, documentsLoaded: 0, collab: null })): Metrics {
	const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
	delay.enable();
	let connections = 0;
	const gc = { minor: { count: 0, ms: 0 }, major: { count: 0, ms: 0 } };
	const collections = new PerformanceObserver((list) => {
		for (const entry of list.getEntries() as Array<PerformanceEntry & { detail?: { kind?: number } }>) {
			const kind = entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR ? gc.minor : gc.major;
			kind.count += 1;
			kind.ms += entry.duration;
		}
	});
	collections.observe({ entryTypes: ['gc'] });
	// The histogram holds the time between the ticks of its timer; the delay is what exceeds the timer's interval.
	const ms = (nanos: number) => (Number.isFinite(nanos) ? Math.max(0, Math.round((nanos / 1e6 - RESOLUTION_MS) * 100) / 100) : 0);

	async function snapshot(): Promise<MetricsSnapshot> {
		const promiseHooks = await promiseHooksOn();
		const { rss, heapUsed } = process.memoryUsage();
		const cpu = process.cpuUsage();
		const eventLoopDelay = { p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) };
		delay.reset();
		const handles = process.getActiveResourcesInfo().length;
		const gcSoFar = { minor: { ...gc.minor }, major: { ...gc.major } };
		return { rss, heapUsed, cpuUserMicros: cpu.user, cpuSystemMicros: cpu.system, eventLoopDelay, gc: gcSoFar, connections, handles, ...gauges(), promiseHooks };
	}

	return {
		handle(req, res) {
			if (req.method !== 'GET' || req.url?.split('?')[0] !== METRICS_PATH) return false;
			void snapshot().then((taken) => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(taken)));
			return true;
		},
		watch(server) {
			server.on('connection', (socket) => {
				connections += 1;
				socket.once('close', () => (connections -= 1));
			});
			server.once('close', () => {
				delay.disable();
				collections.disconnect();
			});
		}
	};
}
