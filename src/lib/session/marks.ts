/**
 * The lists a phone marks (models with `input: 'mark'`: the safe and the unsafe team, the
 * warning signs, the three tools). A mark is stored and published as a rating of MARKED; taking
 * it back rates 0. So an item's published aggregate is over everyone who touched it, in batches
 * of three like every result, and how many marked it is that aggregate's sum.
 */
import type { ItemResult } from './aggregate';
import type { VaegtenItem } from '../template/types';

export const MARKED = 1;

/** How many marked an item, from its published aggregate; null while fewer than three have touched it. */
export function markedCount(result: ItemResult | undefined): number | null {
	if (!result || result.mean === null) return null;
	return Math.round(result.mean * result.count);
}

export interface MarkResult {
	item: VaegtenItem;
	/** Null while the item's aggregate is held back (fewer than three). */
	marked: number | null;
}

/** A list's items with their counts, the most marked first; items held back last, in the list's order. */
export function markResults(items: VaegtenItem[], results: ItemResult[]): MarkResult[] {
	const byId = new Map(results.map((result) => [result.itemId, result]));
	return items
		.map((item, order) => ({ item, marked: markedCount(byId.get(item.id)), order }))
		.sort((a, b) => (b.marked ?? -1) - (a.marked ?? -1) || a.order - b.order)
		.map(({ item, marked }) => ({ item, marked }));
}
