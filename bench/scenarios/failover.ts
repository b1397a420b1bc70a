/**
 * failover: two processes behind nginx; N phones rating all the time, two groups typing and a
 * facilitator; the process that owns the session is killed (SIGKILL) or drained (SIGTERM).
 * Several rounds of each, every one on a fresh cluster; the table shows medians over rounds
 * and each round's value. See failover-round.ts for what is measured.
 */
import { startBenchCluster } from '../cluster';
import { atMost, type PhaseResult } from '../report';
import type { ResourceSummary } from '../sampler';
import { generatorNotes, scenarioResult, type Scenario } from '../scenario';
import { distribution, now } from '../stats';
import { failoverRound, type RoundResult, type Signal } from './failover-round';

const SIZE = { full: { phones: 100, rounds: 3, beforeMs: 5_000 }, quick: { phones: 30, rounds: 1, beforeMs: 3_000 } };
const SIGNALS: Array<{ signal: Signal; label: string }> = [
	{ signal: 'SIGKILL', label: 'SIGKILL (crash)' },
	{ signal: 'SIGTERM', label: 'SIGTERM (drain)' }
];

const median = (values: Array<number | null>): number | null => {
	if (values.some((v) => v === null)) return null;
	const sorted = (values as number[]).slice().sort((a, b) => a - b);
	return sorted.length ? Math.round(sorted[Math.floor((sorted.length - 1) / 2)]) : null;
};
const each = (values: Array<number | null>) => values.map((v) => (v === null ? '–' : Math.round(v))).join(', ');

function phaseOf(label: string, rounds: RoundResult[], resources: ResourceSummary, durationMs: number): PhaseResult {
	const outage = rounds.map((r) => distribution(r.outages));
	const pick = (f: (r: RoundResult, i: number) => number | null) => rounds.map(f);
	const row = (values: Array<number | null>) => `${median(values) ?? '–'}  (${each(values)})`;
	return {
		name: label,
		participants: rounds[0]?.clients ?? 0,
		durationMs,
		resources,
		rssPerParticipantKB: null,
		lost: 0,
		refused: {},
		extra: {
			rounds: rounds.length,
			'clients (phones + facilitator + sheets)': rounds[0]?.clients ?? 0,
			'outage p50 (ms), median (each round)': row(pick((_, i) => outage[i].p50)),
			'outage p95 (ms)': row(pick((_, i) => outage[i].p95)),
			'outage max (ms)': row(pick((_, i) => outage[i].max)),
			'signal → last client back (ms)': row(pick((r) => r.lastResumedMs)),
			'signal → other process owns the session (ms)': row(pick((r) => r.ownedMs)),
			'signal → no phone waiting for an ack (ms)': row(pick((r) => r.allAcknowledgedMs)),
			'ratings unacknowledged at the signal': row(pick((r) => r.pendingAtSignal)),
			'acknowledged ratings checked in PostgreSQL': row(pick((r) => r.acknowledged)),
			'acknowledged ratings lost (all rounds)': rounds.reduce((sum, r) => sum + r.ratingsLost, 0),
			'text typed > 1 s before, checked (chars)': row(pick((r) => r.textChecked)),
			'group text lost (chars, all rounds)': rounds.reduce((sum, r) => sum + r.textLost, 0),
			'clients not cut by the signal': rounds.reduce((sum, r) => sum + r.neverCut, 0)
		}
	};
}

export const failover: Scenario = {
	name: 'failover',
	describe: 'phones rating, groups typing; the owning process is killed (SIGKILL) or drained (SIGTERM); outages, takeover, losses',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = SIZE[context.quick ? 'quick' : 'full'];
		// y-websocket adds a process 'exit' listener per provider (removed on destroy).
		const maxListeners = process.getMaxListeners();
		process.setMaxListeners(50);
		const phases: PhaseResult[] = [];
		const all: RoundResult[] = [];
		for (const { signal, label } of SIGNALS) {
			const rounds: RoundResult[] = [];
			const from = now();
			let resources: ResourceSummary | null = null;
			for (let round = 0; round < size.rounds; round++) {
				const bench = await startBenchCluster();
				const roundFrom = now();
				try {
					rounds.push(await failoverRound(bench, signal, size.phones, size.beforeMs));
					resources = bench.sampler.summary(roundFrom, now());
				} catch (error) {
					for (const app of bench.cluster.apps) console.error(`\n${app.name} output:\n${app.output.slice(-3_000)}`);
					throw error;
				} finally {
					await bench.stop();
				}
			}
			all.push(...rounds);
			phases.push(phaseOf(label, rounds, resources!, Math.round(now() - from)));
		}
		process.setMaxListeners(maxListeners);
		const [kill, drain] = [all.slice(0, size.rounds), all.slice(size.rounds)];
		const worst = (rounds: RoundResult[]) => (rounds.some((r) => r.lastResumedMs === null) ? null : Math.max(...rounds.map((r) => r.lastResumedMs!)) / 1000);
		return scenarioResult(this.name, context, startedAt, started, {
			params: { ...size, processes: 2, groups: 2, rateEveryMs: 1_000, typeEveryMs: 200, leaseTtlMs: 'production default' },
			phases,
			targets: [
				atMost('acknowledged ratings lost (every round)', all.reduce((sum, r) => sum + r.ratingsLost, 0), 0, ''),
				atMost('group text typed > 1 s before the signal lost (every round)', all.reduce((sum, r) => sum + r.textLost, 0), 0, 'chars'),
				atMost('SIGKILL: every client back within (worst round)', worst(kill), 10, 's'),
				atMost('SIGTERM: every client back within (worst round)', worst(drain), 5, 's')
			],
			notes: [
				'Resources (CPU, RSS) are of the last round of each signal, summed over both processes.',
				...generatorNotes(phases)
			]
		});
	}
};
