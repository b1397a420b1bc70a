import { m } from '$lib/paraglide/messages';
import type { Locale, ModelId } from '$lib/template/types';

/** The Intl conventions of each language, as on screen (src/lib/client/text.ts). */
const INTL_LOCALES: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

/** da-DK or en-GB: for Intl, and for a document's language tag. */
export function intlLocale(locale: Locale): string {
	return INTL_LOCALES[locale];
}

/**
 * Every heading an export uses, in the export's language (through the i18n layer); `plan` names
 * the agreement: a plan for ledertrivsel (SessionReport's `session.plan`), or a group agreement.
 */
export function exportLabels(locale: Locale, plan = false) {
	const o = { locale };
	return {
		heading: plan ? m.export_heading_plan({}, o) : m.export_heading({}, o),
		date: m.export_date({}, o),
		participants: m.export_participants({}, o),
		vaegten: m.export_vaegten({}, o),
		marks: m.export_marks({}, o),
		marksList: m.export_marks_list({}, o),
		marked: m.export_marked({}, o),
		marksHelp: m.export_marks_help({}, o),
		item: m.export_item({}, o),
		side: m.export_side({}, o),
		load: m.export_load({}, o),
		resource: m.export_resource({}, o),
		answers: m.export_answers({}, o),
		average: m.export_average({}, o),
		spread: m.export_spread({}, o),
		distribution: m.export_distribution({}, o),
		balance: (load: string, resource: string) => m.export_balance({ load, resource }, o),
		hidden: m.export_hidden({}, o),
		points: m.export_points({}, o),
		point: (number: number) => m.export_point({ number }, o),
		what: m.export_what({}, o),
		who: m.export_who({}, o),
		firstStep: m.export_first_step({}, o),
		followUp: m.export_follow_up({}, o),
		ranking: m.export_ranking({}, o),
		voters: (count: number) => m.export_voters({ count }, o),
		appendix: m.export_appendix({}, o),
		noAnswers: m.export_no_answers({}, o),
		notSet: m.export_not_set({}, o),
		sheets: { vaegten: m.export_sheet_vaegten({}, o), marks: m.export_marks({}, o), ranking: m.export_sheet_ranking({}, o), groups: m.export_sheet_groups({}, o) },
		model: m.export_model({}, o),
		rank: m.export_rank({}, o),
		dots: m.export_dots({}, o),
		group: m.export_group({}, o),
		step: m.export_step({}, o),
		question: m.export_question({}, o),
		answer: m.export_answer({}, o),
		rated: (value: number) => m.export_rated({ value }, o),
		comparison: m.export_comparison({}, o),
		comparedWith: (title: string, date: string) => m.export_compared_with({ title, date }, o),
		then: m.export_then({}, o),
		now: m.export_now({}, o),
		change: m.export_change({}, o),
		course: m.export_course({}, o),
		progress: m.export_model_progress({}, o),
		progressScale: m.export_progress_scale({}, o),
		noComparison: m.export_no_comparison({}, o),
		comparisonSheets: { comparison: m.export_sheet_comparison({}, o), progress: m.export_sheet_progress({}, o) },
		ics: { summary: (title: string) => m.export_ics_summary({ title }, o), link: (url: string) => m.export_ics_link({ url }, o) },
		models: {
			general: m.export_model_general({}, o),
			leader: m.export_model_leader({}, o),
			progress: m.export_model_progress({}, o),
			'safe-team': m.export_model_safe_team({}, o),
			'unsafe-team': m.export_model_unsafe_team({}, o),
			'warning-signs': m.export_model_warning_signs({}, o),
			tools: m.export_model_tools({}, o)
		} satisfies Record<ModelId, string>
	};
}

export type ExportLabels = ReturnType<typeof exportLabels>;

/** +0,4 / −0,8 in the language's decimal mark; 0,0 without a sign. */
export function formatChange(value: number, locale: Locale): string {
	const text = formatMean(Math.abs(value), locale);
	return Math.abs(value) < 0.05 ? text : `${value > 0 ? '+' : '−'}${text}`;
}

/** 2,3 in Danish, 2.3 in English; a dash when hidden. */
export function formatMean(value: number | null, locale: Locale): string {
	if (value === null) return '–';
	return value.toLocaleString(intlLocale(locale), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** 23. november 2026 / 23 November 2026. */
export function formatDate(iso: string, locale: Locale): string {
	if (!iso) return '–';
	return new Date(`${iso}T12:00:00Z`).toLocaleDateString(intlLocale(locale), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
