/** The single splice that turns `before` into `after`: common prefix and suffix are kept. */
export interface Splice {
	index: number;
	remove: number;
	insert: string;
}

export function diffText(before: string, after: string): Splice {
	const max = Math.min(before.length, after.length);
	let start = 0;
	while (start < max && before[start] === after[start]) start++;
	let end = 0;
	while (end < max - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
	return { index: start, remove: before.length - start - end, insert: after.slice(start, after.length - end) };
}

/** A Yjs text delta: keep, add or drop characters, left to right. */
export type Delta = Array<{ retain?: number; insert?: unknown; delete?: number }>;

/**
 * Where a caret at `position` belongs after someone else's edit `delta`: text inserted
 * before it pushes it right, text deleted before it pulls it left.
 */
export function mapPosition(delta: Delta, position: number): number {
	// `index` walks the text as it was; inserts add to the new text only.
	let index = 0;
	let mapped = position;
	for (const op of delta) {
		if (index >= position) break;
		if (op.retain) index += op.retain;
		else if (op.insert !== undefined) mapped += typeof op.insert === 'string' ? op.insert.length : 1;
		else if (op.delete) {
			mapped -= Math.min(op.delete, position - index);
			index += op.delete;
		}
	}
	return mapped;
}
