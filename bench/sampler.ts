/**
 * Samples the server's `GET /__metrics` (server/metrics.ts) and this process's own CPU and
 * event-loop delay every 250 ms, and summarises any time window of a run. With several server
 * processes (the cluster) every one is read in the same tick: CPU and memory are their sum,
 * event-loop delay the worst of them, and `perProcess` has each one's own; other processes of
 * the setup (nginx, PostgreSQL) can be followed by pid through /proc (`helpers`).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { MetricsSnapshot } from '../server/metrics';
import { machineCpu, treeCpuMicros } from './proc-stat';
import { now } from './stats';

export const SAMPLE_MS = 250;

/** A server process to read: its own address (not the proxy's) and pid. */
export interface SampleTarget {
	name: string;
	url: string;
	pid: number | undefined;
}

interface ServerSample {
	/** Which server process answered (a restart starts its CPU counters again). */
	pid: number | undefined;
	snapshot: MetricsSnapshot | null;
}

interface Sample {
	t: number;
	servers: ServerSample[];
	/** Cumulative CPU µs of each helper's process tree (/proc), by name; null when unreadable. */
	helpers: Record<string, number | null>;
	generatorCpuMicros: number;
	generatorDelay: { p99: number; max: number };
	/** The whole machine (/proc/stat), cumulative ms: CPU busy (all cores) and waiting for disk. */
	machine: { busyMs: number; iowaitMs: number } | null;
}


export interface ProcessResources {
	name: string;
	cpuMeanPct: number | null;
	cpuPeakPct: number | null;
	rssPeakMB: number | null;
}

export interface ResourceSummary {
	/** Server CPU, % of one core: over the window, and the highest 250 ms interval. */
	cpuMeanPct: number | null;
	cpuPeakPct: number | null;
	rssPeakMB: number | null;
	heapPeakMB: number | null;
	/** Event-loop delay, ms: the worst 250 ms window's p99, the median window's p99, and the maximum. */
	eventLoopP99WorstMs: number | null;
	eventLoopP99MedianMs: number | null;
	eventLoopMaxMs: number | null;
	connectionsPeak: number | null;
	/** The servers' garbage collections in the window (summed over processes): pauses in ms and how many, minor (scavenges) and major. */
	gc: { minorMs: number; minorCount: number; majorMs: number; majorCount: number } | null;
	/** The load generator (this process): CPU % of one core, and its own event-loop delay. */
	generatorCpuMeanPct: number | null;
	generatorCpuPeakPct: number | null;
	generatorEventLoopP99WorstMs: number | null;
	/**
	 * Everything else on the machine (the cores are shared): CPU used by other processes, % of
	 * one core, and time spent waiting for disk. High values make a run noisy.
	 */
	otherCpuMeanPct: number | null;
	iowaitMeanPct: number | null;
	samples: number;
	/** With several server processes: each one's own CPU and RSS (the fields above are their sum). */
	perProcess?: ProcessResources[];
	/** CPU of the helpers' process trees (nginx, PostgreSQL), % of one core; not in `other`. */
	helpers?: Record<string, { cpuMeanPct: number | null; cpuPeakPct: number | null }>;
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
const pct = (micros: number, ms: number) => Math.round(((micros / 1000 / ms) * 100) * 10) / 10;
const maxOf = (values: number[]) => (values.length ? Math.max(...values) : null);

export class Sampler {
	readonly #samples: Sample[] = [];
	readonly #delay = monitorEventLoopDelay({ resolution: 10 });
	#timer: NodeJS.Timeout | null = null;
	#busy = false;

	/**
	 * `targets`: the server processes, read again at every tick (a restart changes the pid).
	 * `helpers`: pids of other process trees to follow by name (read at every tick).
	 */
	constructor(
		readonly targets: () => SampleTarget[],
		readonly helpers: () => Record<string, number | undefined> = () => ({}),
		readonly limit = 20_000
	) {}

	start(): void {
		this.#delay.enable();
		this.#timer = setInterval(() => void this.#sample(), SAMPLE_MS);
	}

	async stop(): Promise<void> {
		if (this.#timer) clearInterval(this.#timer);
		this.#timer = null;
		this.#delay.disable();
	}

	/** Resolves once every server has answered a sample (the baseline a scenario measures from). */
	async ready(timeoutMs = 5_000): Promise<void> {
		const deadline = now() + timeoutMs;
		while (!this.latest && now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
		if (!this.latest) throw new Error('The server does not answer GET /__metrics (is VAEGTEN_METRICS=1 honoured?).');
	}

	/**
	 * The most recent server snapshot (null while a server is down). With several processes:
	 * the first one's, with `rss` and `heapUsed` summed over all (a scenario's memory baseline).
	 */
	get latest(): MetricsSnapshot | null {
		const servers = this.#samples.at(-1)?.servers ?? [];
		if (!servers.length || servers.some((s) => !s.snapshot)) return null;
		const [first] = servers;
		if (servers.length === 1) return first.snapshot;
		const sum = (key: 'rss' | 'heapUsed') => servers.reduce((total, s) => total + s.snapshot![key], 0);
		return { ...first.snapshot!, rss: sum('rss'), heapUsed: sum('heapUsed') };
	}

	async #sample(): Promise<void> {
		if (this.#busy || this.#samples.length >= this.limit) return;
		this.#busy = true;
		const servers = await Promise.all(
			this.targets().map(async ({ url, pid }): Promise<ServerSample> => {
				try {
					const response = await fetch(`${url}/__metrics`, { signal: AbortSignal.timeout(2_000) });
					if (response.ok) return { pid, snapshot: (await response.json()) as MetricsSnapshot };
				} catch {
					// Down (the restart scenario) or too busy to answer in 2 s: a gap in the samples.
				}
				return { pid, snapshot: null };
			})
		);
		const helpers = Object.fromEntries(Object.entries(this.helpers()).map(([name, pid]) => [name, pid === undefined ? null : treeCpuMicros(pid)]));
		const cpu = process.cpuUsage();
		// As in server/metrics.ts: the delay is what exceeds the histogram timer's 10 ms interval.
		const late = (nanos: number) => Math.max(0, nanos / 1e6 - 10);
		const generatorDelay = { p99: late(this.#delay.percentile(99)), max: late(this.#delay.max) };
		this.#delay.reset();
		this.#samples.push({ t: now(), servers, helpers, generatorCpuMicros: cpu.user + cpu.system, generatorDelay, machine: machineCpu() });
		this.#busy = false;
	}

	summary(from: number, to: number): ResourceSummary {
		const window = this.#samples.filter((sample) => sample.t >= from && sample.t <= to);
		const processes = window[0]?.servers.length ?? this.targets().length;
		/** CPU over the window as % of a core; `pick` gives µs for one sample, or null (no reading, or a restart in between). */
		const rates = (pick: (a: Sample, b: Sample) => [number, number] | null) => {
			let micros = 0;
			let ms = 0;
			const peaks: number[] = [];
			for (let i = 1; i < window.length; i++) {
				const [a, b] = [window[i - 1], window[i]];
				const pair = pick(a, b);
				if (pair === null || pair[1] < pair[0]) continue;
				micros += pair[1] - pair[0];
				ms += b.t - a.t;
				if (b.t - a.t >= SAMPLE_MS * 0.8) peaks.push(pct(pair[1] - pair[0], b.t - a.t));
			}
			return { mean: ms > 0 ? pct(micros, ms) : null, peak: maxOf(peaks) };
		};
		const serverMicros = (s: ServerSample | undefined) => (s?.snapshot ? s.snapshot.cpuUserMicros + s.snapshot.cpuSystemMicros : null);
		/** One process's CPU between two samples: only when both read it, and it is the same process. */
		const processPair = (index: number) => (a: Sample, b: Sample): [number, number] | null => {
			const [ca, cb] = [serverMicros(a.servers[index]), serverMicros(b.servers[index])];
			return ca === null || cb === null || a.servers[index]?.pid !== b.servers[index]?.pid ? null : [ca, cb];
		};
		/** Every process's CPU summed, for intervals in which each was read twice by the same process. */
		const serverCpu = rates((a, b) => {
			let [sa, sb] = [0, 0];
			for (let i = 0; i < processes; i++) {
				const pair = processPair(i)(a, b);
				if (!pair) return null;
				sa += pair[0];
				sb += pair[1];
			}
			return [sa, sb];
		});
		const cumulative = (value: (s: Sample) => number | null) => (a: Sample, b: Sample): [number, number] | null => {
			const [va, vb] = [value(a), value(b)];
			return va === null || vb === null ? null : [va, vb];
		};
		const generatorCpu = rates(cumulative((s) => s.generatorCpuMicros));
		const machineBusy = rates(cumulative((s) => (s.machine ? s.machine.busyMs * 1000 : null)));
		const iowait = rates(cumulative((s) => (s.machine ? s.machine.iowaitMs * 1000 : null)));
		const helperNames = Object.keys(window[0]?.helpers ?? {});
		const helpers = Object.fromEntries(
			helperNames.map((name) => {
				const r = rates(cumulative((s) => s.helpers[name] ?? null));
				return [name, { cpuMeanPct: r.mean, cpuPeakPct: r.peak }];
			})
		);
		const helpersMean = helperNames.reduce((sum, name) => sum + (helpers[name].cpuMeanPct ?? 0), 0);
		const other =
			machineBusy.mean === null || serverCpu.mean === null || generatorCpu.mean === null
				? null
				: Math.max(0, Math.round((machineBusy.mean - serverCpu.mean - generatorCpu.mean - helpersMean) * 10) / 10);
		const snapshots = (s: Sample) => s.servers.map((server) => server.snapshot);
		const served = window.filter((s) => snapshots(s).every(Boolean) && s.servers.length > 0);
		const each = (s: Sample) => snapshots(s).filter((x): x is MetricsSnapshot => x !== null);
		const p99s = window.flatMap((s) => each(s).map((x) => x.eventLoopDelay.p99)).sort((a, b) => a - b);
		/** Worst window per sample (several processes: the worst of them), for the median window. */
		const worstPerSample = window.filter((s) => each(s).length).map((s) => Math.max(...each(s).map((x) => x.eventLoopDelay.p99))).sort((a, b) => a - b);
		const sumOf = (s: Sample, key: 'rss' | 'heapUsed' | 'connections') => each(s).reduce((total, x) => total + x[key], 0);
		const rss = maxOf(served.map((s) => sumOf(s, 'rss')));
		const heap = maxOf(served.map((s) => sumOf(s, 'heapUsed')));
		const round = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
		// From the first to the last sample in which every process answered (cumulative counters).
		const [first, last] = [served[0], served.at(-1)];
		const gcOf = (sample: Sample | undefined) => (sample ? each(sample).map((x) => x.gc) : []);
		const gcPairs = first && last && first !== last ? gcOf(first).map((a, i) => [a, gcOf(last)[i]] as const) : [];
		const gc =
			gcPairs.length > 0 && gcPairs.every(([a, b]) => a && b)
				? gcPairs.reduce(
						(sum, [a, b]) => ({
							minorMs: sum.minorMs + b.minor.ms - a.minor.ms,
							minorCount: sum.minorCount + b.minor.count - a.minor.count,
							majorMs: sum.majorMs + b.major.ms - a.major.ms,
							majorCount: sum.majorCount + b.major.count - a.major.count
						}),
						{ minorMs: 0, minorCount: 0, majorMs: 0, majorCount: 0 }
					)
				: null;
		const summary: ResourceSummary = {
			cpuMeanPct: serverCpu.mean,
			cpuPeakPct: serverCpu.peak,
			rssPeakMB: rss === null ? null : mb(rss),
			heapPeakMB: heap === null ? null : mb(heap),
			eventLoopP99WorstMs: round(maxOf(p99s)),
			eventLoopP99MedianMs: round(worstPerSample.length ? worstPerSample[Math.floor(worstPerSample.length / 2)] : null),
			eventLoopMaxMs: round(maxOf(window.flatMap((s) => each(s).map((x) => x.eventLoopDelay.max)))),
			connectionsPeak: maxOf(served.map((s) => sumOf(s, 'connections'))),
			gc: gc && { ...gc, minorMs: Math.round(gc.minorMs), majorMs: Math.round(gc.majorMs) },
			generatorCpuMeanPct: generatorCpu.mean,
			generatorCpuPeakPct: generatorCpu.peak,
			generatorEventLoopP99WorstMs: round(maxOf(window.map((s) => s.generatorDelay.p99))),
			otherCpuMeanPct: other,
			iowaitMeanPct: iowait.mean,
			samples: window.length
		};
		if (processes > 1) {
			const names = this.targets().map((target) => target.name);
			summary.perProcess = Array.from({ length: processes }, (_, i) => {
				const r = rates(processPair(i));
				const peak = maxOf(window.map((s) => s.servers[i]?.snapshot?.rss ?? 0).filter((v) => v > 0));
				return { name: names[i] ?? `process ${i + 1}`, cpuMeanPct: r.mean, cpuPeakPct: r.peak, rssPeakMB: peak === null ? null : mb(peak) };
			});
		}
		if (helperNames.length) summary.helpers = helpers;
		return summary;
	}
}
