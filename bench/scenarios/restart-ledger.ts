/**
 * Every rating the restart scenario sends, and what the server must have kept.
 *
 * A participant's latest rating of an item counts. An acknowledged rating was committed, so
 * after the crash the server must hold, for each participant and item, the value of the latest
 * acknowledged rating, or of a later one that was sent but never acknowledged (in flight at the
 * crash: it may or may not have been committed). Anything else is an acknowledged rating lost.
 * Checked twice: per participant, on the `participant:self` it receives when it reconnects
 * (its own ratings as the restarted server loaded them), and for the room, on the aggregates of
 * GET /api/sessions/ID once everything has settled.
 */
import type { SelfView } from '../../src/lib/protocol';
import type { Participant } from '../clients';
import type { Outcome } from '../ratings';
import { distribution, type Distribution } from '../stats';

interface Sending {
	seq: number;
	itemId: string;
	value: number;
	beforeCrash: boolean;
	status: 'pending' | 'acked' | 'failed';
}

/** What the server may hold for one participant and item: `required` when something was acknowledged. */
interface Allowed {
	required: boolean;
	values: Set<number>;
}

function allowed(sendings: Sending[]): Allowed | null {
	if (sendings.length === 0) return null;
	const lastAcked = sendings.filter((s) => s.status === 'acked').reduce<Sending | null>((a, s) => (!a || s.seq > a.seq ? s : a), null);
	const later = sendings.filter((s) => s.status !== 'acked' && (!lastAcked || s.seq > lastAcked.seq));
	const values = new Set(later.map((s) => s.value));
	if (lastAcked) values.add(lastAcked.value);
	return { required: lastAcked !== null, values };
}

export class Ledger {
	readonly #sendings = new Map<Participant, Map<string, Sending[]>>();
	readonly #reconnectedAt = new Map<Participant, number>();
	readonly #resumedAt = new Map<Participant, number>();
	readonly #checked = new Set<Participant>();
	#seq = 0;
	#crashed = false;
	/** Acknowledged ratings absent from a participant's own state after the restart. */
	missingOnReconnect = 0;

	constructor(readonly phones: Participant[]) {
		for (const phone of phones) {
			this.#sendings.set(phone, new Map());
			phone.socket.on('participant:self', (self) => this.#checkSelf(phone, self));
		}
	}

	sent(phone: Participant, itemId: string, value: number): Sending {
		const sending: Sending = { seq: ++this.#seq, itemId, value, beforeCrash: !this.#reconnectedAt.has(phone), status: 'pending' };
		const byItem = this.#sendings.get(phone)!;
		const list = byItem.get(itemId);
		if (list) list.push(sending);
		else byItem.set(itemId, [sending]);
		return sending;
	}

	settled(phone: Participant, sending: Sending, outcome: Outcome): void {
		sending.status = outcome.ok ? 'acked' : 'failed';
		if (outcome.ok && !sending.beforeCrash && !this.#resumedAt.has(phone)) this.#resumedAt.set(phone, outcome.ackedAt);
	}

	crash(): void {
		this.#crashed = true;
	}

	/** True the first time a phone connects again after the crash. */
	reconnected(phone: Participant): boolean {
		if (!this.#crashed || this.#reconnectedAt.has(phone)) return false;
		this.#reconnectedAt.set(phone, performance.now());
		return true;
	}

	#checkSelf(phone: Participant, self: SelfView): void {
		if (!this.#crashed || this.#checked.has(phone)) return;
		this.#checked.add(phone);
		for (const [itemId, sendings] of this.#sendings.get(phone)!) {
			const rule = allowed(sendings.filter((s) => s.beforeCrash));
			const held = self.ratings[itemId];
			if (rule?.required && (held === undefined || !rule.values.has(held))) this.missingOnReconnect += 1;
		}
	}

	/** Phones whose own state was compared after the restart. */
	get checked(): number {
		return this.#checked.size;
	}

	everyoneResumed(): boolean {
		return this.phones.every((phone) => this.#resumedAt.has(phone));
	}

	/** Server back → each phone's first acknowledged rating on its new connection. */
	resumeTimes(backAt: number): Distribution {
		return distribution([...this.#resumedAt.values()].map((at) => at - backAt));
	}

	/** Per item: what each participant may have left in the room. */
	allowedByItem(): Map<string, Allowed[]> {
		const byItem = new Map<string, Allowed[]>();
		for (const items of this.#sendings.values()) {
			for (const [itemId, sendings] of items) {
				const rule = allowed(sendings);
				if (!rule) continue;
				const list = byItem.get(itemId);
				if (list) list.push(rule);
				else byItem.set(itemId, [rule]);
			}
		}
		return byItem;
	}
}

interface SessionBody {
	items: Array<{ id: string; count: number; histogram: number[] | null }>;
}

/**
 * Compares the room's aggregates with the ledger. `missing`: acknowledged ratings not counted
 * (per item, the larger of the count's and the histogram's shortfall); `outOfBounds`: counts or
 * bins above what was ever sent.
 */
export function checkAggregates(ledger: Ledger, body: SessionBody): { missing: number; outOfBounds: number } {
	let missing = 0;
	let outOfBounds = 0;
	for (const [itemId, rules] of ledger.allowedByItem()) {
		const item = body.items.find((candidate) => candidate.id === itemId);
		const minCount = rules.filter((r) => r.required).length;
		const count = item?.count ?? 0;
		if (count > rules.length) outOfBounds += 1;
		let binShortfall = 0;
		if (item?.histogram) {
			item.histogram.forEach((held, value) => {
				const sure = rules.filter((r) => r.required && r.values.size === 1 && r.values.has(value)).length;
				const possible = rules.filter((r) => r.values.has(value)).length;
				binShortfall += Math.max(0, sure - held);
				if (held > possible) outOfBounds += 1;
			});
		}
		missing += Math.max(Math.max(0, minCount - count), binShortfall);
	}
	return { missing, outOfBounds };
}
