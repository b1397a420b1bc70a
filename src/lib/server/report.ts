import * as v from 'valibot';
import { localDate, whoOf, type Agreement, type AgreementPoint } from '$lib/agreement';
import { fieldKey } from '$lib/documents';
import { balance, type Balance } from '$lib/session/aggregate';
import { rolesOf } from '$lib/session/content';
import { markedCount } from '$lib/session/marks';
import type { Candidate } from '$lib/session/priorities';
import { endsInPlan } from '$lib/session/follow-up';
import { PROGRAMME_IDS, type ProgrammeId } from '$lib/template/programmes';
import type { ItemKind, Locale, ModelId, Role } from '$lib/template/types';
import type { ResultsView } from '$lib/protocol';
import type { SessionState } from '$lib/session/state';
import { exportLabels } from './export/labels';
import { ComparisonSchema, reportComparison, type ReportComparison } from './report-comparison';

/** 2: `followUp` and `comparison` (a follow-up's "Før og nu"); 3: `marks` (the lists the phones marked). */
export const REPORT_SCHEMA_VERSION = 3;

/** Everything an export holds: aggregates only, never an individual's rating or a name. */
export interface SessionReport {
	schemaVersion: typeof REPORT_SCHEMA_VERSION;
	locale: Locale;
	/**
	 * `programme`: what it was started from (issue 16). `plan`: its agreement is a plan for
	 * ledertrivsel (a plan's session, or a follow-up of one: agreementIsPlan), not a group agreement.
	 */
	session: { id: string; title: string; createdAt: string; date: string; participants: number; programme?: ProgrammeId; plan?: boolean };
	vaegten: Array<{
		model: ModelId;
		title: string;
		raters: number;
		balance: Balance;
		items: Array<{ id: string; label: string; kind: ItemKind; count: number; mean: number | null; sd: number | null; histogram: number[] | null }>;
	}>;
	/**
	 * The lists the phones marked (safe and unsafe team, warning signs…), each that the session
	 * has a step for, in the agenda's order: how many marked each line (`marked`, null while fewer
	 * than three have answered it) of how many answered it (`count`). Never a mean or a balance.
	 */
	marks: Array<{ model: ModelId; title: string; raters: number; items: Array<{ id: string; label: string; count: number; marked: number | null }> }>;
	priorities: { status: 'draft' | 'open' | 'closed'; dots: number; voters: number; ranking: Array<Candidate & { dots: number }> };
	/** Each point's `who`: the roles ticked, then the names written beside them. */
	agreement: { title: string; points: Array<Omit<AgreementPoint, 'names'>> };
	groups: Array<{ id: string; name: string; answers: Array<{ stepId: string; step: string; question: string; text: string }> }>;
	/** A follow-up: the session it follows up, and the date it was planned for; null for any other session. */
	followUp: { of: string; plannedFor: string | null } | null;
	/** A follow-up's "Før og nu" (src/lib/server/report-comparison.ts); null for any other session. */
	comparison: ReportComparison | null;
}

/** The JSON export's schema, also used by its test. */
export const ReportSchema = v.object({
	schemaVersion: v.literal(REPORT_SCHEMA_VERSION),
	locale: v.picklist(['da', 'en']),
	session: v.object({ id: v.string(), title: v.string(), createdAt: v.string(), date: v.string(), participants: v.number(), programme: v.optional(v.picklist(PROGRAMME_IDS)), plan: v.optional(v.boolean()) }),
	vaegten: v.array(
		v.object({
			model: v.picklist(['general', 'leader']),
			title: v.string(),
			raters: v.number(),
			balance: v.object({ load: v.nullable(v.number()), resource: v.nullable(v.number()), tilt: v.number() }),
			items: v.array(
				v.object({
					id: v.string(),
					label: v.string(),
					kind: v.picklist(['load', 'resource']),
					count: v.number(),
					mean: v.nullable(v.number()),
					sd: v.nullable(v.number()),
					histogram: v.nullable(v.array(v.number()))
				})
			)
		})
	),
	marks: v.array(
		v.object({
			model: v.picklist(['safe-team', 'unsafe-team', 'warning-signs', 'tools']),
			title: v.string(),
			raters: v.number(),
			items: v.array(v.object({ id: v.string(), label: v.string(), count: v.number(), marked: v.nullable(v.number()) }))
		})
	),
	priorities: v.object({
		status: v.picklist(['draft', 'open', 'closed']),
		dots: v.number(),
		voters: v.number(),
		ranking: v.array(v.object({ id: v.string(), text: v.string(), dots: v.number(), source: v.object({ kind: v.string() }) }))
	}),
	agreement: v.object({
		title: v.string(),
		points: v.array(v.object({ what: v.string(), who: v.array(v.string()), firstStep: v.string(), followUp: v.string() }))
	}),
	groups: v.array(
		v.object({
			id: v.string(),
			name: v.string(),
			answers: v.array(v.object({ stepId: v.string(), step: v.string(), question: v.string(), text: v.string() }))
		})
	),
	followUp: v.nullable(v.object({ of: v.string(), plannedFor: v.nullable(v.string()) })),
	comparison: v.nullable(ComparisonSchema)
});

/** The agreement as the exports show it: one list of who, roles (in `locale`) and names alike. */
function reportAgreement(agreement: Agreement, roles: Role[], locale: Locale): SessionReport['agreement'] {
	return {
		title: agreement.title,
		points: agreement.points.map((point) => ({ what: point.what, who: whoOf(point, roles, locale), firstStep: point.firstStep, followUp: point.followUp }))
	};
}

/** What a report is made from: plain data (server/kit/report-input.ts gathers it from a live room). */
export interface ReportInput {
	state: SessionState;
	/** The published results, as the screen has them. */
	results: ResultsView;
	agreement: Agreement;
	/** Each group's sheet: field key (`fieldKey(stepId, index)`) → its text. */
	sheets: Record<string, Record<string, string>>;
}

/** Whether `model`'s items are a list the phones mark (kind `mark`), not a scale. */
const markedList = (state: SessionState, model: ModelId) => state.items.some((item) => item.model === model && item.kind === 'mark');

/** The session, its results, the agreement and every group's answers, in `locale`. */
export function buildReport({ state, results, agreement, sheets }: ReportInput, locale: Locale): SessionReport {
	const resultOf = new Map(results.items.map((result) => [result.itemId, result]));
	const created = new Date(state.createdAt);
	const modelTitles = exportLabels(locale).models;
	/** The roles the session offers, named in `locale` wherever a point lists who. */
	const roles = rolesOf(state.steps);

	const vaegten = (['general', 'leader'] as const).map((model) => {
		const items = state.items
			.filter((item) => item.model === model)
			.map((item) => {
				const result = resultOf.get(item.id);
				return { id: item.id, label: item.label[locale], kind: item.kind, count: result?.count ?? 0, mean: result?.mean ?? null, sd: result?.sd ?? null, histogram: result?.histogram ?? null };
			});
		const means = (kind: ItemKind) => items.filter((item) => item.kind === kind && item.mean !== null).map((item) => item.mean as number);
		return { model, title: modelTitles[model], raters: results.raters[model], balance: balance(means('load'), means('resource')), items };
	});

	const markModels = [...new Set(state.steps.filter((step) => step.kind === 'rating' && step.model && markedList(state, step.model)).map((step) => step.model!))];
	const marks = markModels.map((model) => ({
		model,
		title: modelTitles[model],
		raters: results.raters[model] ?? 0,
		items: state.items
			.filter((item) => item.model === model)
			.map((item) => ({ id: item.id, label: item.label[locale], count: resultOf.get(item.id)?.count ?? 0, marked: markedCount(resultOf.get(item.id)) }))
	}));

	const questionSteps = state.steps.filter((step) => step.questions.length > 0);
	const groups = state.groups.list.map((group) => {
		const sheet = sheets[group.id] ?? {};
		const answers = questionSteps.flatMap((step) =>
			step.questions.map((question, index) => ({
				stepId: step.id,
				step: step.title[locale],
				question: question[locale],
				text: sheet[fieldKey(step.id, index)] ?? ''
			}))
		);
		return { id: group.id, name: group.name, answers: answers.filter((answer) => answer.text.trim() !== '') };
	});

	return {
		schemaVersion: REPORT_SCHEMA_VERSION,
		locale,
		session: { id: state.id, title: state.title, createdAt: created.toISOString(), date: localDate(created), participants: results.participants, programme: state.programme, plan: endsInPlan(state) },
		vaegten,
		marks,
		priorities: { status: state.priorities.status, dots: state.priorities.dots, voters: results.voters, ranking: results.ranking },
		agreement: reportAgreement(agreement, roles, locale),
		groups,
		followUp: state.followUp && { of: state.followUp.of, plannedFor: state.followUp.plannedFor },
		comparison: results.comparison ? reportComparison(results.comparison, locale, roles) : null
	};
}
