/**
 * A follow-up's "Før og nu" as the exports carry it: the Comparison (src/lib/session/comparison.ts)
 * with its labels in the export's language. Published aggregates only, as on the screen.
 */
import * as v from 'valibot';
import { whoOf } from '$lib/agreement';
import type { Balance } from '$lib/session/aggregate';
import type { Comparison } from '$lib/session/comparison';
import type { Locale, Role, VaegtenModelId } from '$lib/template/types';
import { exportLabels } from './export/labels';

export interface ReportComparison {
	/** The session compared against, and this one. */
	then: { sessionId: string; date: string; title: string };
	now: { date: string; title: string };
	balances: Array<{ model: VaegtenModelId; title: string; items: number; then: Balance; now: Balance }>;
	/** Largest change first; only items at least three rated in both sessions. */
	items: Array<{ id: string; model: VaegtenModelId; kind: 'load' | 'resource'; label: string; then: number; now: number; change: number; countThen: number; countNow: number }>;
	/** With three or more measurements: each item's mean in each, oldest first (null where fewer than three rated it). */
	course: { measurements: Array<{ date: string; title: string }>; items: Array<{ id: string; label: string; means: Array<number | null> }> } | null;
	/** Progress per agreed point, 0 (ikke startet) to 4 (lykkedes): mean and distribution as published. */
	progress: Array<{ id: string; point: string; count: number; mean: number | null; histogram: number[] | null }>;
	/** What was agreed last time. */
	agreed: Array<{ what: string; who: string[]; firstStep: string; followUp: string }>;
}

const nullableNumber = v.nullable(v.number());
const balanceSchema = v.object({ load: nullableNumber, resource: nullableNumber, tilt: v.number() });

/** `comparison` in the JSON export (ReportSchema). */
export const ComparisonSchema = v.object({
	then: v.object({ sessionId: v.string(), date: v.string(), title: v.string() }),
	now: v.object({ date: v.string(), title: v.string() }),
	balances: v.array(v.object({ model: v.picklist(['general', 'leader']), title: v.string(), items: v.number(), then: balanceSchema, now: balanceSchema })),
	items: v.array(
		v.object({
			id: v.string(),
			model: v.picklist(['general', 'leader']),
			kind: v.picklist(['load', 'resource']),
			label: v.string(),
			then: v.number(),
			now: v.number(),
			change: v.number(),
			countThen: v.number(),
			countNow: v.number()
		})
	),
	course: v.nullable(
		v.object({
			measurements: v.array(v.object({ date: v.string(), title: v.string() })),
			items: v.array(v.object({ id: v.string(), label: v.string(), means: v.array(nullableNumber) }))
		})
	),
	progress: v.array(v.object({ id: v.string(), point: v.string(), count: v.number(), mean: nullableNumber, histogram: v.nullable(v.array(v.number())) })),
	agreed: v.array(v.object({ what: v.string(), who: v.array(v.string()), firstStep: v.string(), followUp: v.string() }))
});

/** `roles`: the session's (rolesOf), so that who was to do each point agreed then names them in `locale`. */
export function reportComparison(comparison: Comparison, locale: Locale, roles: Role[]): ReportComparison {
	const titles = exportLabels(locale).models;
	const labelOf = new Map(comparison.items.map((item) => [item.itemId, item.label[locale]]));
	return {
		then: { ...comparison.then, sessionId: comparison.then.sessionId ?? '' },
		now: { date: comparison.now.date, title: comparison.now.title },
		balances: comparison.balances.map(({ model, items, then, now }) => ({ model, title: titles[model], items, then, now })),
		items: comparison.items.map((item) => ({
			id: item.itemId,
			model: item.model,
			kind: item.kind === 'load' ? 'load' : 'resource',
			label: item.label[locale],
			then: item.then,
			now: item.now,
			change: item.change,
			countThen: item.countThen,
			countNow: item.countNow
		})),
		course: comparison.course && {
			measurements: comparison.course.measurements.map(({ date, title }) => ({ date, title })),
			items: comparison.course.items.map((item) => ({ id: item.itemId, label: labelOf.get(item.itemId) ?? item.itemId, means: item.means }))
		},
		progress: comparison.progress.map((point) => ({ id: point.itemId, point: point.label[locale], count: point.count, mean: point.mean, histogram: point.histogram })),
		agreed: comparison.agreed.map((point) => ({ ...point, who: whoOf({ who: point.who, names: '' }, roles, locale) }))
	};
}
