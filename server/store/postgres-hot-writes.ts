import type { PublishedBatch, StoredDots, StoredRating } from './types';

/**
 * A hot write, as data: a batch of them is committed by one call of `vaegten_hot_batch`
 * (server/store/postgres-hot-function.ts), each kind merged into one statement.
 */
export type HotWrite =
	| { kind: 'join'; sessionId: string; tokenHash: string; nickname: string; groupId: string | null; now: number }
	| { kind: 'rating'; sessionId: string; participantId: number; itemId: string; value: number; now: number }
	| { kind: 'dots'; sessionId: string; participantId: number; allocation: string; now: number }
	| { kind: 'publish'; sessionId: string; batch: PublishedBatch }
	| { kind: 'append'; sessionId: string; doc: string; data: Buffer[] };

export const ratingWrite = (sessionId: string, { participantId, itemId, value }: StoredRating, now: number): HotWrite => ({
	kind: 'rating',
	sessionId,
	participantId,
	itemId,
	value,
	now
});

export const dotsWrite = (sessionId: string, { participantId, allocation }: StoredDots, now: number): HotWrite => ({
	kind: 'dots',
	sessionId,
	participantId,
	allocation: JSON.stringify(allocation),
	now
});

/** A participant's row by its token, as a key. */
export const joinKey = (sessionId: string, tokenHash: string) => `j ${sessionId} ${tokenHash}`;
/** A ratings row, as a key (no session id or participant id holds a space). */
export const ratingKey = (sessionId: string, participantId: number, itemId: string) => `r ${sessionId} ${participantId} ${itemId}`;
/** A dots row, as a key. */
export const dotsKey = (sessionId: string, participantId: number) => `d ${sessionId} ${participantId}`;

/** The call; prepared once per connection (its name), its plans cached there too. */
export const HOT_BATCH = {
	name: 'vaegten_hot_batch',
	text: `SELECT * FROM vaegten_hot_batch(${Array.from({ length: 29 }, (_, n) => `$${n + 1}`).join(', ')})`
};

export interface HotBatchResult {
	refused: string[];
	/** bigint[]: read as strings (only a bigint alone is read as a number, postgres.ts). */
	j_id: string[] | null;
	j_name: string[] | null;
	j_group_id: Array<string | null> | null;
	j_created: boolean[] | null;
}

/** Rows of one kind, one per key, the last written; `first` is where each key was first written. */
class Merged {
	readonly rows = new Map<string, unknown[]>();
	readonly first = new Map<string, number>();
	put(key: string, at: number, row: unknown[]) {
		this.rows.set(key, row);
		if (!this.first.has(key)) this.first.set(key, at);
	}
	/** One array per column, as unnest takes them (`width` columns when empty). */
	columns(width: number): unknown[][] {
		const rows = [...this.rows.values()];
		return Array.from({ length: width }, (_, index) => rows.map((row) => row[index]));
	}
}

/**
 * The call's parameters for these writes (in the order they were asked for) of sessions held at
 * these epochs, and for each join (by its place in `writes`) where its answer is in the call's
 * `j_*` arrays and whether it was the first with its token (only that one may have created it). Merging keeps the
 * outcome of running them one by one: each key's last rating or dots; a publication applies
 * to a row existing at its turn, so it is split into before and after the key's first upsert in
 * the batch (postgres-hot-function.ts), the last of each kept.
 */
export function hotBatchParams(owner: string, writes: HotWrite[], epochs: ReadonlyMap<string, number>): { values: unknown[]; joins: Map<number, { index: number; first: boolean }> } {
	const joins = new Merged();
	const ratings = new Merged();
	const dots = new Merged();
	const publishedRatings = new Merged();
	const publishedDots = new Merged();
	const appends: unknown[][] = [[], [], []];
	const joinAnswers = new Map<number, { index: number; first: boolean }>();
	const joinIndex = new Map<string, number>();
	writes.forEach((write, at) => {
		const { sessionId } = write;
		if (write.kind === 'join') {
			const key = joinKey(sessionId, write.tokenHash);
			const first = !joinIndex.has(key);
			if (first) {
				joinIndex.set(key, joinIndex.size);
				joins.put(key, at, [sessionId, write.tokenHash, write.nickname, write.groupId, write.now]);
			}
			joinAnswers.set(at, { index: joinIndex.get(key)!, first });
		} else if (write.kind === 'rating') {
			ratings.put(ratingKey(sessionId, write.participantId, write.itemId), at, [sessionId, write.participantId, write.itemId, write.value, write.now]);
		} else if (write.kind === 'dots') {
			dots.put(dotsKey(sessionId, write.participantId), at, [sessionId, write.participantId, write.allocation, write.now]);
		} else if (write.kind === 'publish') {
			for (const { participantId, itemId, value } of write.batch.ratings) {
				const key = ratingKey(sessionId, participantId, itemId);
				const after = (ratings.first.get(key) ?? Infinity) < at;
				publishedRatings.put(JSON.stringify([key, after]), at, [after, sessionId, participantId, itemId, value]);
			}
			for (const { participantId, allocation } of write.batch.dots) {
				const key = dotsKey(sessionId, participantId);
				const after = (dots.first.get(key) ?? Infinity) < at;
				publishedDots.put(JSON.stringify([key, after]), at, [after, sessionId, participantId, JSON.stringify(allocation)]);
			}
		} else {
			for (const data of write.data) appends.forEach((column, index) => column.push([sessionId, write.doc, data][index]));
		}
	});
	const sessions = [...new Set(writes.map((write) => write.sessionId))];
	const values = [
		owner,
		sessions,
		sessions.map((id) => epochs.get(id)),
		...joins.columns(5),
		...ratings.columns(5),
		...dots.columns(4),
		...publishedRatings.columns(5),
		...publishedDots.columns(4),
		...appends
	];
	return { values, joins: joinAnswers };
}
