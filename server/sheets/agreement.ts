import { addMonths, AGREEMENT_DOC, AGREEMENT_POINTS, fillAgreement, FOLLOW_UP_MONTHS, readAgreement, rolesIn, seedAgreement, type Agreement, type AgreementDraft } from '../../src/lib/agreement';
import { rolesOf } from '../../src/lib/session/content';
import type { CollabServer } from '../collab/types';
import type { Room } from '../rooms/room';

export const agreementDoc = (sessionId: string) => `${sessionId}/${AGREEMENT_DOC}`;

/**
 * A draft from the session as it is now: its title, the dot vote's top points (a follow-up's
 * agreed points before any dot, each with who was to do it), a follow-up three months on.
 */
function draftOf(room: Room, now: number): AgreementDraft {
	const top = room
		.resultsView()
		.ranking.filter((candidate) => candidate.dots > 0)
		.slice(0, AGREEMENT_POINTS)
		.map((candidate) => candidate.text);
	// A follow-up before its vote: the points agreed last time, to keep, change or replace, each
	// with who was to do it: a role this session offers (a plan's follow-up: the five) ticked
	// again, anyone else as names. The first step is the next period's, so it starts empty, and
	// the follow-up date is a new one.
	const roles = rolesOf(room.state.steps);
	const agreed =
		room.state.followUp?.chain
			.at(-1)
			?.agreement.points.filter((point) => point.what.trim() !== '')
			.map((point) => {
				const who = rolesIn(point.who, roles, room.state.locale);
				return { what: point.what, who: who.roles, names: who.names.join(', ') };
			}) ?? [];
	return { title: room.state.title, points: top.length > 0 ? top : agreed.slice(0, AGREEMENT_POINTS), followUp: addMonths(new Date(now), FOLLOW_UP_MONTHS) };
}

/**
 * Fills in the draft agreement if it never was (a page that shows it asks for it first, even
 * before the vote closes). A draft already filled in is left alone: true when this filled it.
 */
export function prepareAgreement(collab: CollabServer, room: Room, now = Date.now()): Promise<boolean> {
	return collab.use(agreementDoc(room.id), (doc) => seedAgreement(doc, draftOf(room, now)));
}

/**
 * Makes the draft afresh from the ranking as it is now, over whatever it held, edits included.
 * Runs when the vote closes (so the draft always comes from the final ranking, whoever opened
 * it earlier) and when the facilitator asks for it ("Lav udkast igen", `agreement:redraft`).
 */
export function redraftAgreement(collab: CollabServer, room: Room, now = Date.now()): Promise<void> {
	return collab.use(agreementDoc(room.id), (doc) => fillAgreement(doc, draftOf(room, now)));
}

export function currentAgreement(collab: CollabServer, sessionId: string): Promise<Agreement> {
	return collab.read(agreementDoc(sessionId), readAgreement);
}
