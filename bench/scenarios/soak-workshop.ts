/**
 * One workshop of the soak: the facilitator walks the template from the join step to the dot
 * vote, and the phones do what each step asks: they arrive, rate every item of a rating step
 * (some change a rating), type into their group's Yjs sheet, spend their dots. Now and then a
 * phone loses its network (socket.io and its sheet) and comes back by itself. Then everyone leaves.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Step } from '../../src/lib/template/types';
import { closeAll, command, joinParticipants, sheetOptions, type Participant } from '../clients';
import { planEveryItem, randomValue, RatingLoad, type AckCounts, type PlannedRating } from '../ratings';
import { openRoom, type BenchRoom } from '../scenario';
import { jitter, Latencies, now, shuffle, sleep, waitFor } from '../stats';

export interface WorkshopSize {
	participants: number;
	groupSize: number;
	/** People arrive over this long, in ARRIVALS batches. */
	joinMs: number;
	/** A step without work for the phones (the facilitator talks). */
	stepMs: number;
	/** A rating step: everyone rates every item of its model, some change one near the end. */
	ratingMs: number;
	/** The groups type into their sheets. */
	typingMs: number;
	/** The dot vote is open. */
	votingMs: number;
	/** Everyone leaves over this long. */
	leaveMs: number;
	/** Phones that lose their connection during the workshop (a random phone each time). */
	drops: number;
}

const ARRIVALS = 10;
/** Share of phones that change a rating, and that move their dots, once. */
const CHANGE_SHARE = 0.3;
export const KEYS_PER_SECOND = 2;
const CANDIDATES = 5;
const DOTS = 3;
const ACK_TIMEOUT_MS = 15_000;
/** The close code of a simulated drop of a sheet's connection (the server echoes it; y-websocket reconnects). */
const DROP_CLOSE = 4999;

const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

interface Sheet {
	provider: WebsocketProvider;
	text: Y.Text;
	typed: number;
}

/** A participant's own group's sheet, opened with y-websocket's provider as the phone does. */
function openSheet(port: number, sessionId: string, phone: Participant, field: string): Sheet {
	const doc = new Y.Doc();
	const docName = `${sessionId}/${phone.self!.groupId}`;
	const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, docName, doc, sheetOptions(phone, docName));
	return { provider, text: doc.getText(field), typed: 0 };
}

export class Workshop {
	readonly ratings: RatingLoad;
	readonly dotAcks = new Latencies();
	readonly dotCounts: AckCounts = { sent: 0, acknowledged: 0, refused: {}, lost: 0, cut: 0 };
	phones: Participant[] = [];
	joinLatencies: number[] = [];
	allJoinedMs: number | null = null;
	/** Handshakes refused or failed, by code (`rate_limited`, say). */
	readonly joinFailures: Record<string, number> = {};
	/** Mean time between one phone's ratings in a rating step (each gap uniform in ±50 %). */
	ratingIntervalMs = 0;
	keystrokes = 0;
	groups = 0;
	unconverged = 0;
	dropped = 0;
	/** Phones still not connected at the end of the walk, by why (a refused handshake's code, or `reconnecting`). */
	readonly notBack: Record<string, number> = {};
	/** Sheet connections closed by the server (not by a simulated drop), by close code. */
	readonly sheetCloses: Record<string, number> = {};
	readonly #sheets = new Map<Participant, Sheet>();
	#walking = false;

	private constructor(
		readonly url: string,
		readonly port: number,
		readonly size: WorkshopSize,
		readonly room: BenchRoom,
		ratings: RatingLoad
	) {
		this.ratings = ratings;
	}

	static async open(url: string, port: number, size: WorkshopSize, ratings: RatingLoad): Promise<Workshop> {
		return new Workshop(url, port, size, await openRoom(url, new Latencies()), ratings);
	}

	/** The facilitator's walk through every step of the template; phones drop now and then meanwhile. */
	async run(): Promise<void> {
		const { steps } = this.room.content;
		// The groups sit down for the dialogue after the last rating step.
		const lastRating = steps.map((step) => step.kind).lastIndexOf('rating');
		const groupStep = steps.findIndex((step, i) => i > lastRating && step.kind === 'content' && step.questions.length > 0);
		this.#walking = true;
		const dropping = this.#dropNowAndThen(this.#plannedMs(steps));
		try {
			for (const [index, step] of steps.entries()) {
				if (index > 0) await command(this.room.host, 'step:goto', { index });
				if (step.kind === 'join') await this.#arrive();
				else if (step.kind === 'rating') await this.#rate(step);
				else if (index === groupStep) await this.#groupWork(step);
				else if (step.kind === 'priorities') await this.#vote();
				else await sleep(this.size.stepMs);
			}
		} finally {
			this.#walking = false;
			await dropping;
		}
		// Whoever dropped last gets the time a phone needs to come back (socket.io: at most 5 s).
		await waitFor(() => this.phones.every((phone) => phone.socket.connected), 10_000);
		for (const phone of this.phones.filter((p) => !p.socket.connected)) bump(this.notBack, phone.failure ?? 'reconnecting');
	}

	#plannedMs(steps: Step[]): number {
		const { joinMs, stepMs, ratingMs, typingMs, votingMs } = this.size;
		const busy = steps.filter((step) => step.kind === 'join' || step.kind === 'rating' || step.kind === 'priorities').length + 1;
		return joinMs + 2 * ratingMs + typingMs + votingMs + (steps.length - busy) * stepMs;
	}

	async #arrive(): Promise<void> {
		const started = now();
		const batches: ReturnType<typeof joinParticipants>[] = [];
		for (let b = 0; b < ARRIVALS; b++) {
			const count = Math.floor(((b + 1) * this.size.participants) / ARRIVALS) - Math.floor((b * this.size.participants) / ARRIVALS);
			batches.push(joinParticipants(this.url, this.room.session.code, count, { reconnection: true }));
			await sleep(this.size.joinMs / ARRIVALS);
		}
		for (const join of await Promise.all(batches)) {
			this.joinLatencies.push(...join.latencies);
			for (const phone of join.participants) {
				if (phone.joinedAt !== null) this.phones.push(phone);
				else bump(this.joinFailures, phone.failure ?? 'timeout');
			}
			await closeAll(join.participants.filter((phone) => phone.joinedAt === null));
		}
		const failed = Object.values(this.joinFailures).reduce((sum, n) => sum + n, 0);
		if (!failed) this.allJoinedMs = Math.max(...this.phones.map((phone) => phone.joinedAt!)) - started;
	}

	async #rate(step: Step): Promise<void> {
		const items = this.room.content.items.filter((item) => item.model === step.model).map((item) => item.id);
		const { ratingMs } = this.size;
		this.ratingIntervalMs = (0.6 * ratingMs) / items.length;
		const plan: PlannedRating[] = planEveryItem(this.phones, items, { intervalMs: this.ratingIntervalMs, startSpreadMs: 0.15 * ratingMs });
		for (const phone of shuffle([...this.phones]).slice(0, Math.round(this.phones.length * CHANGE_SHARE))) {
			plan.push({ at: ratingMs * (0.8 + 0.1 * Math.random()), participant: phone, itemId: items[Math.floor(Math.random() * items.length)], value: randomValue() });
		}
		await this.ratings.run(plan.sort((a, b) => a.at - b.at));
		await command(this.room.host, 'vote:lock', { stepId: step.id, locked: true });
		await command(this.room.host, 'vote:reveal', { stepId: step.id, revealed: true });
	}

	/** Groups at tables, each typing into its sheet; the facilitator takes points from their answers. */
	async #groupWork(step: Step): Promise<void> {
		this.groups = Math.max(1, Math.round(this.phones.length / this.size.groupSize));
		await command(this.room.host, 'groups:setup', { count: this.groups, mode: 'auto' });
		await command(this.room.host, 'screen:show', { display: { kind: 'groups' } });
		await waitFor(() => this.phones.every((phone) => phone.self?.groupId) && this.room.host.session?.groups.list.length === this.groups, 15_000);
		const field = `${step.id}.0`;
		for (const phone of this.phones) {
			if (!phone.self?.groupId) continue;
			const sheet = openSheet(this.port, this.room.session.id, phone, field);
			sheet.provider.on('connection-close', (event) => {
				if (event && event.code !== DROP_CLOSE) bump(this.sheetCloses, String(event.code));
			});
			this.#sheets.set(phone, sheet);
		}
		await waitFor(() => [...this.#sheets.values()].every((sheet) => sheet.provider.synced), 15_000);

		const gap = 1000 / KEYS_PER_SECOND;
		const schedule = [...this.#sheets.values()]
			.flatMap((sheet) => {
				const offset = Math.random() * gap;
				return Array.from({ length: Math.floor((0.8 * this.size.typingMs) / gap) }, (_, k) => ({ sheet, at: offset + jitter(gap) + k * gap }));
			})
			.sort((a, b) => a.at - b.at);
		const started = now();
		for (const { sheet, at } of schedule) {
			const wait = started + at - now();
			if (wait > 2) await sleep(wait);
			sheet.text.insert(sheet.text.length, String.fromCharCode(97 + (sheet.typed++ % 26)));
			this.keystrokes += 1;
		}
		for (const [i, group] of this.room.host.session!.groups.list.slice(0, CANDIDATES).entries()) {
			await command(this.room.host, 'candidate:add', { text: `Punkt ${i + 1}`, source: { kind: 'answer', groupId: group.id, field } });
		}
		this.unconverged = await this.#converged();
	}

	/** Groups whose members' sheets do not all hold every keystroke of the group (bounded wait). */
	async #converged(): Promise<number> {
		const byGroup = new Map<string, Sheet[]>();
		for (const [phone, sheet] of this.#sheets) byGroup.set(phone.self!.groupId!, [...(byGroup.get(phone.self!.groupId!) ?? []), sheet]);
		const behind = () =>
			[...byGroup.values()].filter((sheets) => {
				const typed = sheets.reduce((sum, sheet) => sum + sheet.typed, 0);
				return sheets.some((sheet) => sheet.text.length !== typed);
			}).length;
		await waitFor(() => behind() === 0, 10_000);
		return behind();
	}

	async #vote(): Promise<void> {
		const ids = this.room.host.session!.priorities.candidates.map((candidate) => candidate.id);
		await command(this.room.host, 'dots:open', { dots: DOTS });
		const allocation = () => {
			const spent: Record<string, number> = {};
			for (let d = 0; d < DOTS; d++) {
				const id = ids[Math.floor(Math.random() * ids.length)];
				bump(spent, id);
			}
			return spent;
		};
		const { votingMs } = this.size;
		const plan = this.phones.map((phone) => ({ at: Math.random() * 0.6 * votingMs, phone }));
		for (const phone of shuffle([...this.phones]).slice(0, Math.round(this.phones.length * CHANGE_SHARE))) plan.push({ at: votingMs * (0.7 + 0.2 * Math.random()), phone });
		plan.sort((a, b) => a.at - b.at);
		const started = now();
		const sending: Promise<void>[] = [];
		for (const { at, phone } of plan) {
			const wait = started + at - now();
			if (wait > 2) await sleep(wait);
			if (phone.socket.connected) sending.push(this.#spend(phone, allocation()));
		}
		await Promise.all(sending);
		await command(this.room.host, 'dots:close', {});
		await command(this.room.host, 'screen:show', { display: { kind: 'agreement' } });
	}

	async #spend(phone: Participant, allocation: Record<string, number>): Promise<void> {
		const counts = this.dotCounts;
		counts.sent += 1;
		const sentAt = now();
		const reply = await phone.request('dots:set', { allocation }, ACK_TIMEOUT_MS);
		if ('data' in reply) {
			counts.acknowledged += 1;
			this.dotAcks.add(now() - sentAt);
		} else if ('error' in reply) bump(counts.refused, reply.error.code);
		else if (reply.failed === 'disconnected') counts.cut += 1;
		else counts.lost += 1;
	}

	/** A phone on a flaky network: both its connections drop; socket.io and y-websocket reconnect by themselves. */
	async #dropNowAndThen(plannedMs: number): Promise<void> {
		const gap = plannedMs / (this.size.drops + 1);
		while (this.#walking && this.dropped < this.size.drops) {
			const deadline = now() + jitter(gap);
			while (this.#walking && now() < deadline) await sleep(100);
			if (!this.#walking) break;
			// Early on, the phones are still arriving.
			const connected = this.phones.filter((phone) => phone.socket.connected);
			if (connected.length === 0) continue;
			const phone = connected[Math.floor(Math.random() * connected.length)];
			phone.socket.io.engine.close();
			const sheet = this.#sheets.get(phone);
			sheet?.provider.ws?.close(DROP_CLOSE, 'bench-drop');
			this.dropped += 1;
		}
	}

	/** Everyone leaves over `leaveMs`, the facilitator and the screen last. */
	async leave(): Promise<void> {
		const pause = this.size.leaveMs / Math.max(1, this.phones.length);
		for (const phone of shuffle([...this.phones])) {
			const sheet = this.#sheets.get(phone);
			sheet?.provider.destroy();
			sheet?.provider.doc.destroy();
			phone.close();
			await sleep(pause);
		}
		await closeAll([this.room.host, this.room.screen]);
	}
}
