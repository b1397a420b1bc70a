import PDFDocument from 'pdfkit';
import type { SessionReport } from '../report';
import { exportLabels, formatDate, formatMean, intlLocale, type ExportLabels } from './labels';
import { PALETTE } from './palette';
import { BEAM_THICKNESS, PIVOT, SCALE_FRAME, scaleGeometry, type Point } from './scale-drawing';

type Doc = PDFKit.PDFDocument;
type Model = SessionReport['vaegten'][number];

const [INK, SOFT, LOAD, RESOURCE, RULE, SHADE] = [PALETTE.ink, PALETTE.soft, PALETTE.load, PALETTE.resource, PALETTE.rule, PALETTE.shade].map((hex) => `#${hex}`);
const MARGIN = 50;
const BODY = 10.5;
const [REGULAR, BOLD, ITALIC, BOLD_ITALIC] = ['Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique', 'Helvetica-BoldOblique'];
const HEADING_SIZES = [20, 15, 12.5, 11] as const;
const DRAWING_WIDTH = 330;

/**
 * The draft group agreement as an A4 PDF, made on the server with PDFKit's standard fonts
 * (no browser, no font files). Same content and order as the other exports.
 */
export function renderPdf(report: SessionReport): Promise<Buffer> {
	const labels = exportLabels(report.locale);
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
		drawScale(doc, model, labels, report.locale);
		itemTable(doc, model, labels, report.locale);
	}

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

const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';

/**
 * The standard fonts are WinAnsi-encoded (æ ø å, – and ’ included); anything else would print
 * as garbage, so it becomes its unaccented letter, or "?".
 */
export function winAnsi(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/\t/g, ' ')
		.replace(/[^\n\x20-\x7e\xa0-\xff]/gu, (char) => {
			if (WIN_ANSI_EXTRA.includes(char)) return char;
			const base = char.normalize('NFKD').replace(/[\p{M}\p{Cf}\p{Cc}]/gu, '');
			return /^[\x20-\x7e\xa0-\xff]*$/.test(base) ? base : '?';
		});
}

function heading(doc: Doc, level: 0 | 1 | 2 | 3, text: string): void {
	const size = HEADING_SIZES[level];
	ensureSpace(doc, size * 2 + 48);
	if (level === 1 && doc.y > doc.page.margins.top + 1) doc.moveDown(0.6);
	doc.font(BOLD).fontSize(size).fillColor(level === 3 ? SOFT : INK);
	doc.text(winAnsi(text), doc.page.margins.left, doc.y, { width: contentWidth(doc) });
	if (level === 1) {
		const y = doc.y + 1;
		doc.moveTo(doc.page.margins.left, y).lineTo(doc.page.width - doc.page.margins.right, y).lineWidth(0.75).stroke(RULE);
	}
	doc.moveDown(level <= 1 ? 0.45 : 0.25);
}

interface TextStyle {
	font?: string;
	size?: number;
	color?: string;
	gap?: number;
	indent?: number;
}

function paragraph(doc: Doc, text: string, style: TextStyle = {}): void {
	doc.font(style.font ?? REGULAR).fontSize(style.size ?? BODY).fillColor(style.color ?? INK);
	const left = doc.page.margins.left;
	const indent = style.indent ?? 0;
	// The gap goes after the whole text: a line break inside an answer is kept as a line break.
	doc.text(winAnsi(text), left + indent, doc.y, { width: contentWidth(doc) - indent, lineGap: 1.5 });
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
	doc.font(BOLD).fontSize(BODY).fillColor(INK);
	doc.text(`${winAnsi(label)}: `, doc.page.margins.left, doc.y, { continued: true, width: contentWidth(doc), lineGap: 1.5 });
	doc.font(REGULAR).text(winAnsi(value), { paragraphGap: 4, lineGap: 1.5 });
}

/** The screen's scale (Vaegten.svelte), tilted by the model's balance, each pan with its average. */
function drawScale(doc: Doc, model: Model, labels: ExportLabels, locale: SessionReport['locale']): void {
	const scale = DRAWING_WIDTH / SCALE_FRAME.width;
	const geometry = scaleGeometry(model.balance.tilt);
	// The frame above the beam's higher end is empty: it is left out, and so is the last 20 below the foot.
	const top = Math.min(geometry.beam[0].y, geometry.beam[1].y) - BEAM_THICKNESS;
	const height = (SCALE_FRAME.height - 20 - top) * scale;
	ensureSpace(doc, height + 16);
	const origin = { x: doc.page.margins.left + (contentWidth(doc) - DRAWING_WIDTH) / 2, y: doc.y + 8 - top * scale };
	const flat = (points: Point[]) => points.map((p): [number, number] => [p.x, p.y]);

	doc.save().translate(origin.x, origin.y).scale(scale);
	doc.polygon(...flat(geometry.stand)).fill(SOFT);
	doc.roundedRect(geometry.foot.x, geometry.foot.y, geometry.foot.width, geometry.foot.height, 6).fill(SOFT);
	const [start, end] = geometry.beam;
	doc.moveTo(start.x, start.y).lineTo(end.x, end.y).lineWidth(BEAM_THICKNESS).lineCap('round').stroke(INK);
	doc.lineCap('butt');
	doc.circle(PIVOT.x, PIVOT.y, 16).fill(SOFT);
	for (const side of ['load', 'resource'] as const) {
		const { x, y } = geometry.hooks[side];
		doc.moveTo(x - 90, y + 150).lineTo(x, y).lineTo(x + 90, y + 150).lineWidth(3).stroke(SOFT);
		if (side === 'load') {
			doc.roundedRect(x - 110, y + 150, 220, 16, 4).fill(LOAD);
			doc.roundedRect(x - 60, y + 76, 120, 74, 6).fill(LOAD);
		} else {
			doc.moveTo(x - 110, y + 150).quadraticCurveTo(x, y + 200, x + 110, y + 150).closePath().fill(RESOURCE);
			doc.circle(x, y + 112, 42).fill(RESOURCE);
		}
	}
	doc.restore();

	const at = (p: Point) => ({ x: origin.x + p.x * scale, y: origin.y + p.y * scale });
	const centred = (text: string, p: Point, size: number, color: string) => {
		const width = 240 * scale;
		doc.font(BOLD).fontSize(size).fillColor(color);
		doc.text(winAnsi(text), p.x - width / 2, p.y, { width, align: 'center', lineBreak: false, baseline: 'alphabetic' });
	};
	for (const [side, mean, label, color, labelY] of [
		['load', model.balance.load, labels.load, LOAD, 206],
		['resource', model.balance.resource, labels.resource, RESOURCE, 222]
	] as const) {
		const hook = geometry.hooks[side];
		centred(formatMean(mean, locale), at({ x: hook.x, y: hook.y + 122 }), 34 * scale, 'white');
		centred(label, at({ x: hook.x, y: hook.y + labelY }), 30 * scale, color);
	}
	doc.fillColor(INK);
	doc.x = doc.page.margins.left;
	doc.y = origin.y + top * scale + height + 16;
}

interface Column {
	header: string;
	share: number;
	align: 'left' | 'right';
}

/** The model's items as a table; rows never straddle a page, and the header repeats. */
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
	const left = doc.page.margins.left;
	const total = contentWidth(doc);
	const widths = columns.map((column) => column.share * total);
	const pad = 4;
	const measure = (cells: string[], font: string) => {
		doc.font(font).fontSize(9);
		return Math.max(...cells.map((cell, i) => doc.heightOfString(winAnsi(cell), { width: widths[i] - 2 * pad }))) + 2 * pad;
	};
	const row = (cells: string[], font: string, shaded: boolean) => {
		const height = measure(cells, font);
		const y = doc.y;
		if (shaded) doc.rect(left, y, total, height).fill(SHADE);
		doc.font(font).fontSize(9).fillColor(INK);
		let x = left;
		cells.forEach((cell, i) => {
			doc.text(winAnsi(cell), x + pad, y + pad, { width: widths[i] - 2 * pad, align: columns[i].align });
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
