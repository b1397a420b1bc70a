import type Database from 'better-sqlite3';
import type { PublishedBatch } from './types';

/** When a session's log is folded into its ratings: past `floor` entries and `ratio` × its ratings. */
export interface FoldPolicy {
	floor: number;
	ratio: number;
}

export const FOLD: FoldPolicy = { floor: 10_000, ratio: 4 };

type Rated = { participantId: number; itemId: string };
const keyOf = ({ participantId, itemId }: Rated): string => `${participantId}:${itemId}`;

/**
 * What results batches published of the ratings, in SQLite (table published_ratings, migration 9):
 * one row per batch, appended, instead of an UPDATE of every rating it holds. A batch is written
 * as often as ratings are set, so this halves the rows a rating touches; every row goes to the
 * table's last page, where a mark per rating rewrote pages all over the ratings' B-tree.
 *
 * Reading folds the log in order (a later batch wins) over the `published` column. Once a
 * session's log holds more than `policy.ratio` entries per rating (and more than `policy.floor`),
 * the batch that crosses it also folds the log into the column and empties it, so the log stays
 * within a few times the ratings and a restart reads it quickly; that costs at most one UPDATE
 * per rating every `ratio` publications of it.
 */
export function sqlitePublishedRatings(db: Database.Database, policy: FoldPolicy = FOLD) {
	const statements = {
		append: db.prepare('INSERT INTO published_ratings (session_id, entries, body) VALUES (?, ?, ?)'),
		log: db.prepare<[string], { id: number; body: string }>('SELECT id, body FROM published_ratings WHERE session_id = ? ORDER BY id'),
		logged: db.prepare<[string], { entries: number }>('SELECT COALESCE(SUM(entries), 0) AS entries FROM published_ratings WHERE session_id = ?'),
		rated: db.prepare<[string], { count: number }>('SELECT count(*) AS count FROM ratings WHERE session_id = ?'),
		mark: db.prepare('UPDATE ratings SET published = ? WHERE session_id = ? AND participant_id = ? AND item_id = ?'),
		forget: db.prepare('DELETE FROM published_ratings WHERE session_id = ? AND id <= ?')
	};
	/**
	 * Per session this store has published for: entries in its log, and when to look at folding.
	 * Only ever decides when to fold (a write the group commit redoes may count twice): what is
	 * read comes from the table.
	 */
	const logs = new Map<string, { entries: number; foldAt: number }>();

	/** Each rated (participant, item) of the log with its last published value, and the log's last row. */
	const latest = (sessionId: string): { values: Map<string, Rated & { value: number }>; lastId: number } => {
		const values = new Map<string, Rated & { value: number }>();
		let lastId = 0;
		for (const { id, body } of statements.log.all(sessionId)) {
			const flat = JSON.parse(body) as Array<number | string>;
			for (let i = 0; i < flat.length; i += 3) {
				const rated = { participantId: flat[i] as number, itemId: flat[i + 1] as string, value: flat[i + 2] as number };
				values.set(keyOf(rated), rated);
			}
			lastId = id;
		}
		return { values, lastId };
	};

	const fold = (sessionId: string): void => {
		const { values, lastId } = latest(sessionId);
		for (const { participantId, itemId, value } of values.values()) statements.mark.run(value, sessionId, participantId, itemId);
		statements.forget.run(sessionId, lastId);
	};

	return {
		/** Appends a batch's ratings; to run inside the store's write (its transaction). */
		append(sessionId: string, ratings: PublishedBatch['ratings']): void {
			if (ratings.length === 0) return;
			const log = logs.get(sessionId) ?? { entries: statements.logged.get(sessionId)!.entries, foldAt: policy.floor };
			logs.set(sessionId, log);
			const flat: Array<number | string> = [];
			for (const { participantId, itemId, value } of ratings) flat.push(participantId, itemId, value);
			statements.append.run(sessionId, ratings.length, JSON.stringify(flat));
			log.entries += ratings.length;
			if (log.entries <= log.foldAt) return;
			const foldAt = Math.max(policy.floor, policy.ratio * statements.rated.get(sessionId)!.count);
			if (log.entries <= foldAt) {
				log.foldAt = foldAt;
				return;
			}
			fold(sessionId);
			logs.set(sessionId, { entries: 0, foldAt });
		},
		/** The value the log last published of a rating, if the log has one (else the column has it). */
		lookup(sessionId: string): (rated: Rated) => number | undefined {
			const { values } = latest(sessionId);
			return (rated) => values.get(keyOf(rated))?.value;
		},
		/** The session is gone (its log went with it, ON DELETE CASCADE). */
		forget(sessionId: string): void {
			logs.delete(sessionId);
		}
	};
}
