import type { Balance } from '$lib/session/aggregate';
import type { SessionReport } from '../report';
import { comparisonRows } from './comparison-rows';
import { formatDate, formatMean, type ExportLabels } from './labels';
import type { Face } from './fonts';
import type { Column } from './pdf-types';
import { PALETTE } from './palette';

type Doc = PDFKit.PDFDocument;
type Locale = SessionReport['locale'];

/** The PDF's own helpers (./pdf.ts), handed in so this section draws as the rest of the document does. */
export interface PdfTools {
	heading(doc: Doc, level: 0 | 1 | 2 | 3, text: string): void;
	paragraph(doc: Doc, text: string, style?: { font?: Face; size?: number; color?: string; gap?: number; indent?: number }): void;
	ensureSpace(doc: Doc, height: number): void;
	drawScale(doc: Doc, balance: Balance, labels: ExportLabels, locale: Locale, place?: { left?: number; width?: number }): void;
	table(doc: Doc, columns: Column[], rows: string[][]): void;
	contentWidth(doc: Doc): number;
}

const GUTTER = 24;
const [INK, SOFT] = [`#${PALETTE.ink}`, `#${PALETTE.soft}`];

/**
 * A follow-up's "Før og nu": per model the balance then and now side by side, the items
 * compared (largest change first), their course over every measurement, and progress per
 * agreed point with its distribution.
 */
export function comparisonSection(doc: Doc, report: SessionReport, labels: ExportLabels, tools: PdfTools): void {
	const comparison = report.comparison!;
	const { locale } = report;
	// The heading comes with its first drawings, never alone at the foot of a page.
	tools.ensureSpace(doc, 300);
	tools.heading(doc, 1, labels.comparison);
	tools.paragraph(doc, labels.comparedWith(comparison.then.title, formatDate(comparison.then.date, locale)), { color: SOFT });

	for (const entry of comparison.balances.filter((balance) => balance.items > 0)) {
		tools.ensureSpace(doc, 220);
		tools.heading(doc, 2, entry.title);
		const half = (tools.contentWidth(doc) - GUTTER) / 2;
		const left = doc.page.margins.left;
		const top = doc.y;
		const sides: Array<[string, Balance, number]> = [
			[`${labels.then} · ${formatDate(comparison.then.date, locale)}`, entry.then, left],
			[`${labels.now} · ${formatDate(comparison.now.date, locale)}`, entry.now, left + half + GUTTER]
		];
		let bottom = top;
		for (const [caption, balance, x] of sides) {
			doc.font('bold').fontSize(10.5).fillColor(INK).text(caption, x, top, { width: half, align: 'center' });
			tools.drawScale(doc, balance, labels, locale, { left: x, width: half });
			bottom = Math.max(bottom, doc.y);
		}
		// Both sentences on one line under both drawings, however each beam tips.
		for (const [, balance, x] of sides) {
			doc.font('regular').fontSize(9).fillColor(SOFT).text(labels.balance(formatMean(balance.load, locale), formatMean(balance.resource, locale)), x, bottom - 8, { width: half, align: 'center' });
		}
		doc.fillColor(INK);
		doc.x = left;
		doc.y = bottom + 14;
	}

	const { items, course, progress } = comparisonRows(comparison, labels, locale);
	if (items.length === 0) tools.paragraph(doc, labels.noComparison, { font: 'italic' });
	else {
		const columns: Column[] = [
			{ header: labels.item, share: 0.4, align: 'left' },
			{ header: labels.side, share: 0.15, align: 'left' },
			{ header: labels.then, share: 0.15, align: 'right' },
			{ header: labels.now, share: 0.15, align: 'right' },
			{ header: labels.change, share: 0.15, align: 'right' }
		];
		tools.table(doc, columns, items);
	}

	if (course) {
		tools.heading(doc, 2, labels.course);
		const share = 0.6 / course.dates.length;
		tools.table(doc, [{ header: labels.item, share: 0.4, align: 'left' }, ...course.dates.map((date): Column => ({ header: date, share, align: 'right' }))], course.rows);
	}

	if (progress.length > 0) {
		tools.heading(doc, 2, labels.progress);
		tools.paragraph(doc, labels.progressScale, { color: SOFT });
		const columns: Column[] = [
			{ header: labels.what, share: 0.46, align: 'left' },
			{ header: labels.answers, share: 0.12, align: 'right' },
			{ header: labels.average, share: 0.18, align: 'right' },
			{ header: labels.distribution, share: 0.24, align: 'left' }
		];
		tools.table(doc, columns, progress);
	}
}
