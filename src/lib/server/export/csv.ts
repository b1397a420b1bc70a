import type { SessionReport } from '../report';

/** RFC 4180: every field quoted when it must be, quotes doubled, CRLF between rows. */
function row(fields: Array<string | number | null>): string {
	return fields
		.map((field) => {
			const text = field === null ? '' : String(field);
			return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
		})
		.join(',');
}

/**
 * One row per Vægten item (count, average, spread) and one per candidate point (its dots).
 * Aggregates only: no participant's own rating is in it. Numbers use a dot as decimal mark,
 * so spreadsheets in any locale read them with their import dialog.
 */
export function renderCsv(report: SessionReport): string {
	const rows = [row(['type', 'model', 'id', 'side', 'label', 'count', 'mean', 'sd', 'dots'])];
	for (const model of report.vaegten) {
		for (const item of model.items) {
			const number = (value: number | null) => (value === null ? null : value.toFixed(2));
			rows.push(row(['item', model.model, item.id, item.kind, item.label, item.count, number(item.mean), number(item.sd), null]));
		}
	}
	for (const candidate of report.priorities.ranking) {
		rows.push(row(['point', null, candidate.id, candidate.source.kind, candidate.text, null, null, null, candidate.dots]));
	}
	return rows.join('\r\n') + '\r\n';
}
