/**
 * One participant's own lederaftale as a Yjs document, `SESSION_ID/personal.PARTICIPANT_ID`
 * (documents.ts, personalDoc). Only that participant's token opens it (server/sheets/access.ts).
 * - `point.0.what`, `point.0.takes`, `point.1.what`, `point.1.takes`: Y.Text, the two most
 *   important points and what each takes (seed 001, "Lederaftale");
 * - `leader`: Y.Text, the help from the nearest leader; `partners`: Y.Text, the sparring partners;
 * - `meta`: Y.Map with `followUp`, an ISO date (YYYY-MM-DD); absent: three months after the
 *   workshop (`defaultFollowUp`).
 * The server reads it only for its owner's downloads and to count who has written one.
 */
import type * as Y from 'yjs';
import { addMonths, AGREEMENT_POINTS, FOLLOW_UP_MONTHS } from './agreement';
import { PERSONAL_PREFIX } from './documents';

export interface PersonalAgreement {
	points: Array<{ what: string; takes: string }>;
	leader: string;
	partners: string;
	/** YYYY-MM-DD. */
	followUp: string;
}

export const pointKey = (index: number, part: 'what' | 'takes') => `point.${index}.${part}`;

/** Every Y.Text of the document, in the order the sheet shows them. */
export const PERSONAL_TEXTS: readonly string[] = [
	...Array.from({ length: AGREEMENT_POINTS }, (_, index) => [pointKey(index, 'what'), pointKey(index, 'takes')]).flat(),
	'leader',
	'partners'
];

/** The longest a field may be, as a group sheet's answer. */
export const MAX_PERSONAL_LENGTH = 2_000;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Three months after the workshop was created, in Danish time. */
export const defaultFollowUp = (createdAt: number): string => addMonths(new Date(createdAt), FOLLOW_UP_MONTHS);

export function readPersonal(doc: Y.Doc, createdAt: number): PersonalAgreement {
	const text = (key: string) => doc.getText(key).toString();
	const date = doc.getMap('meta').get('followUp');
	return {
		points: Array.from({ length: AGREEMENT_POINTS }, (_, index) => ({ what: text(pointKey(index, 'what')), takes: text(pointKey(index, 'takes')) })),
		leader: text('leader'),
		partners: text('partners'),
		followUp: typeof date === 'string' && ISO_DATE.test(date) ? date : defaultFollowUp(createdAt)
	};
}

/** Whether anything is written in it (a date alone is not an agreement). */
export const hasWritten = (doc: Y.Doc): boolean => PERSONAL_TEXTS.some((key) => doc.getText(key).toString().trim() !== '');

/** The participant a document name within a session belongs to (`personal.12` → 12), or null. */
export function personalOwner(docId: string): number | null {
	if (!docId.startsWith(PERSONAL_PREFIX)) return null;
	const rest = docId.slice(PERSONAL_PREFIX.length);
	return /^[1-9]\d{0,9}$/.test(rest) ? Number(rest) : null;
}

/** Whether a document name is a personal one at all (well-formed or not): never the facilitator's or the screen's. */
export const isPersonal = (docId: string): boolean => docId.startsWith(PERSONAL_PREFIX);
