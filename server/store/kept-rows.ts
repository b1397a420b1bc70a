import type { KeptResults } from './types';

/** A kept_results row, as both stores keep it: the parts a query needs as columns, the rest as JSON text. */
export interface KeptRow {
	session_id: string;
	key_hash: string;
	retain_from: number;
	content: string;
}

type Content = Pick<KeptResults, 'locale' | 'items' | 'measurement' | 'earlier'>;

export function toKeptRow(record: KeptResults): KeptRow {
	const { locale, items, measurement, earlier } = record;
	return { session_id: record.sessionId, key_hash: record.keyHash, retain_from: record.retainFrom, content: JSON.stringify({ locale, items, measurement, earlier } satisfies Content) };
}

export const fromKeptRow = (row: KeptRow | undefined): KeptResults | undefined =>
	row && { sessionId: row.session_id, keyHash: row.key_hash, retainFrom: row.retain_from, ...(JSON.parse(row.content) as Content) };
