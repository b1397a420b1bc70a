import type { Locale } from '$lib/template/types';
import type { SessionReport } from '../report';

/**
 * How each language's spreadsheets read a CSV file when it is opened with a double click.
 * Danish Excel splits on ';' and reads '2,5' as a number (the ',' is its decimal mark);
 * English keeps the international form. Both start with a byte order mark: without it Excel
 * reads the UTF-8 as its legacy code page and æ ø å come out garbled, and other readers
 * (LibreOffice, Numbers, pandas' 'utf-8-sig', Python's csv) skip it.
 */
const DIALECTS: Record<Locale, { separator: string; decimal: string }> = {
	da: { separator: ';', decimal: ',' },
	en: { separator: ',', decimal: '.' }
};
export const BOM = '\ufeff';

/**
 * RFC 4180 with the language's separator: a field is quoted when it holds that separator, a
 * quote or a line break (so a Danish '3,50' stays a bare number); quotes are doubled; rows end
 * with CRLF.
 */
function row(fields: Array<string | number | null>, separator: string): string {
	return fields
		.map((field) => {
			const text = field === null ? '' : String(field);
			return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
		})
		.join(separator);
}

/**
 * A typed text that a spreadsheet would read as a formula (it starts with = + - @, a tab or a
 * carriage return) gets a leading apostrophe, which Excel and LibreOffice show as text (OWASP's
 * advice against CSV injection). Only texts: a number's minus sign stays a minus sign.
 */
const asText = (text: string): string => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * One row per Vægten item (count, average, spread, how many gave each value) and one per
 * candidate point (its dots), one `mark` row per line of a marked list (how many marked it in
 * `marked`), the agreement's title and four rows per agreed point (`agreement`, its `model`
 * `plan` for a plan for ledertrivsel or `group-agreement`, `side` title, or what, who,
 * first_step or follow_up); a follow-up adds one `comparison` row per item compared (the
 * mean now in `mean`, then in `then`, and the change) and one `progress` row per agreed point.
 * Aggregates only: no participant's own rating is in it. The column names and the values of
 * `type` and `side` are the same keys in every language, so a script can read either dialect.
 */
export function renderCsv(report: SessionReport): string {
	const { separator, decimal } = DIALECTS[report.locale];
	const number = (value: number | null) => (value === null ? null : value.toFixed(2).replace('.', decimal));
	const spread = (histogram: number[] | null) => [0, 1, 2, 3, 4].map((value) => histogram?.[value] ?? null);
	const rows = [row([...COLUMNS], separator)];
	const add = (fields: Partial<Record<(typeof COLUMNS)[number], string | number | null>>, histogram: number[] | null = null) => {
		const label = typeof fields.label === 'string' ? asText(fields.label) : fields.label;
		rows.push(row([...COLUMNS.slice(0, 13).map((column) => (column === 'label' ? label : fields[column]) ?? null), ...spread(histogram)], separator));
	};
	for (const model of report.vaegten) {
		for (const item of model.items) add({ type: 'item', model: model.model, id: item.id, side: item.kind, label: item.label, count: item.count, mean: number(item.mean), sd: number(item.sd) }, item.histogram);
	}
	// A marked list's line: how many marked it (`marked`, empty below three) of how many answered it (`count`).
	for (const list of report.marks) {
		for (const item of list.items) add({ type: 'mark', model: list.model, id: item.id, side: 'mark', label: item.label, count: item.count, marked: item.marked });
	}
	for (const candidate of report.priorities.ranking) add({ type: 'point', id: candidate.id, side: candidate.source.kind, label: candidate.text, dots: candidate.dots });
	const agreement = report.session.plan ? 'plan' : 'group-agreement';
	add({ type: 'agreement', model: agreement, id: 'title', side: 'title', label: report.agreement.title });
	report.agreement.points.forEach((point, index) => {
		const parts = { what: point.what, who: point.who.join(', '), first_step: point.firstStep, follow_up: point.followUp };
		for (const [side, label] of Object.entries(parts)) add({ type: 'agreement', model: agreement, id: `point-${index + 1}`, side, label });
	});
	for (const item of report.comparison?.items ?? []) {
		add({ type: 'comparison', model: item.model, id: item.id, side: item.kind, label: item.label, count: item.countNow, mean: number(item.now), then: number(item.then), change: number(item.change), count_then: item.countThen });
	}
	for (const point of report.comparison?.progress ?? []) add({ type: 'progress', model: 'progress', id: point.id, side: 'progress', label: point.point, count: point.count, mean: number(point.mean) }, point.histogram);
	return BOM + rows.join('\r\n') + '\r\n';
}

const COLUMNS = ['type', 'model', 'id', 'side', 'label', 'count', 'mean', 'sd', 'dots', 'then', 'change', 'count_then', 'marked', 'rated_0', 'rated_1', 'rated_2', 'rated_3', 'rated_4'] as const;
