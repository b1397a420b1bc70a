/**
 * One load-generator process (forked by bench/load/generator.ts): holds many RawPhones and
 * does what its parent asks over IPC, one command at a time, answering each with its counts and
 * raw samples. Times in answers are ms since the epoch on this machine's monotonic clock
 * (phone.ts `clock`), so the parent can set them against its own.
 */
import { clock, RawPhone, type PendingRating } from './phone';

export interface JoinCommand {
	type: 'join';
	url: string;
	code: string;
	count: number;
	/** The first phone connects at `startAt` (epoch ms), the last `spreadMs` later (a hall's phones arriving). */
	startAt: number;
	spreadMs: number;
}

export interface RateCommand {
	type: 'rate';
	itemIds: string[];
	startAt: number;
	durationMs: number;
	/** `pace`: each phone one rating every ~intervalMs (uniform ±50 %); `rate`: this worker's total per second, round-robin over its phones. */
	pace: { intervalMs: number } | { perSecond: number };
}

export type Command = JoinCommand | RateCommand | { type: 'close' };

export interface JoinReport {
	joined: number;
	failed: Record<string, number>;
	retries: number;
	/** `moved` refusals followed (the app on PostgreSQL). */
	moved: number;
	/** Per joined phone: first attempt → its own state received, ms. */
	joinMs: number[];
	lastJoinedAt: number | null;
}

export interface RateReport {
	sent: number;
	acknowledged: number;
	/** Acknowledged before the sending window closed (throughput). */
	acknowledgedInWindow: number;
	refused: Record<string, number>;
	lost: number;
	cut: number;
	ackMs: number[];
	/** Acknowledged first ratings, flat: itemIndex, sentAt, ackedAt, … */
	firsts: number[];
	/** What the sending loop achieved (it may lag): ratings actually sent per second of window. */
	sentPerSecond: number;
}

const ACK_TIMEOUT_MS = 15_000;
const TICK_MS = 5;
const phones: RawPhone[] = [];
let rating: RateReport | null = null;
let windowEnd = Infinity;
let onJoinSettled: (() => void) | null = null;
let failures: Record<string, number> = {};

const sleepUntil = (at: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, at - clock())));
const tick = () => new Promise((resolve) => setTimeout(resolve, TICK_MS));
const add = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

const hooks = {
	joined: () => onJoinSettled?.(),
	failed: (_phone: RawPhone, reason: string) => {
		add(failures, reason);
		onJoinSettled?.();
	},
	acknowledged(_phone: RawPhone, pending: PendingRating, ackedAt: number, error: string | null) {
		if (!rating) return;
		if (error !== null) return void add(rating.refused, error);
		rating.acknowledged += 1;
		if (ackedAt <= windowEnd) rating.acknowledgedInWindow += 1;
		rating.ackMs.push(ackedAt - pending.sentAt);
		if (pending.first) rating.firsts.push(pending.itemIndex, pending.sentAt, ackedAt);
	},
	cut(_phone: RawPhone, pending: PendingRating[]) {
		if (rating) rating.cut += pending.length;
	}
};

async function join(command: JoinCommand): Promise<JoinReport> {
	failures = {};
	const fresh: RawPhone[] = [];
	await sleepUntil(command.startAt);
	for (let i = 0; i < command.count; i++) {
		// The i-th phone's moment in the wave; when it has come, no wait (but a turn to read every 50).
		const at = command.startAt + (command.spreadMs * i) / command.count;
		if (at > clock()) await sleepUntil(at);
		else if (i % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
		const phone = new RawPhone(command.url, command.code, hooks);
		fresh.push(phone);
		phone.connect();
	}
	const settled = () => fresh.every((p) => p.joinedAt !== null || p.failure !== null);
	await new Promise<void>((resolve) => {
		onJoinSettled = () => settled() && resolve();
		onJoinSettled();
	});
	onJoinSettled = null;
	const joined = fresh.filter((p) => p.joinedAt !== null);
	phones.push(...joined);
	for (const phone of fresh) if (phone.joinedAt === null) phone.close();
	return {
		joined: joined.length,
		failed: failures,
		retries: fresh.reduce((sum, p) => sum + p.retries, 0),
		moved: fresh.reduce((sum, p) => sum + p.moved, 0),
		joinMs: joined.map((p) => p.joinedAt! - p.startedAt),
		lastJoinedAt: joined.length ? Math.max(...joined.map((p) => p.joinedAt!)) : null
	};
}

async function rate(command: RateCommand): Promise<RateReport> {
	const report: RateReport = { sent: 0, acknowledged: 0, acknowledgedInWindow: 0, refused: {}, lost: 0, cut: 0, ackMs: [], firsts: [], sentPerSecond: 0 };
	rating = report;
	const { itemIds, startAt, durationMs, pace } = command;
	windowEnd = startAt + durationMs;
	const send = (phone: RawPhone) => {
		if (!phone.open) return;
		const index = phone.nextItem++ % itemIds.length;
		phone.rate(itemIds[index], index, Math.floor(Math.random() * 5));
		report.sent += 1;
	};
	// Each phone starts its items at its own place in the list, so every item gets first ratings early.
	for (const phone of phones) phone.nextItem = Math.floor(Math.random() * itemIds.length);
	await sleepUntil(startAt);
	if ('intervalMs' in pace) {
		const nextAt = phones.map(() => startAt + Math.random() * pace.intervalMs);
		while (clock() < windowEnd) {
			const t = clock();
			for (let i = 0; i < phones.length; i++) {
				if (nextAt[i] > t) continue;
				send(phones[i]);
				nextAt[i] += pace.intervalMs * (0.5 + Math.random());
			}
			await tick();
		}
	} else {
		let cursor = 0;
		while (clock() < windowEnd && phones.length) {
			const due = Math.floor((pace.perSecond * (Math.min(clock(), windowEnd) - startAt)) / 1000) - report.sent;
			for (let k = 0; k < due; k++) send(phones[cursor++ % phones.length]);
			await tick();
		}
	}
	report.sentPerSecond = Math.round((report.sent / durationMs) * 1000);
	const deadline = clock() + ACK_TIMEOUT_MS;
	const outstanding = () => phones.reduce((sum, p) => sum + p.pending, 0);
	while (outstanding() > 0 && clock() < deadline) await tick();
	report.lost = outstanding();
	// Lost once: the next command neither waits for these nor counts them again.
	for (const phone of phones) phone.dropPending();
	rating = null;
	return report;
}

process.on('message', (command: Command) => {
	const run = command.type === 'join' ? join(command) : command.type === 'rate' ? rate(command) : Promise.resolve(phones.splice(0).forEach((p) => p.close()));
	void run.then((answer) => process.send!({ ok: true, answer }), (error: Error) => process.send!({ ok: false, error: error.stack ?? String(error) }));
});
process.on('disconnect', () => process.exit(0));
