import type { SessionState } from '../../src/lib/session/state';
import type { SessionRecord } from './types';

/** A `sessions` row as both stores keep it: the state as JSON text, times in epoch ms. */
export interface SessionRow {
	id: string;
	code: string;
	key_hash: string;
	created_at: number;
	state: string;
	version: number;
}

export const toRecord = (row: SessionRow | undefined): SessionRecord | undefined =>
	row && {
		id: row.id,
		code: row.code,
		keyHash: row.key_hash,
		createdAt: Number(row.created_at),
		state: JSON.parse(row.state) as SessionState,
		version: Number(row.version)
	};
