/**
 * Vægten's maths. A tally keeps count, sum, sum of squares and a histogram, so a changed
 * rating adjusts it in constant time; nothing is recomputed from all rows on the hot path.
 */

export const SCALE_MIN = 0;
export const SCALE_MAX = 4;
/** No aggregate of fewer people than this is ever sent to a client (design: privacy). */
export const MIN_GROUP_SIZE = 3;

export type RatingValue = 0 | 1 | 2 | 3 | 4;

export interface Tally {
	count: number;
	sum: number;
	sumSq: number;
	/** histogram[v] = how many rated v. */
	histogram: number[];
}

export function emptyTally(): Tally {
	return { count: 0, sum: 0, sumSq: 0, histogram: [0, 0, 0, 0, 0] };
}

/**
 * Moves one participant's rating from `previous` to `next` (either may be absent).
 * Mutates `tally` in place: this runs once per rating, for every item, in rooms of thousands.
 */
export function changeRating(tally: Tally, previous: number | undefined, next: number | undefined): void {
	if (previous !== undefined) {
		tally.count -= 1;
		tally.sum -= previous;
		tally.sumSq -= previous * previous;
		tally.histogram[previous] -= 1;
	}
	if (next !== undefined) {
		tally.count += 1;
		tally.sum += next;
		tally.sumSq += next * next;
		tally.histogram[next] += 1;
	}
}

/** The tally of a list of ratings, computed from scratch (loading, tests). */
export function tallyOf(values: Iterable<number>): Tally {
	const tally = emptyTally();
	for (const value of values) changeRating(tally, undefined, value);
	return tally;
}

export interface ItemResult {
	itemId: string;
	count: number;
	/** Null while fewer than MIN_GROUP_SIZE have rated: an average of two people is theirs. */
	mean: number | null;
	/** Population standard deviation; null as for mean. */
	sd: number | null;
	histogram: number[] | null;
}

export function summarise(itemId: string, tally: Tally): ItemResult {
	if (tally.count < MIN_GROUP_SIZE) {
		return { itemId, count: tally.count, mean: null, sd: null, histogram: null };
	}
	const mean = tally.sum / tally.count;
	const variance = Math.max(0, tally.sumSq / tally.count - mean * mean);
	return { itemId, count: tally.count, mean, sd: Math.sqrt(variance), histogram: [...tally.histogram] };
}

export interface Balance {
	/** Average weight of the loads pan and the resources pan, 0–4; null when nothing is shown. */
	load: number | null;
	resource: number | null;
	/**
	 * -1…1: positive tips the beam toward the loads, negative toward the resources.
	 * Pans are compared by their average, not their sum, so a pan with more items is not
	 * heavier for that reason alone.
	 */
	tilt: number;
}

function meanOf(values: number[]): number | null {
	return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

export function balance(loadMeans: number[], resourceMeans: number[]): Balance {
	const load = meanOf(loadMeans);
	const resource = meanOf(resourceMeans);
	const tilt = load === null || resource === null ? 0 : (load - resource) / (SCALE_MAX - SCALE_MIN);
	return { load, resource, tilt };
}
