import PDFDocument from 'pdfkit';
import type { SessionReport } from '../report';
import { exportLabels, formatDate, formatMean, intlLocale, type ExportLabels } from './labels';
import type { Face } from './fonts';
import { PALETTE } from './palette';
import { heightOf, registerFonts, write } from './pdf-text';
import { SCALE_FRAME, scaleDrawing, type Paint, type Point } from './scale-drawing';
import type { Balance } from '$lib/session/aggregate';
import { comparisonSection } from './pdf-comparison';
import type { Column } from './pdf-types';

type Doc = PDFKit.PDFDocument;
type Model = SessionReport['vaegten'][number];

const [INK, SOFT, LOAD, RESOURCE, RULE, SHADE] = [PALETTE.ink, PALETTE.soft, PALETTE.load, PALETTE.resource, PALETTE.rule, PALETTE.shade].map((hex) => `#${hex}`);
const MARGIN = 50;
const BODY = 10.5;
const [REGULAR, BOLD, ITALIC, BOLD_ITALIC]: Face[] = ['regular', 'bold', 'italic', 'boldItalic'];
const PAINTS: Record<Paint, string> = { ink: INK, soft: SOFT, load: LOAD, resource: RESOURCE, white: '#ffffff' };
const HEADING_SIZES = [20, 15, 12.5, 11] as const;
const DRAWING_WIDTH = 330;

/**
 * The draft group agreement as an A4 PDF, made on the server (no browser). It embeds its fonts
 * (./fonts.ts), so every character people typed prints, emoji included, on any reader. Same
 * content and order as the other exports.
 */
export function renderPdf(report: SessionReport): Promise<Buffer> {
	const labels = exportLabels(report.locale, report.session.plan);
	const title = report.agreement.title.trim() || report.session.title;
	const doc = new PDFDocument({
		size: 'A4',
		margin: MARGIN,
		bufferPages: true,
		lang: intlLocale(report.locale),
		displayTitle: true,
		info: { Title: `${labels.heading}: ${title}`, Creator: 'Vægten Live' }
	});
	const done = collect(doc);
	registerFonts(doc);
	doc.fillColor(INK);

	heading(doc, 0, labels.heading);
	paragraph(doc, title, { font: BOLD, size: 15, color: SOFT, gap: 4 });
	paragraph(doc, `${labels.date}: ${formatDate(report.session.date, report.locale)} · ${labels.participants}: ${report.session.participants}`, { color: SOFT });

	heading(doc, 1, labels.points);
	report.agreement.points.forEach((point, index) => {
		heading(doc, 2, labels.point(index + 1));
		labelled(doc, labels.what, point.what || labels.notSet);
		labelled(doc, labels.who, point.who.length > 0 ? point.who.join(', ') : labels.notSet);
		labelled(doc, labels.firstStep, point.firstStep || labels.notSet);
		labelled(doc, labels.followUp, formatDate(point.followUp, report.locale));
	});

	heading(doc, 1, labels.vaegten);
	for (const model of report.vaegten) {
		// A model's heading, sentence, drawing and first table rows stay on one page.
		ensureSpace(doc, 250);
		heading(doc, 2, model.title);
		paragraph(doc, labels.balance(formatMean(model.balance.load, report.locale), formatMean(model.balance.resource, report.locale)));
		drawScale(doc, model.balance, labels, report.locale);
		itemTable(doc, model, labels, report.locale);
	}

	if (report.marks.length > 0) {
		heading(doc, 1, labels.marks);
		paragraph(doc, labels.marksHelp, { color: SOFT });
		for (const list of report.marks) {
			heading(doc, 2, list.title);
			// How many marked each line (held back below three), of how many answered it: never an average.
			const columns: Column[] = [
				{ header: labels.item, share: 0.6, align: 'left' },
				{ header: labels.marked, share: 0.25, align: 'right' },
				{ header: labels.answers, share: 0.15, align: 'right' }
			];
			table(doc, columns, list.items.map((item) => [item.label, item.marked === null ? labels.hidden : String(item.marked), String(item.count)]));
		}
	}

	if (report.comparison) comparisonSection(doc, report, labels, { heading, paragraph, ensureSpace, drawScale, table, contentWidth });

	heading(doc, 1, labels.ranking);
	report.priorities.ranking.forEach((candidate, index) => numbered(doc, index + 1, `${candidate.text} — ${candidate.dots}`));
	paragraph(doc, labels.voters(report.priorities.voters), { color: SOFT });

	heading(doc, 1, labels.appendix);
	for (const group of report.groups) {
		heading(doc, 2, group.name);
		if (group.answers.length === 0) paragraph(doc, labels.noAnswers, { font: ITALIC, color: SOFT });
		let step = '';
		for (const answer of group.answers) {
			if (answer.stepId !== step) heading(doc, 3, answer.step);
			step = answer.stepId;
			ensureSpace(doc, BODY * 5);
			paragraph(doc, answer.question, { font: BOLD_ITALIC, gap: 2 });
			paragraph(doc, answer.text);
		}
	}

	numberPages(doc);
	doc.end();
	return done;
}

function collect(doc: Doc): Promise<Buffer> {
	const chunks: Buffer[] = [];
	return new Promise((resolve, reject) => {
		doc.on('data', (chunk: Buffer) => chunks.push(chunk));
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
}

const bottom = (doc: Doc) => doc.page.height - doc.page.margins.bottom;
const contentWidth = (doc: Doc) => doc.page.width - doc.page.margins.left - doc.page.margins.right;

/** Starts a new page unless `height` points still fit on this one. */
function ensureSpace(doc: Doc, height: number): void {
	if (doc.y + height > bottom(doc)) doc.addPage();
}

function heading(doc: Doc, level: 0 | 1 | 2 | 3, text: string): void {
	const size = HEADING_SIZES[level];
	ensureSpace(doc, size * 2 + 48);
	if (level === 1 && doc.y > doc.page.margins.top + 1) doc.moveDown(0.6);
	doc.fontSize(size).fillColor(level === 3 ? SOFT : INK);
	write(doc, text, BOLD, { width: contentWidth(doc) }, { x: doc.page.margins.left, y: doc.y });
	if (level === 1) {
		const y = doc.y + 1;
		doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.75).stroke(RULE);
	}
	doc.moveDown(level <= 1 ? 0.45 : 0.25);
}

interface TextStyle {
	font?: Face;
	size?: number;
	color?: string;
	gap?: number;
	indent?: number;
}

function paragraph(doc: Doc, text: string, style: TextStyle = {}): void {
	doc.fontSize(style.size ?? BODY).fillColor(style.color ?? INK);
	const left = doc.page.margins.left;
	const indent = style.indent ?? 0;
	// The gap goes after the whole text: a line break inside an answer is kept as a line break.
	write(doc, text, style.font ?? REGULAR, { width: contentWidth(doc) - indent, lineGap: 1.5 }, { x: left + indent, y: doc.y });
	doc.x = left;
	doc.y += style.gap ?? 6;
}

/** "1." in the gutter, the text wrapping beside it. */
function numbered(doc: Doc, number: number, text: string): void {
	ensureSpace(doc, BODY * 2);
	const y = doc.y;
	doc.font(REGULAR).fontSize(BODY).fillColor(INK).text(`${number}.`, doc.page.margins.left, y, { lineBreak: false });
	doc.y = y;
	paragraph(doc, text, { indent: 18 });
}

/** "Det gør vi: …": the label bold, the value flowing after it. */
function labelled(doc: Doc, label: string, value: string): void {
	ensureSpace(doc, BODY * 2);
	doc.fontSize(BODY).fillColor(INK);
	write(doc, `${label}: `, BOLD, { continued: true, width: contentWidth(doc), lineGap: 1.5 }, { x: doc.page.margins.left, y: doc.y });
	write(doc, value, REGULAR, { paragraphGap: 4, lineGap: 1.5 });
}

/**
 * The screen's scale (./scale-drawing.ts) for `balance`, DRAWING_WIDTH wide and centred, or
 * `width` wide at `left` (a follow-up draws then and now side by side).
 */
function drawScale(doc: Doc, balance: Balance, labels: ExportLabels, locale: SessionReport['locale'], place: { left?: number; width?: number } = {}): void {
	const drawing = scaleDrawing(balance.tilt, {
		load: { mean: formatMean(balance.load, locale), label: labels.load },
		resource: { mean: formatMean(balance.resource, locale), label: labels.resource }
	});
	const width = place.width ?? DRAWING_WIDTH;
	const scale = width / SCALE_FRAME.width;
	const height = drawing.height * scale;
	ensureSpace(doc, height + 16);
	const origin = { x: place.left ?? doc.page.margins.left + (contentWidth(doc) - width) / 2, y: doc.y + 8 - drawing.top * scale };
	const flat = (points: Point[]) => points.map((p): [number, number] => [p.x, p.y]);

	doc.save().translate(origin.x, origin.y).scale(scale);
	for (const shape of drawing.shapes) {
		if (shape.kind === 'polygon') doc.polygon(...flat(shape.points)).fill(PAINTS[shape.fill]);
		else if (shape.kind === 'rect') doc.roundedRect(shape.x, shape.y, shape.width, shape.height, shape.radius).fill(PAINTS[shape.fill]);
		else if (shape.kind === 'circle') doc.circle(shape.x, shape.y, shape.radius).fill(PAINTS[shape.fill]);
		else if (shape.kind === 'bowl') doc.moveTo(shape.from.x, shape.from.y).quadraticCurveTo(shape.control.x, shape.control.y, shape.to.x, shape.to.y).closePath().fill(PAINTS[shape.fill]);
		else if (shape.kind === 'line') {
			const [first, ...rest] = shape.points;
			doc.moveTo(first.x, first.y);
			for (const point of rest) doc.lineTo(point.x, point.y);
			doc.lineWidth(shape.width).lineCap(shape.cap).stroke(PAINTS[shape.stroke]);
			doc.lineCap('butt');
		}
	}
	doc.restore();

	// Text is written unscaled, so its size is in points and the label sits on the page's grid.
	for (const shape of drawing.shapes) {
		if (shape.kind !== 'label') continue;
		const width = 240 * scale;
		doc.fontSize(shape.size * scale).fillColor(PAINTS[shape.fill]);
		write(doc, shape.text, BOLD, { width, align: 'center', lineBreak: false, baseline: 'alphabetic' }, { x: origin.x + (shape.x - 120) * scale, y: origin.y + shape.y * scale });
	}
	doc.fillColor(INK);
	doc.x = doc.page.margins.left;
	doc.y = origin.y + drawing.top * scale + height + 16;
}


/** The model's items as a table. */
function itemTable(doc: Doc, model: Model, labels: ExportLabels, locale: SessionReport['locale']): void {
	const columns: Column[] = [
		{ header: labels.item, share: 0.26, align: 'left' },
		{ header: labels.side, share: 0.13, align: 'left' },
		{ header: labels.answers, share: 0.1, align: 'right' },
		{ header: labels.average, share: 0.16, align: 'right' },
		{ header: labels.spread, share: 0.16, align: 'right' },
		{ header: labels.distribution, share: 0.19, align: 'left' }
	];
	const rows = model.items.map((item) => [
		item.label,
		item.kind === 'load' ? labels.load : labels.resource,
		String(item.count),
		item.mean === null ? labels.hidden : formatMean(item.mean, locale),
		formatMean(item.sd, locale),
		item.histogram ? item.histogram.join(' · ') : '–'
	]);
	table(doc, columns, rows);
}

/** A table whose columns share the page's width; rows never straddle a page, and the header repeats. */
function table(doc: Doc, columns: Column[], rows: string[][]): void {
	const left = doc.page.margins.left;
	const total = contentWidth(doc);
	const widths = columns.map((column) => column.share * total);
	const pad = 4;
	const measure = (cells: string[], font: Face) => {
		doc.fontSize(9);
		return Math.max(...cells.map((cell, i) => heightOf(doc, cell, font, { width: widths[i] - 2 * pad }))) + 2 * pad;
	};
	const row = (cells: string[], font: Face, shaded: boolean) => {
		const height = measure(cells, font);
		const y = doc.y;
		if (shaded) doc.rect(left, y, total, height).fill(SHADE);
		doc.fontSize(9).fillColor(INK);
		let x = left;
		cells.forEach((cell, i) => {
			write(doc, cell, font, { width: widths[i] - 2 * pad, align: columns[i].align }, { x: x + pad, y: y + pad });
			x += widths[i];
		});
		doc.moveTo(left, y + height).lineTo(left + total, y + height).lineWidth(0.5).stroke(RULE);
		doc.x = left;
		doc.y = y + height;
	};
	const headers = columns.map((column) => column.header);
	ensureSpace(doc, measure(headers, BOLD) + (rows[0] ? measure(rows[0], REGULAR) : 0));
	row(headers, BOLD, true);
	for (const cells of rows) {
		if (doc.y + measure(cells, REGULAR) > bottom(doc)) {
			doc.addPage();
			row(headers, BOLD, true);
		}
		row(cells, REGULAR, false);
	}
	doc.moveDown(1);
}

/** "2 / 5" under every page; the bottom margin is lifted while writing so no page is added. */
function numberPages(doc: Doc): void {
	const { start, count } = doc.bufferedPageRange();
	for (let index = start; index < start + count; index++) {
		doc.switchToPage(index);
		const margin = doc.page.margins.bottom;
		doc.page.margins.bottom = 0;
		doc.font(REGULAR).fontSize(8.5).fillColor(SOFT);
		doc.text(`${index + 1} / ${count}`, doc.page.margins.left, doc.page.height - margin / 2 - 4, { width: contentWidth(doc), align: 'center', lineBreak: false });
		doc.page.margins.bottom = margin;
	}
}
