/**
 * One failover round: two processes behind nginx, a facilitator, phones rating all the time
 * and two groups typing into their sheets; the process that owns the session gets SIGKILL (a
 * crash) or SIGTERM (a drain, as a deploy does). What every client's outage was, when the other
 * process owned the session, and what of the acknowledged ratings and typed text is in
 * PostgreSQL afterwards. The clients are the tests' (tests/helpers/routed-clients.ts,
 * tests/helpers/yjs.ts): they connect as the pages do and resume by themselves.
 */
import * as Y from 'yjs';
import { hashSecret } from '../../server/keys';
import { introTool } from '../../src/lib/template/intro-tool';
import { RoutedClient, RoutedPhone } from '../../tests/helpers/routed-clients';
import { YClient } from '../../tests/helpers/yjs';
import { createSession } from '../clients';
import type { BenchCluster } from '../cluster';
import { jitter, now, sleep, waitFor } from '../stats';

const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
/** A phone rates about once a second; a typist types 5 characters a second. */
const RATE_EVERY_MS = 1_000;
const TYPE_EVERY_MS = 200;
/** Text typed this long before the signal must be in PostgreSQL (sheets are committed within 0.5 s). */
const TEXT_GRACE_MS = 1_000;

export type Signal = 'SIGKILL' | 'SIGTERM';

export interface RoundResult {
	/** Each client's outage (disconnect → connected again; a sheet: → synced again), ms. */
	outages: number[];
	/** Signal → the last client back (connected, sheets synced), ms; null if one never came back. */
	lastResumedMs: number | null;
	/** Signal → the other process holds the session's lease, ms. */
	ownedMs: number | null;
	/** Signal → the first moment no phone waits for an acknowledgement (the backlog cleared; they go on rating), ms. */
	allAcknowledgedMs: number | null;
	/** Ratings unacknowledged at the signal (in flight or buffered). */
	pendingAtSignal: number;
	acknowledged: number;
	/** Acknowledged ratings (the latest per phone and item) whose value is not in PostgreSQL. */
	ratingsLost: number;
	/** Characters typed more than TEXT_GRACE_MS before the signal that PostgreSQL did not have after it. */
	textLost: number;
	/** Characters that had to be in PostgreSQL (the sum over both sheets). */
	textChecked: number;
	clients: number;
	/** Clients whose connection the signal did not cut (every one should be cut: all are on the owner). */
	neverCut: number;
}

/** A sheet's text as PostgreSQL holds it: its stored updates applied to a fresh document. */
async function storedText(bench: BenchCluster, docName: string): Promise<string> {
	const { rows } = await bench.cluster.db.query<{ data: Buffer }>('SELECT data FROM collab_updates WHERE doc = $1 ORDER BY id', [docName]);
	const doc = new Y.Doc();
	for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
	return doc.getText('body').toString();
}

/** Follows one client's outage around the signal: lost at `down`, back at `up`. */
class Outage {
	lostAt: number | null = null;
	backAt: number | null = null;
	armed = false;
	down(): void {
		if (this.armed && this.lostAt === null) this.lostAt = now();
	}
	up(): void {
		if (this.armed && this.lostAt !== null && this.backAt === null) this.backAt = now();
	}
}

export async function failoverRound(bench: BenchCluster, signal: Signal, phones: number, beforeMs: number): Promise<RoundResult> {
	const { cluster } = bench;
	const session = await createSession(cluster.url);
	const host = await new RoutedClient(cluster.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online();
	const setup = async (event: string, payload: unknown) => {
		const reply = await host.emit(event, payload);
		if (!('data' in reply)) throw new Error(`${event}: ${JSON.stringify(reply)}`);
	};
	await setup('groups:setup', { count: 2, mode: 'auto' });
	await setup('step:goto', { index: leaderStep });
	const phoneList = Array.from({ length: phones }, () => new RoutedPhone(cluster.url, session.code));
	const sheets: YClient[] = [];
	let stopping = false;
	try {
		for (let i = 0; i < phoneList.length; i += 50) await Promise.all(phoneList.slice(i, i + 50).map((phone) => phone.online(30_000)));
		if (!(await waitFor(() => phoneList.every((phone) => phone.self?.groupId), 15_000))) throw new Error('not everyone got a group');
		const owner = await cluster.ownerOf(session.id);
		const survivor = cluster.apps.find((app) => app !== owner);
		if (!owner || !survivor) throw new Error('no process owns the session');

		const groups = [...new Set(phoneList.map((phone) => phone.self!.groupId!))];
		for (const group of groups) sheets.push(new YClient(cluster.url, `${session.id}/${group}`, phoneList.find((phone) => phone.self!.groupId === group)!));
		await Promise.all(sheets.map((sheet) => sheet.synced()));

		// Outages: every socket.io client and every sheet.
		const outages = new Map<object, Outage>();
		for (const client of [host, ...phoneList]) {
			const outage = new Outage();
			outages.set(client, outage);
			client.socket.on('disconnect', () => outage.down());
			client.socket.on('connect', () => outage.up());
		}
		for (const sheet of sheets) {
			const outage = new Outage();
			outages.set(sheet, outage);
			sheet.provider.on('status', ({ status }) => status === 'disconnected' && outage.down());
			sheet.provider.on('sync', (synced: boolean) => synced && outage.up());
		}

		// Load: each phone a random leader item every ~second; each sheet a letter every 200 ms.
		const rating = phoneList.map(async (phone) => {
			await sleep(Math.random() * RATE_EVERY_MS);
			while (!stopping) {
				phone.rate(leaderItems[Math.floor(Math.random() * leaderItems.length)], Math.floor(Math.random() * 5));
				await sleep(jitter(RATE_EVERY_MS));
			}
		});
		const histories = sheets.map(() => [] as Array<{ at: number; text: string }>);
		const typing = setInterval(() => {
			for (const [i, sheet] of sheets.entries()) {
				sheet.text.insert(sheet.text.length, 'abcdefghij'[histories[i].length % 10]);
				histories[i].push({ at: now(), text: sheet.text.toString() });
			}
		}, TYPE_EVERY_MS);

		await sleep(beforeMs);
		for (const outage of outages.values()) outage.armed = true;
		const pendingAtSignal = phoneList.reduce((sum, phone) => sum + phone.waiting, 0);
		const signalledAt = now();
		const stopped = owner.stop(signal);
		// Who owns the session, polled from PostgreSQL until it is the other process.
		let ownedMs: number | null = null;
		const owning = (async () => {
			const deadline = signalledAt + 30_000;
			while (now() < deadline) {
				if ((await cluster.ownerOf(session.id)) === survivor) return void (ownedMs = now() - signalledAt);
				await sleep(20);
			}
		})();
		await stopped;
		const stoppedAt = now();
		// What the owner committed is all there will be from it: read the sheets' rows now, before a
		// reconnecting typist can send its text to the other process again.
		const storedAfter = await Promise.all(groups.map((group) => storedText(bench, `${session.id}/${group}`)));
		const every = [...outages.values()];
		// A client that has not lost its connection 2 s after the process ended never did (none should).
		const back = (o: Outage) => o.backAt !== null || (o.lostAt === null && now() - stoppedAt > 2_000);
		const resumed = await waitFor(() => every.every(back), 30_000);
		const lastResumedMs = resumed ? Math.max(...every.map((o) => o.backAt ?? signalledAt)) - signalledAt : null;
		// The backlog: the first moment after the signal at which no phone waits for an ack (they go on rating).
		const caughtUp = await waitFor(() => phoneList.every((phone) => phone.socket.connected && phone.waiting === 0), 20_000, 5);
		const allAcknowledgedMs = caughtUp ? now() - signalledAt : null;
		await owning;
		await sleep(1_000);
		stopping = true;
		clearInterval(typing);
		await Promise.all(rating);
		if (!(await waitFor(() => phoneList.every((phone) => phone.waiting === 0), 20_000))) throw new Error('ratings still unacknowledged 20 s after the last was sent');

		// Every acknowledged rating (the latest per phone and item) is in PostgreSQL.
		const { rows } = await cluster.db.query<{ token_hash: string; item_id: string; value: number }>(
			'SELECT p.token_hash, r.item_id, r.value FROM ratings r JOIN participants p ON p.id = r.participant_id WHERE r.session_id = $1',
			[session.id]
		);
		const stored = new Map(rows.map((row) => [`${row.token_hash}/${row.item_id}`, Number(row.value)]));
		let ratingsLost = 0;
		let acknowledged = 0;
		for (const phone of phoneList) {
			const hash = hashSecret(phone.token);
			for (const [itemId, value] of phone.acknowledged) {
				acknowledged += 1;
				if (stored.get(`${hash}/${itemId}`) !== value) ratingsLost += 1;
			}
		}
		// Text typed before signal − grace must be a prefix of what was stored (one writer per sheet, appending).
		let textLost = 0;
		let textChecked = 0;
		for (const [i, history] of histories.entries()) {
			const due = history.filter((entry) => entry.at <= signalledAt - TEXT_GRACE_MS).at(-1)?.text ?? '';
			let common = 0;
			while (common < due.length && due[common] === storedAfter[i][common]) common++;
			textLost += due.length - common;
			textChecked += due.length;
		}
		return {
			outages: every.filter((o) => o.backAt !== null && o.lostAt !== null).map((o) => o.backAt! - o.lostAt!),
			lastResumedMs,
			ownedMs,
			allAcknowledgedMs,
			pendingAtSignal,
			acknowledged,
			ratingsLost,
			textLost,
			textChecked,
			clients: every.length,
			neverCut: every.filter((o) => o.lostAt === null).length
		};
	} finally {
		stopping = true;
		for (const sheet of sheets) sheet.destroy();
		for (const client of [host, ...phoneList]) client.close();
	}
}
