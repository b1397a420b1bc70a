import type { SessionReport } from '../report';
import { formatChange, formatDate, formatMean, type ExportLabels } from './labels';

/**
 * The tables of a follow-up's "Før og nu" as text, the same in every document export: the items
 * compared (then, now, change; largest change first), their course (a column per measurement,
 * oldest first) and progress per agreed point. Each renderer lays them out its own way.
 */
export function comparisonRows(comparison: NonNullable<SessionReport['comparison']>, labels: ExportLabels, locale: SessionReport['locale']) {
	return {
		items: comparison.items.map((item) => [item.label, item.kind === 'load' ? labels.load : labels.resource, formatMean(item.then, locale), formatMean(item.now, locale), formatChange(item.change, locale)]),
		course: comparison.course && {
			dates: comparison.course.measurements.map((measurement) => formatDate(measurement.date, locale)),
			rows: comparison.course.items.map((item) => [item.label, ...item.means.map((mean) => formatMean(mean, locale))])
		},
		progress: comparison.progress.map((point) => [point.point, String(point.count), point.mean === null ? labels.hidden : formatMean(point.mean, locale), point.histogram?.join(' · ') ?? '–'])
	};
}
