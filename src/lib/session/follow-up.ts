/**
 * A follow-up and what it measures against. A `Measurement` is what a comparison needs of one
 * earlier session and nothing about any person: published aggregates per item (mean, count,
 * the spread only where it was shown), the dot vote's ranking and the agreement's text. It is
 * what the server keeps when a workshop's raw data goes (docs/follow-up.md, SECURITY.md).
 */
import { FOLLOW_UP_STEPS, POINT_QUESTIONS, followUpTool } from '../template/follow-up-tool';
import { introStep } from '../template/intro-tool';
import { VAEGTEN_MODELS, type ItemKind, type Locale, type Localized, type ModelId, type VaegtenItem } from '../template/types';
import { MIN_GROUP_SIZE, type ItemResult } from './aggregate';
import { MAX_TITLE } from '../limits';
import { agreementIsPlan, contentOf, type SessionContent } from './content';
import type { ProgrammeId } from '../template/programmes';

export interface MeasuredItem {
	itemId: string;
	model: ModelId;
	kind: ItemKind;
	label: Localized;
	/** How many had a rating published. */
	count: number;
	/** The published mean; null where fewer than MIN_GROUP_SIZE rated. */
	mean: number | null;
	/** The published spread (histogram[v] = how many rated v); null unless it was shown. */
	histogram: number[] | null;
}

/** An agreed point as the exports show it: `who` is the roles ticked, then the names written beside them. */
export interface AgreedPoint {
	what: string;
	who: string[];
	firstStep: string;
	/** YYYY-MM-DD, or '' when not set. */
	followUp: string;
}

export interface Measurement {
	sessionId: string;
	/** The workshop's day in Danish time, YYYY-MM-DD. */
	date: string;
	title: string;
	items: MeasuredItem[];
	ranking: Array<{ text: string; dots: number }>;
	/** `plan`: the agreement was a plan for ledertrivsel (agreementIsPlan); absent for a group agreement. */
	agreement: { title: string; points: AgreedPoint[]; plan?: true };
}

/** A follow-up session's link to what it follows: `chain` is every earlier measurement, oldest first, `of`'s last. */
export interface FollowUpLink {
	/** The session this one follows up (its raw data may be gone; its measurement is `chain`'s last). */
	of: string;
	/** The agreement's follow-up date (YYYY-MM-DD), or null when it set none. */
	plannedFor: string | null;
	chain: Measurement[];
}

/** What `measure` reads of a session. */
export interface MeasureInput {
	id: string;
	createdAt: number;
	title: string;
	date: string;
	items: VaegtenItem[];
	/** The published results, as the screen has them. */
	results: ItemResult[];
	ranking: Array<{ text: string; dots: number }>;
	agreement: { title: string; points: AgreedPoint[]; plan?: boolean };
}

/** One session's measurement: its published aggregates only (an average of fewer than three is never kept). */
export function measure(input: MeasureInput): Measurement {
	const resultOf = new Map(input.results.map((result) => [result.itemId, result]));
	const items = input.items.map((item): MeasuredItem => {
		const result = resultOf.get(item.id);
		const shown = result !== undefined && result.count >= MIN_GROUP_SIZE && result.mean !== null;
		return {
			itemId: item.id,
			model: item.model,
			kind: item.kind,
			label: structuredClone(item.label),
			count: result?.count ?? 0,
			mean: shown ? result.mean : null,
			histogram: shown && result.histogram ? [...result.histogram] : null
		};
	});
	return {
		sessionId: input.id,
		date: input.date,
		title: input.title,
		items,
		ranking: input.ranking.map(({ text, dots }) => ({ text, dots })),
		agreement: { title: input.agreement.title, points: input.agreement.points.map((point) => ({ ...point, who: [...point.who] })), ...(input.agreement.plan ? { plan: true as const } : {}) }
	};
}

/** Whether a follow-up follows up a plan for ledertrivsel (or a follow-up of one): its agreement is a plan too. */
export const followsPlan = (link: Pick<FollowUpLink, 'chain'> | null): boolean => link?.chain.at(-1)?.agreement.plan === true;

/** Whether a session's agreement is a plan for ledertrivsel: a plan's own, or a follow-up's of one (agreementIsPlan). */
export const endsInPlan = (state: { programme: ProgrammeId; followUp: Pick<FollowUpLink, 'chain'> | null }): boolean => agreementIsPlan(state.programme, followsPlan(state.followUp));

/** The agreed points with something written in them, in the agreement's order. */
export const agreedPoints = (measurement: Measurement): AgreedPoint[] => measurement.agreement.points.filter((point) => point.what.trim() !== '');

/** The id of the progress item for agreed point `index` (0-based). */
export const progressItemId = (index: number): string => `progress-${index + 1}`;

/** The agreed points as the items of the `progress` model, rated 0 (ikke startet) to 4 (lykkedes). */
export function progressItems(points: AgreedPoint[]): VaegtenItem[] {
	return points.map((point, index) => ({
		id: progressItemId(index),
		model: 'progress',
		kind: 'progress',
		label: { da: point.what.trim(), en: point.what.trim() }
	}));
}

/** The earliest follow-up date the agreement set, or null. */
export function plannedDate(points: AgreedPoint[]): string | null {
	const dates = points.map((point) => point.followUp).filter((date) => /^\d{4}-\d{2}-\d{2}$/.test(date));
	return dates.length === 0 ? null : dates.sort()[0];
}

/** Minutes of the updated agreement's step that a plan's follow-up gives to the roles before it. */
const ROLES_MINUTES = 5;

/**
 * A plan's follow-up shows the introduction's five roles again, as the plan did, just before the
 * updated plan (the last step), whose who they are; the minutes come from that step, so the
 * part keeps its length.
 */
function withPlanRoles(steps: SessionContent['steps']): SessionContent['steps'] {
	const last = steps.at(-1)!;
	const roles = { ...introStep('roles'), part: last.part, durationMin: ROLES_MINUTES };
	return [...steps.slice(0, -1), roles, { ...last, durationMin: last.durationMin - ROLES_MINUTES }];
}

/** What a follow-up session is made of: its content and its link. */
export interface FollowUpSeed {
	content: SessionContent;
	followUp: FollowUpLink;
}

/**
 * A follow-up of the session measured in `measurement`: the follow-up programme in `locale`,
 * the earlier session's Vægten items exactly as they were (custom ones included), its agreed
 * points as the progress items and as two questions each in `how-it-went`, planned for the
 * agreement's follow-up date; a plan's follow-up shows the five roles again before the updated
 * plan (withPlanRoles). `earlier`: the chain the measured session itself followed up (a
 * follow-up of a follow-up), so the new chain is the whole history.
 */
export function followUpSeed(measurement: Measurement, vaegtenItems: VaegtenItem[], locale: Locale, earlier: Measurement[] = []): FollowUpSeed {
	const content = { ...contentOf(followUpTool, locale), programme: 'follow-up' as const };
	const points = agreedPoints(measurement);
	const instrument = vaegtenItems.filter((item) => (VAEGTEN_MODELS as readonly string[]).includes(item.model));
	content.title = `${followUpTool.title[locale]}: ${measurement.title}`.slice(0, MAX_TITLE);
	content.items = [...structuredClone(instrument), ...progressItems(points)];
	const questions = points.flatMap((point) => POINT_QUESTIONS.map((question) => ({ da: `${point.what.trim()}: ${question.da}`, en: `${point.what.trim()}: ${question.en}` })));
	// Without agreed points there is no progress to rate or talk about: those steps are skipped.
	const pointSteps = new Set<string>([FOLLOW_UP_STEPS.progress, FOLLOW_UP_STEPS.howItWent]);
	content.steps = content.steps.map((step) => ({
		...step,
		...(step.id === FOLLOW_UP_STEPS.howItWent ? { questions } : {}),
		...(points.length === 0 && pointSteps.has(step.id) ? { skipped: true } : {})
	}));
	if (measurement.agreement.plan) content.steps = withPlanRoles(content.steps);
	return { content, followUp: { of: measurement.sessionId, plannedFor: plannedDate(points), chain: [...earlier, measurement] } };
}
