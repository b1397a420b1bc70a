import type { SessionContent } from '../../src/lib/session/prepare';
import type { SessionState } from '../../src/lib/session/state';
import type { CollabStore } from '../collab/types';

export interface SessionRecord {
	id: string;
	code: string;
	keyHash: string;
	createdAt: number;
	state: SessionState;
}

export interface Member {
	id: number;
	nickname: string;
	groupId: string | null;
}

export interface ParticipantRecord extends Member {
	/** True when this call created the participant (first connect of that token). */
	created: boolean;
}

export interface Membership {
	participantId: number;
	groupId: string | null;
}

export interface StoredDots {
	participantId: number;
	allocation: Record<string, number>;
	/** The allocation as last published in a batch (src/lib/session/publication.ts); absent before. */
	published?: Record<string, number>;
}

export interface StoredRating {
	participantId: number;
	itemId: string;
	value: number;
	/** The value as last published in a batch (src/lib/session/publication.ts); absent before. */
	published?: number;
}

/** What one batch made public: kept, so a restarted room goes on from what clients last saw. */
export interface PublishedBatch {
	ratings: Array<{ participantId: number; itemId: string; value: number }>;
	dots: Array<{ participantId: number; allocation: Record<string, number> }>;
}

export interface TemplateSummary {
	id: string;
	name: string;
	createdAt: number;
}

/** A session's content saved under a name, to start later sessions from. Global to the server. */
export interface TemplateRecord extends TemplateSummary {
	/** The hash of the facilitator key of the session it was saved from: that key may delete it. */
	ownerKeyHash: string;
	content: SessionContent;
}

/**
 * Persistence behind one small contract, so PostgreSQL can take SQLite's place without
 * touching a handler. Every write has committed when its promise resolves: callers
 * acknowledge to clients only after that.
 */
export interface Store {
	/** The groups' Yjs documents. */
	readonly collab: CollabStore;
	createSession(record: SessionRecord): Promise<void>;
	sessionById(id: string): Promise<SessionRecord | undefined>;
	sessionByCode(code: string): Promise<SessionRecord | undefined>;
	saveState(state: SessionState): Promise<void>;
	/** Saves the state and moves people between groups, all or nothing. */
	saveGroups(state: SessionState, moves: Membership[]): Promise<void>;
	/**
	 * Finds the participant of this token, or creates it in `groupIfNew`: never two for one
	 * token.
	 */
	joinParticipant(sessionId: string, tokenHash: string, nickname: string, groupIfNew: string | null, now: number): Promise<ParticipantRecord>;
	participantByToken(sessionId: string, tokenHash: string): Promise<Member | undefined>;
	/** Everyone who has joined, in the order they joined. */
	participants(sessionId: string): Promise<Member[]>;
	setRating(sessionId: string, rating: StoredRating, now: number): Promise<void>;
	ratings(sessionId: string): Promise<StoredRating[]>;
	/** Replaces a participant's allocation of dots. */
	setDots(sessionId: string, dots: StoredDots, now: number): Promise<void>;
	dots(sessionId: string): Promise<StoredDots[]>;
	clearDots(sessionId: string): Promise<void>;
	/**
	 * Records what a results batch published. Resolves once committed: nothing is shown to
	 * anyone before the batch it belongs to is on disk, so a restart never publishes a smaller step.
	 */
	markPublished(sessionId: string, batch: PublishedBatch): Promise<void>;
	/**
	 * Removes the session and every row that belongs to it, and leaves none of it readable in
	 * the store's files (its documents, removed first with `collab.removeAll`, included).
	 */
	deleteSession(sessionId: string): Promise<void>;
	/** Sessions created before `before` (epoch ms). */
	sessionsCreatedBefore(before: number): Promise<string[]>;
	/** Saves a template unless `limit` templates exist already (then false), in one transaction. */
	saveTemplate(record: TemplateRecord, limit: number): Promise<boolean>;
	/** Every saved template, newest first. */
	templates(): Promise<TemplateSummary[]>;
	templateById(id: string): Promise<TemplateRecord | undefined>;
	deleteTemplate(id: string): Promise<void>;
	close(): Promise<void>;
}
