/**
 * The prioritisation at the end of a session: candidate points, each phone's dots, the
 * ranking. Pure: the room stores and broadcasts what these functions decide.
 */
import type { ItemResult } from './aggregate';
import type { ModelId, VaegtenItem, VaegtenModelId } from '../template/types';

export const DEFAULT_DOTS = 3;

export type CandidateSource =
	| { kind: 'load' | 'resource'; itemId: string }
	| { kind: 'answer'; groupId: string; field: string }
	| { kind: 'own' };

export interface Candidate {
	id: string;
	text: string;
	source: CandidateSource;
}

/**
 * A point's text as the duplicate rule compares it: trimmed, runs of white space as one space,
 * case folded. "Faste  pauser" and " faste pauser " are the same point.
 */
export const pointKey = (text: string): string => text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('da');

/** Whether a point with this text is on the list already. */
export function isListed(candidates: readonly Pick<Candidate, 'text'>[], text: string): boolean {
	const key = pointKey(text);
	return candidates.some((candidate) => pointKey(candidate.text) === key);
}

/** How one phone spends its dots: candidate id → dots (several may go to one point). */
export type Allocation = Record<string, number>;

export interface Offer {
	text: string;
	source: CandidateSource;
	mean: number;
	/** The model the item belongs to, so the console can say where a suggestion comes from. */
	model: ModelId;
}

/** Which model's suggestions come first: the leader model, the workshop's own subject. */
export const OFFER_MODELS: readonly VaegtenModelId[] = ['leader', 'general'];

/**
 * What the Vægten results suggest: the loads that weigh most (to turn down) and the
 * resources that are weakest (to turn up), `perSide` of each, strongest signal first.
 * Items without a shown average (fewer than three ratings) are not offered.
 */
export function offerFromResults(items: VaegtenItem[], results: ItemResult[], label: (item: VaegtenItem) => string, perSide = 3): Offer[] {
	const meanOf = new Map(results.map((result) => [result.itemId, result.mean]));
	const rated = items.flatMap((item) => {
		const mean = meanOf.get(item.id);
		return mean == null ? [] : [{ item, mean }];
	});
	const loads = rated.filter(({ item }) => item.kind === 'load').sort((a, b) => b.mean - a.mean);
	const resources = rated.filter(({ item }) => item.kind === 'resource').sort((a, b) => a.mean - b.mean);
	return [...loads.slice(0, perSide), ...resources.slice(0, perSide)].map(({ item, mean }) => ({
		text: label(item),
		// Only loads and resources were kept above: a progress item is never offered.
		source: { kind: item.kind as 'load' | 'resource', itemId: item.id },
		mean,
		model: item.model
	}));
}

/**
 * Vægten's suggestions from both models, each model's own (see offerFromResults), leader
 * model first; a model without shown results is left out.
 */
export function offersByModel(items: VaegtenItem[], results: ItemResult[], label: (item: VaegtenItem) => string, perSide = 3): Array<{ model: VaegtenModelId; offers: Offer[] }> {
	return OFFER_MODELS.map((model) => ({ model, offers: offerFromResults(items.filter((item) => item.model === model), results, label, perSide) })).filter(
		(group) => group.offers.length > 0
	);
}

/** Why an allocation cannot be accepted, or null: whole, non-negative dots on existing points, no more than the phone has. */
export function checkAllocation(allocation: Allocation, dots: number, candidateIds: ReadonlySet<string>): string | null {
	let spent = 0;
	for (const [id, count] of Object.entries(allocation)) {
		if (!candidateIds.has(id)) return `There is no point ${id}.`;
		if (!Number.isInteger(count) || count < 0) return 'Dots are whole, non-negative numbers.';
		spent += count;
	}
	return spent > dots ? `A phone has ${dots} dots, not ${spent}.` : null;
}

/** Dots per candidate, over every phone's latest allocation. */
export function tally(allocations: Iterable<Allocation>): Map<string, number> {
	const totals = new Map<string, number>();
	for (const allocation of allocations) {
		for (const [id, count] of Object.entries(allocation)) if (count > 0) totals.set(id, (totals.get(id) ?? 0) + count);
	}
	return totals;
}

/** Candidates by dots, most first; ties keep the order they were added in. */
export function ranking(candidates: Candidate[], totals: ReadonlyMap<string, number>): Array<Candidate & { dots: number }> {
	return candidates
		.map((candidate, order) => ({ ...candidate, dots: totals.get(candidate.id) ?? 0, order }))
		.sort((a, b) => b.dots - a.dots || a.order - b.order)
		.map(({ order: _order, ...ranked }) => ranked);
}
