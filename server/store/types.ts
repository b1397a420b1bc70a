import type { SessionState } from '../../src/lib/session/state';

export interface SessionRecord {
	id: string;
	code: string;
	keyHash: string;
	createdAt: number;
	state: SessionState;
}

export interface ParticipantRecord {
	id: number;
	nickname: string;
	/** True when this call created the participant (first connect of that token). */
	created: boolean;
}

export interface StoredRating {
	participantId: number;
	itemId: string;
	value: number;
}

/**
 * Persistence behind one small contract, so PostgreSQL can take SQLite's place without
 * touching a handler. Every write has committed when its promise resolves: callers
 * acknowledge to clients only after that.
 */
export interface Store {
	createSession(record: SessionRecord): Promise<void>;
	sessionById(id: string): Promise<SessionRecord | undefined>;
	sessionByCode(code: string): Promise<SessionRecord | undefined>;
	saveState(state: SessionState): Promise<void>;
	/** Finds the participant of this token, or creates it: never two for one token. */
	joinParticipant(sessionId: string, tokenHash: string, nickname: string, now: number): Promise<ParticipantRecord>;
	countParticipants(sessionId: string): Promise<number>;
	setRating(sessionId: string, rating: StoredRating, now: number): Promise<void>;
	ratings(sessionId: string): Promise<StoredRating[]>;
	close(): Promise<void>;
}
