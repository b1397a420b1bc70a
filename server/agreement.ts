import { addMonths, AGREEMENT_DOC, AGREEMENT_POINTS, readAgreement, seedAgreement, type Agreement } from '../src/lib/agreement';
import type { CollabServer } from './collab/types';
import type { Room } from './rooms/room';

export const agreementDoc = (sessionId: string) => `${sessionId}/${AGREEMENT_DOC}`;

/**
 * Fills in the draft agreement the first time it is needed: the session's title, the dot
 * vote's top points, a follow-up three months on. A draft already filled in is left alone.
 */
export function prepareAgreement(collab: CollabServer, room: Room, now = Date.now()): Promise<boolean> {
	const top = room
		.resultsView()
		.ranking.filter((candidate) => candidate.dots > 0)
		.slice(0, AGREEMENT_POINTS)
		.map((candidate) => candidate.text);
	const draft = { title: room.state.title, points: top, followUp: addMonths(new Date(now), 3) };
	return collab.use(agreementDoc(room.id), (doc) => seedAgreement(doc, draft));
}

export function currentAgreement(collab: CollabServer, sessionId: string): Promise<Agreement> {
	return collab.use(agreementDoc(sessionId), readAgreement);
}
