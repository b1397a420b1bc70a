/**
 * groups-typing: sessions split into groups (`groups:setup`); every member opens its group's
 * sheet with y-websocket's own WebsocketProvider and types into one shared field.
 *
 * Keystroke → peer: each keystroke inserts one character, so a writer's Yjs clock counts its
 * keystrokes. The writer records when it typed keystroke k; on every update a peer applies, it
 * reads the writer's clock in its own document (`Y.getState`) and each newly covered k is a
 * sample: arrival time minus typing time.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEFAULT_COLLAB_LIMITS, type CollabStats } from '../../server/collab/types';
import { closeAll, command, joinParticipants, sheetOptions, type Participant } from '../clients';
import { atMost } from '../report';
import { generatorNotes, openRoom, PhaseClock, scenarioResult, type BenchRoom, type Scenario } from '../scenario';
import { Latencies, now, sleep, waitFor } from '../stats';

const SIZE = {
	full: { groups: 100, members: 5, groupsPerSession: 10, seconds: 30 },
	quick: { groups: 10, members: 3, groupsPerSession: 5, seconds: 10 }
};
const KEYS_PER_SECOND = 3;

interface Member {
	participant: Participant;
	doc: Y.Doc;
	provider: WebsocketProvider;
	text: Y.Text;
	/** typedAt[k - 1]: when keystroke k was typed. */
	typedAt: number[];
	peers: Member[];
}

function openSheet(port: number, room: BenchRoom, participant: Participant, field: string): Member {
	const doc = new Y.Doc();
	const docName = `${room.session.id}/${participant.self!.groupId}`;
	const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, docName, doc, sheetOptions(participant, docName));
	return { participant, doc, provider, text: doc.getText(field), typedAt: [], peers: [] };
}

/** Every update a member applies: which of its peers' keystrokes it now has. */
function watchPeers(member: Member, latency: Latencies): void {
	const seen = new Map(member.peers.map((peer) => [peer.doc.clientID, 0]));
	member.doc.on('update', () => {
		const at = now();
		for (const peer of member.peers) {
			const state = Y.getState(member.doc.store, peer.doc.clientID);
			const before = seen.get(peer.doc.clientID)!;
			for (let k = before + 1; k <= state; k++) latency.add(at - peer.typedAt[k - 1]);
			seen.set(peer.doc.clientID, state);
		}
	});
}

/**
 * What the Yjs endpoint counted while typing (`/__metrics`, server/collab/limits.ts): messages
 * per connection and second, and the most of a budget's burst one connection used, against
 * the limits (DEFAULT_COLLAB_LIMITS).
 */
function collabLimitsSeen(
	before: CollabStats | null,
	after: CollabStats | null,
	connections: number,
	seconds: number
): { refused: number | null; extra: Record<string, string | number> } {
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

export const groupsTyping: Scenario = {
	name: 'groups-typing',
	describe: `groups of members typing ${KEYS_PER_SECOND} characters a second each into their group's sheet`,
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = SIZE[context.quick ? 'quick' : 'full'];
		const { url, port } = context.server;
		const sessions = Math.ceil(size.groups / size.groupsPerSession);
		const rooms: BenchRoom[] = [];
		const members: Member[] = [];
		const participants: Participant[] = [];
		const latency = new Latencies();
		const baselineRss = context.sampler.latest?.rss ?? null;
		// y-websocket adds a process 'exit' listener per provider: hundreds here, all removed on destroy.
		const maxListeners = process.getMaxListeners();
		process.setMaxListeners(size.groups * size.members + 20);

		try {
			const setup = await PhaseClock.begin(context);
			for (let s = 0; s < sessions; s++) {
				const room = await openRoom(url, new Latencies());
				const stepIndex = room.content.steps.findIndex((step) => step.kind === 'content' && step.questions.length > 0);
				await command(room.host, 'step:goto', { index: stepIndex });
				const join = await joinParticipants(url, room.session.code, size.groupsPerSession * size.members);
				if (join.failed) throw new Error(`${join.failed} participants could not join`);
				participants.push(...join.participants);
				await command(room.host, 'groups:setup', { count: size.groupsPerSession, mode: 'auto' });
				if (!(await waitFor(() => join.participants.every((p) => p.self?.groupId), 15_000))) throw new Error('not everyone got a group');
				const field = `${room.content.steps[stepIndex].id}.0`;
				const opened = join.participants.map((p) => openSheet(port, room, p, field));
				for (const member of opened) member.peers = opened.filter((m) => m !== member && m.participant.self!.groupId === member.participant.self!.groupId);
				members.push(...opened);
				rooms.push(room);
			}
			if (!(await waitFor(() => members.every((m) => m.provider.synced), 30_000))) throw new Error('not every sheet synced');
			const opening = setup.finish('join + open sheets', members.length, { baselineRss, extra: { groups: size.groups, sessions } });
			for (const member of members) watchPeers(member, latency);

			// Typing: one keystroke per member every 1/3 s, each member at its own phase.
			const typing = await PhaseClock.begin(context);
			const collabBefore = context.sampler.latest?.collab ?? null;
			const keystrokes = size.seconds * KEYS_PER_SECOND;
			const gap = 1000 / KEYS_PER_SECOND;
			const schedule = members
				.flatMap((member) => {
					const offset = Math.random() * gap;
					return Array.from({ length: keystrokes }, (_, k) => ({ member, k, at: offset + k * gap }));
				})
				.sort((a, b) => a.at - b.at);
			const typingStarted = now();
			let typed = 0;
			for (const { member, k, at } of schedule) {
				const wait = typingStarted + at - now();
				if (wait > 2) await sleep(wait);
				member.typedAt.push(now());
				member.text.insert(member.text.length, String.fromCharCode(97 + (k % 26)));
				typed += 1;
			}
			const complete = () => members.every((m) => m.peers.every((peer) => Y.getState(m.doc.store, peer.doc.clientID) === peer.typedAt.length));
			await waitFor(complete, 5_000);
			await sleep(300);
			const expected = members.reduce((sum, m) => sum + m.peers.reduce((s, peer) => s + peer.typedAt.length, 0), 0);
			const collab = collabLimitsSeen(collabBefore, context.sampler.latest?.collab ?? null, members.length, size.seconds);
			const phase = typing.finish(`typing ${size.seconds} s`, members.length, {
				keystroke: { ...latency.summary(), unseen: expected - latency.count },
				ratePerSecond: Math.round(typed / (size.seconds || 1)),
				baselineRss,
				extra: { keystrokes: typed, 'updates delivered to peers': latency.count, ...collab.extra }
			});
			const phases = [opening, phase];
			return scenarioResult(this.name, context, startedAt, started, {
				params: { ...size, sessions, keysPerSecond: KEYS_PER_SECOND },
				phases,
				targets: [
					atMost('keystroke → peer p95', phase.keystroke?.p95, 100, 'ms'),
					atMost('server CPU mean while typing', phase.resources.cpuMeanPct, 100, '% core'),
					atMost('keystrokes never seen by a peer', phase.keystroke?.unseen, 0, ''),
					atMost('sheet connections refused by the Yjs limits', collab.refused, 0, '')
				],
				notes: generatorNotes(phases)
			});
		} finally {
			for (const member of members) member.provider.destroy();
			process.setMaxListeners(maxListeners);
			await closeAll([...participants, ...rooms.flatMap((room) => [room.host, room.screen])]);
		}
	}
};
