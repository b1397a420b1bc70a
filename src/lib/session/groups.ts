/**
 * How people are spread over groups. Pure functions: the room applies them and stores the
 * result.
 */
import { MAX_GROUPS } from '../limits';

export interface Group {
	id: string;
	name: string;
}

/** `auto`: the server places everyone; `choose`: each phone picks its table. */
export type GroupMode = 'auto' | 'choose';


/** How many groups a room needs so that none is larger than `size`. */
export function groupCountForSize(participants: number, size: number): number {
	return Math.min(MAX_GROUPS, Math.max(1, Math.ceil(participants / size)));
}

/** Deals participants out in order, like cards: group sizes differ by at most one. */
export function distribute<P>(participants: P[], groupIds: string[]): Map<P, string> {
	const placed = new Map<P, string>();
	participants.forEach((participant, index) => placed.set(participant, groupIds[index % groupIds.length]));
	return placed;
}

/** Where a late joiner goes: the group with fewest members, the first such group on a tie. */
export function smallestGroup(groupIds: string[], sizes: ReadonlyMap<string, number>): string | undefined {
	let best: string | undefined;
	for (const id of groupIds) if (best === undefined || (sizes.get(id) ?? 0) < (sizes.get(best) ?? 0)) best = id;
	return best;
}

/** Default names: "Gruppe 1", "Gruppe 2", … (the facilitator can rename them). */
export function newGroups(count: number, firstSeq: number): Group[] {
	return Array.from({ length: count }, (_, i) => ({ id: `g${firstSeq + i}`, name: `Gruppe ${i + 1}` }));
}
