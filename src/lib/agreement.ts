/**
 * The draft group agreement ("Udkast til gruppeaftale") as a Yjs document, so the facilitator
 * and a co-facilitator can edit it at the same time. Document `SESSION_ID/agreement`:
 * - `title`: Y.Text;
 * - `points`: Y.Array of Y.Map, each with `what` and `firstStep` (Y.Text), `who` (Y.Array of
 *   role names), `names` (Y.Text: who else, as free text) and `followUp` (an ISO date, YYYY-MM-DD);
 * - `meta`: Y.Map with `seeded` (true once the server has filled in the draft).
 * Only the server creates points or writes a whole draft; editors change the parts in place.
 */
import * as Y from 'yjs';
import type { Locale, Role } from './template/types';

export { AGREEMENT_DOC } from './documents';
/** The seed guide's "de to vigtigste punkter". */
export const AGREEMENT_POINTS = 2;
/** As the seed's lederaftale: follow up after three months. */
export const FOLLOW_UP_MONTHS = 3;

export interface AgreementPoint {
	what: string;
	/** Roles ticked, in the order they were ticked. */
	who: string[];
	/** Who else, as the facilitator wrote it (names, a team). */
	names: string;
	firstStep: string;
	followUp: string;
}

/**
 * What the server fills a draft with: the title, the ranking's top points (or a follow-up's
 * agreed points, each with who was to do it, to keep or change: the roles it offers ticked, the
 * rest as names), a follow-up date.
 */
export interface AgreementDraft {
	title: string;
	points: Array<string | { what: string; who: string[]; names: string }>;
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

const TEXT_PARTS = ['what', 'firstStep', 'names'] as const;

function pointMap(point: AgreementPoint): Y.Map<unknown> {
	const map = new Y.Map<unknown>();
	for (const part of TEXT_PARTS) map.set(part, new Y.Text(point[part]));
	map.set('who', Y.Array.from(point.who));
	map.set('followUp', point.followUp);
	return map;
}

function replaceText(text: Y.Text, value: string): void {
	if (text.length > 0) text.delete(0, text.length);
	if (value) text.insert(0, value);
}

/** Point `index` of a draft: the point there (or nothing), its roles and names (or none), no first step. */
const draftPoint = (draft: AgreementDraft, index: number): AgreementPoint => {
	const point = draft.points[index] ?? '';
	const { what, who, names } = typeof point === 'string' ? { what: point, who: [], names: '' } : point;
	return { what, who: [...who], names, firstStep: '', followUp: draft.followUp };
};

/**
 * Writes `draft` over the document, whatever it held: the title, AGREEMENT_POINTS points from
 * the draft, every first step cleared, the roles and names as the draft gives them. Points are
 * rewritten in place (their Y.Text objects stay), so open editors keep their bindings and simply
 * show the new text.
 */
export function fillAgreement(doc: Y.Doc, draft: AgreementDraft): void {
	doc.transact(() => {
		replaceText(doc.getText('title'), draft.title);
		const points = doc.getArray<Y.Map<unknown>>('points');
		if (points.length > AGREEMENT_POINTS) points.delete(AGREEMENT_POINTS, points.length - AGREEMENT_POINTS);
		for (let i = 0; i < AGREEMENT_POINTS; i++) {
			const content = draftPoint(draft, i);
			if (i >= points.length) {
				points.push([pointMap(content)]);
				continue;
			}
			const point = points.get(i);
			for (const part of TEXT_PARTS) {
				const text = point.get(part);
				if (text instanceof Y.Text) replaceText(text, content[part]);
				else point.set(part, new Y.Text(content[part]));
			}
			const who = point.get('who');
			if (who instanceof Y.Array) {
				who.delete(0, who.length);
				who.push(content.who);
			} else point.set('who', Y.Array.from(content.who));
			point.set('followUp', content.followUp);
		}
		doc.getMap('meta').set('seeded', true);
	});
}

/**
 * Fills in an empty draft (see fillAgreement). A draft that was filled in before is left as it
 * is, edits and all; only a part that drafts of an older version lack (`names`) is added.
 */
export function seedAgreement(doc: Y.Doc, draft: AgreementDraft): boolean {
	if (!doc.getMap('meta').get('seeded')) {
		fillAgreement(doc, draft);
		return true;
	}
	const points = doc.getArray<Y.Map<unknown>>('points').toArray();
	const lacking = points.filter((point) => !(point.get('names') instanceof Y.Text));
	if (lacking.length > 0) doc.transact(() => lacking.forEach((point) => point.set('names', new Y.Text())));
	return false;
}

export function readAgreement(doc: Y.Doc): Agreement {
	const points = doc.getArray<Y.Map<unknown>>('points').toArray();
	return {
		title: doc.getText('title').toString(),
		points: points.map((point) => ({
			what: (point.get('what') as Y.Text | undefined)?.toString() ?? '',
			who: (point.get('who') as Y.Array<string> | undefined)?.toArray() ?? [],
			names: (point.get('names') as Y.Text | undefined)?.toString() ?? '',
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
		/** Absent only in a draft of an older version until the server adds it (seedAgreement). */
		names: point.get('names') as Y.Text | undefined,
		followUp: () => (point.get('followUp') as string) ?? '',
		setFollowUp: (date: string) => point.set('followUp', date),
		/** Ticks `role` under its name in `locale` (the session's language), or unticks it under any of its names. */
		toggleRole: (role: Role, locale: Locale) => {
			const who = point.get('who') as Y.Array<string>;
			const names = namesOf(role);
			const ticked = who.toArray().flatMap((name, at) => (names.includes(name) ? [at] : []));
			if (ticked.length === 0) who.push([role.name[locale]]);
			// From the end, so that the places before stay where they were.
			else for (const at of ticked.reverse()) who.delete(at, 1);
		}
	};
}

/** Every name a role goes by: a facilitator may have ticked it in either language. */
const namesOf = (role: Role): string[] => Object.values(role.name);

/** Whether the ticked roles `who` include `role`, under any of its names. */
export const ticks = (who: string[], role: Role): boolean => namesOf(role).some((name) => who.includes(name));

/**
 * Who a point named, parted into the `roles` offered (each once, named in `locale`, whichever
 * language it was ticked in) and everyone else.
 */
export function rolesIn(who: string[], roles: Role[], locale: Locale): { roles: string[]; names: string[] } {
	const found = new Set<string>();
	const names: string[] = [];
	for (const name of who) {
		const role = roles.find((candidate) => namesOf(candidate).includes(name));
		if (role) found.add(role.name[locale]);
		else names.push(name);
	}
	return { roles: [...found], names };
}

/**
 * The names written beside the roles, one by one: split at commas, semicolons and line breaks
 * ("Mette, Jens og Ali" → ["Mette", "Jens og Ali"]).
 */
export function splitNames(names: string): string[] {
	return names
		.split(/[,;\n]/)
		.map((name) => name.replace(/\s+/g, ' ').trim())
		.filter(Boolean);
}

/**
 * Everyone a point names, as an export or a kept measurement lists them: the `roles` offered
 * (each once, named in `locale`), then anyone else ticked, then the names written beside them.
 */
export function whoOf(point: Pick<AgreementPoint, 'who' | 'names'>, roles: Role[], locale: Locale): string[] {
	const who = rolesIn(point.who, roles, locale);
	return [...who.roles, ...who.names, ...splitNames(point.names)];
}
