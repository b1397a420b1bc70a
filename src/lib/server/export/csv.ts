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
 * One row per Vægten item (count, average, spread) and one per candidate point (its dots).
 * Aggregates only: no participant's own rating is in it. The column names and the values of
 * `type` and `side` are the same keys in every language, so a script can read either dialect.
 */
export function renderCsv(report: SessionReport): string {
	const { separator, decimal } = DIALECTS[report.locale];
	const number = (value: number | null) => (value === null ? null : value.toFixed(2).replace('.', decimal));
	const rows = [row(['type', 'model', 'id', 'side', 'label', 'count', 'mean', 'sd', 'dots'], separator)];
	for (const model of report.vaegten) {
		for (const item of model.items) {
			rows.push(row(['item', model.model, item.id, item.kind, item.label, item.count, number(item.mean), number(item.sd), null], separator));
		}
	}
	for (const candidate of report.priorities.ranking) {
		rows.push(row(['point', null, candidate.id, candidate.source.kind, candidate.text, null, null, null, candidate.dots], separator));
	}
	return BOM + rows.join('\r\n') + '\r\n';
}
