/**
 * The draft group agreement ("Udkast til gruppeaftale") as a Yjs document, so the facilitator
 * and a co-facilitator can edit it at the same time. Document `SESSION_ID/agreement`:
 * - `title`: Y.Text;
 * - `points`: Y.Array of Y.Map, each with `what` and `firstStep` (Y.Text), `who` (Y.Array of
 *   role names) and `followUp` (an ISO date, YYYY-MM-DD);
 * - `meta`: Y.Map with `seeded` (true once the server has filled in the draft).
 */
import * as Y from 'yjs';

export { AGREEMENT_DOC } from './client/group-sheet-keys';
/** The seed guide's "de to vigtigste punkter". */
export const AGREEMENT_POINTS = 2;
/** As the seed's lederaftale: follow up after three months. */
export const FOLLOW_UP_MONTHS = 3;

export interface AgreementPoint {
	what: string;
	who: string[];
	firstStep: string;
	followUp: string;
}

export interface Agreement {
	title: string;
	points: AgreementPoint[];
}

/** Workshops happen in Denmark: dates are the calendar dates there. */
export const TIME_ZONE = 'Europe/Copenhagen';

/** The calendar date of `moment` in Danish time, as YYYY-MM-DD. */
export function localDate(moment: Date): string {
	return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(moment);
}

/** The date `months` months after `from` (in Danish time), as YYYY-MM-DD, clamped to the month's last day. */
export function addMonths(from: Date, months: number): string {
	const [year, month0, day] = localDate(from).split('-').map(Number);
	const month = month0 - 1 + months;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return new Date(Date.UTC(year, month, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

function pointMap(point: AgreementPoint): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	map.set('what', new Y.Text(point.what));
	map.set('firstStep', new Y.Text(point.firstStep));
	map.set('who', Y.Array.from(point.who));
	map.set('followUp', point.followUp);
	return map;
}

/**
 * Fills in an empty draft: the title and the top points of the dot vote, each with a
 * follow-up date. Does nothing to a draft that was filled in before, so edits are never lost.
 */
export function seedAgreement(doc: Y.Doc, draft: { title: string; points: string[]; followUp: string }): boolean {
	const meta = doc.getMap('meta');
	if (meta.get('seeded')) return false;
	doc.getText('title').insert(0, draft.title);
	const points = doc.getArray<Y.Map<unknown>>('points');
	for (let i = 0; i < AGREEMENT_POINTS; i++) {
		points.push([pointMap({ what: draft.points[i] ?? '', who: [], firstStep: '', followUp: draft.followUp })]);
	}
	meta.set('seeded', true);
	return true;
}

export function readAgreement(doc: Y.Doc): Agreement {
	const points = doc.getArray<Y.Map<unknown>>('points').toArray();
	return {
		title: doc.getText('title').toString(),
		points: points.map((point) => ({
			what: (point.get('what') as Y.Text | undefined)?.toString() ?? '',
			who: (point.get('who') as Y.Array<string> | undefined)?.toArray() ?? [],
			firstStep: (point.get('firstStep') as Y.Text | undefined)?.toString() ?? '',
			followUp: (point.get('followUp') as string | undefined) ?? ''
		}))
	};
}

/** The live pieces of one point, for an editor. */
export function pointParts(doc: Y.Doc, index: number) {
	const point = doc.getArray<Y.Map<unknown>>('points').get(index);
	return {
		what: point.get('what') as Y.Text,
		firstStep: point.get('firstStep') as Y.Text,
		who: point.get('who') as Y.Array<string>,
		followUp: () => (point.get('followUp') as string) ?? '',
		setFollowUp: (date: string) => point.set('followUp', date),
		toggleWho: (role: string) => {
			const who = point.get('who') as Y.Array<string>;
			const at = who.toArray().indexOf(role);
			if (at >= 0) who.delete(at, 1);
			else who.push([role]);
		}
	};
}
