/**
 * groups-typing (issue 17): groups of members typing into one shared field of their group's
 * sheet, each with y-websocket's own WebsocketProvider (bench/typing.ts), against our Yjs
 * endpoint and against y-websocket's own server (bench/baseline/yjs-server.ts) in the same
 * invocation. Ours: sessions split into groups (`groups:setup`), every member opening its
 * group's sheet with a ticket, every update persisted. The baseline: the same typers in the
 * same groups on documents of the same names' shape, no ticket, nothing persisted. Trials are
 * interleaved (the order rotates each trial), each figure is the median of the trials, and the
 * ratios ours ÷ baseline are the targets.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_COLLAB_LIMITS, type CollabStats } from '../../server/collab/types';
import { closeAll, command, joinParticipants, sheetOptions, type Participant } from '../clients';
import { formatProfile, newestProfile, type ProfileSummary } from '../profile';
import { atMost, type PhaseResult } from '../report';
import { Sampler } from '../sampler';
import { generatorNotes, openRoom, PhaseClock, scenarioResult, type BenchRoom, type Scenario, type ScenarioContext } from '../scenario';
import { BenchServer, profileDir } from '../server';
import { Latencies, median, now, ratio, roundTo, waitFor } from '../stats';
import { allSynced, groupUp, openTyper, typeAll, type Typer } from '../typing';

const SIZE = {
	full: { groups: 100, members: 5, groupsPerSession: 10, seconds: 30, trials: 3 },
	quick: { groups: 10, members: 3, groupsPerSession: 5, seconds: 10, trials: 2 }
};
type Size = (typeof SIZE)['full'];
const KEYS_PER_SECOND = 3;
/** Ours may cost at most this much more than y-websocket's own server (issue 17). */
const RATIO_LIMIT = 1.2;

const TARGETS = [
	{ name: 'ours', entry: undefined },
	{ name: 'y-websocket', entry: 'bench/baseline/yjs-server.ts' }
] as const;
type Target = (typeof TARGETS)[number];
type TargetName = Target['name'];

interface Trial {
	p50: number | null;
	p95: number | null;
	/** Server CPU seconds per 1,000 updates (keystrokes) over the typing phase. */
	cpuPerThousand: number | null;
	unseen: number;
	refused: number | null;
	phase: PhaseResult;
}

/**
 * What the Yjs endpoint counted while typing (`/__metrics`, server/collab/limits.ts): messages
 * per connection and second, and the most of a budget's burst one connection used, against
 * the limits (DEFAULT_COLLAB_LIMITS). The baseline counts nothing.
 */
function collabLimitsSeen(before: CollabStats | null, after: CollabStats | null, connections: number, seconds: number): { refused: number | null; extra: Record<string, string | number> } {
	if (!after) return { refused: null, extra: {} };
	const rate = (key: 'syncMessages' | 'awarenessMessages') => Math.round(((after[key] - (before?.[key] ?? 0)) / connections / (seconds || 1)) * 10) / 10;
	const { sync, awareness } = DEFAULT_COLLAB_LIMITS;
	return {
		refused: after.refused,
		extra: {
			'sync messages per connection per s (limit)': `${rate('syncMessages')} (${sync.perSecond}/s)`,
			'awareness messages per connection per s (limit)': `${rate('awarenessMessages')} (${awareness.perSecond}/s)`,
			'peak burst used by a connection: sync / awareness (of)': `${Math.ceil(after.peakSyncBurst)} / ${Math.ceil(after.peakAwarenessBurst)} (${sync.burst} / ${awareness.burst})`,
			'sheet connections refused': after.refused
		}
	};
}

interface Opened {
	typers: Typer[];
	/** The socket.io connections behind them (ours only). */
	clients: Participant[];
	rooms: BenchRoom[];
}

/** Ours: sessions, their participants in groups, every member on its group's sheet with a ticket. */
async function openOurs(url: string, port: number, size: Size, opened: Opened): Promise<void> {
	for (let s = 0; s < size.groups / size.groupsPerSession; s++) {
		const room = await openRoom(url, new Latencies());
		opened.rooms.push(room);
		const stepIndex = room.content.steps.findIndex((step) => step.kind === 'content' && step.questions.length > 0);
		await command(room.host, 'step:goto', { index: stepIndex });
		const join = await joinParticipants(url, room.session.code, size.groupsPerSession * size.members);
		opened.clients.push(...join.participants);
		if (join.failed) throw new Error(`${join.failed} participants could not join`);
		await command(room.host, 'groups:setup', { count: size.groupsPerSession, mode: 'auto' });
		if (!(await waitFor(() => join.participants.every((p) => p.self?.groupId), 15_000))) throw new Error('not everyone got a group');
		const field = `${room.content.steps[stepIndex].id}.0`;
		for (const p of join.participants) {
			const docName = `${room.session.id}/${p.self!.groupId}`;
			opened.typers.push(Object.assign(openTyper(port, docName, field, sheetOptions(p, docName)), { docName }));
		}
	}
}

/** The baseline: the same groups of typers on documents named as ours are (`SESSION/gN`), no ticket. */
function openBaseline(port: number, size: Size, opened: Opened): void {
	for (let s = 0; s < size.groups / size.groupsPerSession; s++) {
		const sessionId = randomBytes(12).toString('base64url');
		for (let g = 1; g <= size.groupsPerSession; g++) {
			for (let m = 0; m < size.members; m++) {
				const docName = `${sessionId}/g${g}`;
				opened.typers.push(Object.assign(openTyper(port, docName, 'step.0'), { docName }));
			}
		}
	}
}

/** One trial against a fresh process of `target`. */
async function trial(context: ScenarioContext, target: Target, size: Size, profiles: Map<TargetName, ProfileSummary>): Promise<Trial> {
	const since = Date.now();
	const server = await BenchServer.start({ cpuProfile: context.profiled, entry: target.entry });
	const sampler = new Sampler(() => [{ name: 'server', url: server.url, pid: server.pid }]);
	sampler.start();
	const fresh = { ...context, server, sampler };
	const opened: Opened = { typers: [], clients: [], rooms: [] };
	try {
		await sampler.ready();
		const baselineRss = sampler.latest?.rss ?? null;
		if (target.entry) openBaseline(server.port, size, opened);
		else await openOurs(server.url, server.port, size, opened);
		groupUp(opened.typers as Array<Typer & { docName: string }>, (t) => t.docName);
		if (!(await allSynced(opened.typers))) throw new Error(`${target.name}: not every sheet synced`);

		const typing = await PhaseClock.begin(fresh);
		const collabBefore = sampler.latest?.collab ?? null;
		const typed = await typeAll(opened.typers, size.seconds, KEYS_PER_SECOND);
		const collab = collabLimitsSeen(collabBefore, sampler.latest?.collab ?? null, opened.typers.length, size.seconds);
		const phase = typing.finish(`typing ${size.seconds} s · ${target.name}`, opened.typers.length, {
			keystroke: { ...typed.latency.summary(), unseen: typed.unseen },
			ratePerSecond: Math.round(typed.typed / (size.seconds || 1)),
			baselineRss,
			extra: { keystrokes: typed.typed, 'updates delivered to peers': typed.latency.count, ...collab.extra }
		});
		const cpu = phase.resources.cpuMeanPct;
		return {
			p50: phase.keystroke?.p50 ?? null,
			p95: phase.keystroke?.p95 ?? null,
			cpuPerThousand: cpu === null || typed.typed === 0 ? null : (((cpu / 100) * phase.durationMs) / 1000 / typed.typed) * 1000,
			unseen: typed.unseen,
			refused: collab.refused,
			phase
		};
	} finally {
		for (const typer of opened.typers) typer.provider.destroy();
		await closeAll([...opened.clients, ...opened.rooms.flatMap((room) => [room.host, room.screen])]);
		await sampler.stop();
		await server.dispose();
		// A profiled process writes its profile when it stops: the last trial's is kept.
		const profile = context.profiled ? newestProfile(profileDir, since) : undefined;
		if (profile) profiles.set(target.name, profile);
	}
}

export const groupsTyping: Scenario = {
	name: 'groups-typing',
	describe: `groups of members typing ${KEYS_PER_SECOND} characters a second each into their group's sheet: ours beside y-websocket's own server (interleaved trials, medians)`,
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = SIZE[context.quick ? 'quick' : 'full'];
		const typers = size.groups * size.members;
		const trials: Record<TargetName, Trial[]> = { ours: [], 'y-websocket': [] };
		const profiles = new Map<TargetName, ProfileSummary>();
		// y-websocket adds a process 'exit' listener per provider: hundreds here, all removed on destroy.
		const maxListeners = process.getMaxListeners();
		process.setMaxListeners(typers + 20);
		try {
			for (let t = 0; t < size.trials; t++) {
				// Rotate the order so that neither always runs first on a warming machine.
				for (let k = 0; k < TARGETS.length; k++) {
					const target = TARGETS[(t + k) % TARGETS.length];
					trials[target.name].push(await trial(context, target, size, profiles));
				}
			}
		} finally {
			process.setMaxListeners(maxListeners);
		}
		const med = (name: TargetName, pick: (trial: Trial) => number | null) => median(trials[name].map(pick));
		const phases: PhaseResult[] = [];
		for (const { name } of TARGETS) {
			// The phase shown is the trial whose p95 is the median's nearest; the extra rows are medians.
			const p95 = med(name, (t) => t.p95);
			const nearest = [...trials[name]].sort((a, b) => Math.abs((a.p95 ?? Infinity) - (p95 ?? 0)) - Math.abs((b.p95 ?? Infinity) - (p95 ?? 0)))[0];
			phases.push({
				...nearest.phase,
				extra: {
					...nearest.phase.extra,
					'median keystroke → peer p50 / p95 (ms)': `${roundTo(med(name, (t) => t.p50), 1) ?? '–'} / ${roundTo(p95, 1) ?? '–'}`,
					'median CPU per 1,000 updates (s)': med(name, (t) => t.cpuPerThousand)?.toFixed(3) ?? '–',
					'trials: p95 (ms)': trials[name].map((t) => t.p95 ?? '–').join(' '),
					'trials: CPU per 1,000 updates (s)': trials[name].map((t) => (t.cpuPerThousand === null ? '–' : t.cpuPerThousand.toFixed(3))).join(' ')
				}
			});
		}
		const vs = (pick: (trial: Trial) => number | null) => ratio(med('ours', pick), med('y-websocket', pick));
		const ours = trials.ours;
		const targets = [
			atMost('keystroke → peer p95 ÷ y-websocket', vs((t) => t.p95), RATIO_LIMIT, '×'),
			atMost('CPU per update ÷ y-websocket', vs((t) => t.cpuPerThousand), RATIO_LIMIT, '×'),
			atMost('keystroke → peer p95 (ours, median)', med('ours', (t) => t.p95), 100, 'ms'),
			atMost('keystrokes never seen by a peer (ours, all trials)', ours.reduce((sum, t) => sum + t.unseen, 0), 0, ''),
			atMost('sheet connections refused by the Yjs limits (ours, all trials)', ours.reduce((sum, t) => sum + (t.refused ?? 0), 0), 0, '')
		];
		const notes = [
			`${typers} typers in groups of ${size.members}, ${KEYS_PER_SECOND} keystrokes/s each, ${size.trials} trials of ${size.seconds} s per server; ours ÷ y-websocket keystroke → peer p50 ${vs((t) => t.p50) ?? '–'}.`,
			...generatorNotes([...ours, ...trials['y-websocket']].map((t) => t.phase))
		];
		for (const [name, profile] of profiles) notes.push(`CPU profile (${name}, last trial):\n${formatProfile(profile)}`);
		return {
			...scenarioResult(this.name, context, startedAt, started, {
				params: { ...size, typers, keysPerSecond: KEYS_PER_SECOND },
				phases,
				targets,
				notes
			}),
			...(profiles.has('ours') && { profile: profiles.get('ours') }),
			tableColumns: TARGETS.length
		};
	}
};
