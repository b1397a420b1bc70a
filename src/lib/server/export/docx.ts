import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	HeadingLevel,
	ImageRun,
	LevelFormat,
	Packer,
	PageNumber,
	Paragraph,
	ShadingType,
	Table,
	TableCell,
	TableRow,
	TextRun,
	WidthType,
	type IBaseParagraphStyleOptions
} from 'docx';
import type { SessionReport } from '../report';
import { comparisonRows } from './comparison-rows';
import { exportLabels, formatDate, formatMean, intlLocale, type ExportLabels } from './labels';
import { PALETTE } from './palette';
import { scaleDrawing, SCALE_FRAME } from './scale-drawing';
import { scalePng, scaleSvg } from './scale-image';
import { xmlSafe as clean } from './xml-text';

type Model = SessionReport['vaegten'][number];

// Word wants colours without the '#'.
const { ink: INK, soft: SOFT, load: LOAD, resource: RESOURCE, shade: SHADE, rule: RULE } = PALETTE;
/** A4 with 2 cm margins leaves 17 cm: the table's width in twentieths of a point. */
const TEXT_WIDTH = 9638;
const MARGIN = 1134;
const NUMBERED = 'ranking';
/** The drawing as wide as in the PDF (330 pt), in Word's pixels (96 to the inch); the PNG at three times that. */
const DRAWING_WIDTH = 440;

/**
 * The draft group agreement as a Word document the consultant can edit: real headings (so the
 * navigation pane works), the scale's drawing as an image, a real table, a numbered list. Same
 * content and order as the other exports.
 */
export async function renderDocx(report: SessionReport): Promise<Buffer> {
	const labels = exportLabels(report.locale, report.session.plan);
	const { locale } = report;
	const title = clean(report.agreement.title.trim() || report.session.title);
	const body: Array<Paragraph | Table> = [
		new Paragraph({ heading: HeadingLevel.TITLE, text: labels.heading }),
		new Paragraph({ style: 'Subtitle', text: title }),
		new Paragraph({ children: [new TextRun({ text: `${labels.date}: ${formatDate(report.session.date, locale)} · ${labels.participants}: ${report.session.participants}`, color: SOFT })] }),

		heading(1, labels.points),
		...report.agreement.points.flatMap((point, index) => [
			heading(2, labels.point(index + 1)),
			labelled(labels.what, point.what || labels.notSet),
			labelled(labels.who, point.who.length > 0 ? point.who.join(', ') : labels.notSet),
			labelled(labels.firstStep, point.firstStep || labels.notSet),
			labelled(labels.followUp, formatDate(point.followUp, locale))
		]),

		heading(1, labels.vaegten),
		...report.vaegten.flatMap((model) => [
			heading(2, model.title),
			new Paragraph({ text: labels.balance(formatMean(model.balance.load, locale), formatMean(model.balance.resource, locale)) }),
			drawing(model, labels, locale),
			itemTable(model, labels, locale),
			new Paragraph({})
		]),

		...markSection(report, labels),
		...comparisonSection(report, labels),

		heading(1, labels.ranking),
		...report.priorities.ranking.map(
			(candidate) => new Paragraph({ numbering: { reference: NUMBERED, level: 0 }, text: `${clean(candidate.text)} — ${candidate.dots}` })
		),
		new Paragraph({ spacing: { before: 120 }, children: [new TextRun({ text: labels.voters(report.priorities.voters), color: SOFT })] }),

		heading(1, labels.appendix),
		...report.groups.flatMap((group) => [
			heading(2, group.name),
			...(group.answers.length === 0 ? [new Paragraph({ children: [new TextRun({ text: labels.noAnswers, italics: true, color: SOFT })] })] : []),
			...group.answers.flatMap((answer, index) => [
				...(answer.stepId !== group.answers[index - 1]?.stepId ? [heading(3, answer.step)] : []),
				new Paragraph({ keepNext: true, spacing: { after: 60 }, children: [new TextRun({ text: clean(answer.question), bold: true, italics: true })] }),
				new Paragraph({ children: lines(answer.text) })
			])
		])
	];

	const document = new Document({
		title: `${labels.heading}: ${title}`,
		creator: 'Vægten Live',
		lastModifiedBy: 'Vægten Live',
		styles: styles(intlLocale(locale)),
		numbering: {
			config: [
				{
					reference: NUMBERED,
					levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360, hanging: 360 } } } }]
				}
			]
		},
		sections: [
			{
				properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: MARGIN, right: MARGIN, bottom: MARGIN, left: MARGIN } } },
				footers: {
					default: new Footer({
						children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 17, color: SOFT })] })]
					})
				},
				children: body
			}
		]
	});
	return Packer.toBuffer(document);
}

const LEVELS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

function heading(level: 1 | 2 | 3, text: string): Paragraph {
	return new Paragraph({ heading: LEVELS[level], text: clean(text) });
}

/** "Det gør vi: …" with the label in bold. */
function labelled(label: string, value: string): Paragraph {
	return new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun({ text: clean(value) })] });
}

/** A participant's line breaks stay line breaks (not new paragraphs). */
function lines(text: string): TextRun[] {
	return clean(text)
		.replace(/\r\n?/g, '\n')
		.split('\n')
		.map((line, index) => new TextRun({ text: line, break: index === 0 ? undefined : 1 }));
}

/**
 * The scale as on the screen and in the PDF: an SVG (Word 2016 and later, LibreOffice), with the
 * same drawing as a PNG for programs that cannot show SVG; its alt text says the averages.
 */
function drawing(model: Model, labels: ExportLabels, locale: SessionReport['locale']): Paragraph {
	const [load, resource] = [formatMean(model.balance.load, locale), formatMean(model.balance.resource, locale)];
	const scale = scaleDrawing(model.balance.tilt, { load: { mean: load, label: labels.load }, resource: { mean: resource, label: labels.resource } });
	const description = labels.balance(load, resource);
	const svg = scaleSvg(scale, description);
	const height = Math.round((DRAWING_WIDTH * scale.height) / SCALE_FRAME.width);
	return new Paragraph({
		alignment: AlignmentType.CENTER,
		keepNext: true,
		spacing: { before: 120, after: 200 },
		children: [
			new ImageRun({
				type: 'svg',
				data: Buffer.from(svg),
				fallback: { type: 'png', data: scalePng(svg, DRAWING_WIDTH * 3) },
				transformation: { width: DRAWING_WIDTH, height },
				altText: { name: clean(model.title), title: clean(model.title), description }
			})
		]
	});
}

/** The lists the phones marked: how many marked each line (held back below three), of how many answered it. */
function markSection(report: SessionReport, labels: ExportLabels): Array<Paragraph | Table> {
	if (report.marks.length === 0) return [];
	return [
		heading(1, labels.marks),
		new Paragraph({ children: [new TextRun({ text: labels.marksHelp, color: SOFT })] }),
		...report.marks.flatMap((list) => [
			heading(2, list.title),
			simpleTable(
				[labels.item, labels.marked, labels.answers],
				[0.6, 0.25, 0.15],
				list.items.map((item) => [item.label, item.marked === null ? labels.hidden : String(item.marked), String(item.count)])
			),
			new Paragraph({})
		])
	];
}

/**
 * A follow-up's "Før og nu", as in the other exports: the balances then and now, the items
 * compared (largest change first), their course over every measurement, progress per point.
 */
function comparisonSection(report: SessionReport, labels: ExportLabels): Array<Paragraph | Table> {
	const { comparison, locale } = report;
	if (!comparison) return [];
	const balance = (side: { load: number | null; resource: number | null }) => labels.balance(formatMean(side.load, locale), formatMean(side.resource, locale));
	const { items, course, progress } = comparisonRows(comparison, labels, locale);
	return [
		heading(1, labels.comparison),
		new Paragraph({ children: [new TextRun({ text: clean(labels.comparedWith(comparison.then.title, formatDate(comparison.then.date, locale))), color: SOFT })] }),
		...comparison.balances
			.filter((entry) => entry.items > 0)
			.flatMap((entry) => [heading(2, entry.title), labelled(labels.then, balance(entry.then)), labelled(labels.now, balance(entry.now))]),
		items.length === 0
			? new Paragraph({ children: [new TextRun({ text: labels.noComparison, italics: true, color: SOFT })] })
			: simpleTable([labels.item, labels.side, labels.then, labels.now, labels.change], [0.4, 0.18, 0.14, 0.14, 0.14], items, 2),
		new Paragraph({}),
		...(course
			? [heading(2, labels.course), simpleTable([labels.item, ...course.dates], [0.4, ...course.dates.map(() => 0.6 / course.dates.length)], course.rows), new Paragraph({})]
			: []),
		...(progress.length > 0
			? [
					heading(2, labels.progress),
					new Paragraph({ children: [new TextRun({ text: labels.progressScale, color: SOFT })] }),
					simpleTable([labels.what, labels.answers, labels.average, labels.distribution], [0.5, 0.12, 0.14, 0.24], progress),
					new Paragraph({})
				]
			: [])
	];
}

/** A table with a repeating header row; the first `textColumns` columns are left-aligned, the others (numbers) right-aligned. */
function simpleTable(header: string[], shares: number[], rows: string[][], textColumns = 1): Table {
	const widths = shares.map((share) => Math.round(share * TEXT_WIDTH));
	const cell = (text: string, index: number, bold = false) =>
		new TableCell({
			width: { size: widths[index], type: WidthType.DXA },
			margins: { top: 40, bottom: 40, left: 80, right: 80 },
			shading: bold ? { type: ShadingType.CLEAR, fill: SHADE, color: 'auto' } : undefined,
			children: [new Paragraph({ alignment: index >= textColumns ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text: clean(text), bold, size: 19 })] })]
		});
	return new Table({
		width: { size: TEXT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		borders: Object.fromEntries(['top', 'bottom', 'left', 'right', 'insideHorizontal', 'insideVertical'].map((side) => [side, { style: BorderStyle.SINGLE, size: 4, color: RULE }])),
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: header.map((text, index) => cell(text, index, true)) }),
			...rows.map((cells) => new TableRow({ cantSplit: true, children: cells.map((text, index) => cell(text, index)) }))
		]
	});
}

function itemTable(model: Model, labels: ExportLabels, locale: SessionReport['locale']): Table {
	const widths = [0.26, 0.13, 0.1, 0.16, 0.16, 0.19].map((share) => Math.round(share * TEXT_WIDTH));
	const right = [false, false, true, true, true, false];
	const cell = (text: string, index: number, options: { header?: boolean; color?: string } = {}) =>
		new TableCell({
			width: { size: widths[index], type: WidthType.DXA },
			margins: { top: 40, bottom: 40, left: 80, right: 80 },
			shading: options.header ? { type: ShadingType.CLEAR, fill: SHADE, color: 'auto' } : undefined,
			children: [
				new Paragraph({
					alignment: right[index] ? AlignmentType.RIGHT : AlignmentType.LEFT,
					children: [new TextRun({ text: clean(text), bold: options.header, color: options.color, size: 19 })]
				})
			]
		});
	const header = [labels.item, labels.side, labels.answers, labels.average, labels.spread, labels.distribution];
	return new Table({
		width: { size: TEXT_WIDTH, type: WidthType.DXA },
		columnWidths: widths,
		borders: Object.fromEntries(['top', 'bottom', 'left', 'right', 'insideHorizontal', 'insideVertical'].map((side) => [side, { style: BorderStyle.SINGLE, size: 4, color: RULE }])),
		rows: [
			new TableRow({ tableHeader: true, cantSplit: true, children: header.map((text, index) => cell(text, index, { header: true })) }),
			...model.items.map(
				(item) =>
					new TableRow({
						cantSplit: true,
						children: [
							cell(item.label, 0),
							cell(item.kind === 'load' ? labels.load : labels.resource, 1, { color: item.kind === 'load' ? LOAD : RESOURCE }),
							cell(String(item.count), 2),
							cell(item.mean === null ? labels.hidden : formatMean(item.mean, locale), 3),
							cell(formatMean(item.sd, locale), 4),
							cell(item.histogram ? item.histogram.join(' · ') : '–', 5)
						]
					})
			)
		]
	});
}

function styles(language: string) {
	const headingStyle = (size: number, color = INK): IBaseParagraphStyleOptions => ({
		run: { font: 'Calibri', size, bold: true, color },
		paragraph: { spacing: { before: size * 10, after: 100 }, keepNext: true, keepLines: true }
	});
	return {
		default: {
			document: { run: { font: 'Calibri', size: 22, color: INK, language: { value: language } }, paragraph: { spacing: { after: 120, line: 276 } } },
			title: { run: { font: 'Calibri', size: 44, bold: true, color: INK }, paragraph: { spacing: { after: 60 } } },
			heading1: headingStyle(30),
			heading2: headingStyle(25),
			heading3: headingStyle(22, SOFT)
		},
		paragraphStyles: [{ id: 'Subtitle', name: 'Subtitle', basedOn: 'Normal', next: 'Normal', run: { size: 30, bold: true, color: SOFT }, paragraph: { spacing: { after: 80 } } }]
	};
}
