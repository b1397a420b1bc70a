import ExcelJS from 'exceljs';
import type { SessionReport } from '../report';
import { exportLabels } from './labels';
import { PALETTE } from './palette';
import { xmlSafe } from './xml-text';

type Cell = string | number | null;

/** Excel refuses a cell longer than this. */
const MAX_CELL = 32_767;
const VALUES = [0, 1, 2, 3, 4] as const;

/**
 * The results as an Excel workbook: one sheet for Vægten (every item with its average, count,
 * spread and how many gave each value 0–4), one for the ranking, one for the groups' answers,
 * a follow-up's two, and last the agreement (or the plan) with who does what.
 * Every number is a number cell, so the consultant can sort, sum and chart without converting;
 * Excel shows it with the reader's own decimal mark. Text is only ever text (never a formula).
 * Aggregates only, like every export: no participant's own rating is in it.
 */
export async function renderXlsx(report: SessionReport): Promise<Buffer> {
	const labels = exportLabels(report.locale, report.session.plan);
	const workbook = new ExcelJS.Workbook();
	workbook.creator = 'Vægten Live';
	workbook.title = `${labels.heading}: ${xmlSafe(report.agreement.title.trim() || report.session.title)}`;
	workbook.created = new Date(report.session.createdAt);

	const vaegten = sheet(workbook, labels.sheets.vaegten, [
		{ header: labels.model, width: 26 },
		{ header: labels.side, width: 12 },
		{ header: labels.item, width: 36 },
		{ header: labels.average, width: 12, format: '0.00' },
		{ header: labels.answers, width: 8, format: '0' },
		{ header: labels.spread, width: 14, format: '0.00' },
		...VALUES.map((value) => ({ header: labels.rated(value), width: 9, format: '0' }))
	]);
	for (const model of report.vaegten) {
		for (const item of model.items) {
			// A hidden average (fewer than 3 ratings) is an empty cell, not a word in a number column.
			const histogram = VALUES.map((value) => item.histogram?.[value] ?? null);
			vaegten.addRow([model.title, item.kind === 'load' ? labels.load : labels.resource, text(item.label), item.mean, item.count, item.sd, ...histogram]);
		}
	}

	if (report.marks.length > 0) {
		// How many marked each line (an empty cell below three), of how many answered it: never an average.
		const marks = sheet(workbook, labels.sheets.marks, [
			{ header: labels.marksList, width: 30 },
			{ header: labels.item, width: 50 },
			{ header: labels.marked, width: 12, format: '0' },
			{ header: labels.answers, width: 8, format: '0' }
		]);
		for (const list of report.marks) for (const item of list.items) marks.addRow([list.title, text(item.label), item.marked, item.count]);
	}

	const ranking = sheet(workbook, labels.sheets.ranking, [
		{ header: labels.rank, width: 6, format: '0' },
		{ header: labels.item, width: 60 },
		{ header: labels.dots, width: 9, format: '0' }
	]);
	report.priorities.ranking.forEach((candidate, index) => ranking.addRow([index + 1, text(candidate.text), candidate.dots]));

	const groups = sheet(workbook, labels.sheets.groups, [
		{ header: labels.group, width: 20 },
		{ header: labels.step, width: 30 },
		{ header: labels.question, width: 50 },
		{ header: labels.answer, width: 70, wrap: true }
	]);
	for (const group of report.groups) {
		for (const answer of group.answers) groups.addRow([text(group.name), text(answer.step), text(answer.question), text(answer.text)]);
	}

	if (report.comparison) comparisonSheets(workbook, report);

	// The agreement (or the plan for ledertrivsel) itself: who is the roles ticked, then the names.
	const agreement = sheet(workbook, labels.heading, [
		{ header: labels.rank, width: 6, format: '0' },
		{ header: labels.what, width: 50, wrap: true },
		{ header: labels.who, width: 40, wrap: true },
		{ header: labels.firstStep, width: 40, wrap: true },
		{ header: labels.followUp, width: 14 }
	]);
	report.agreement.points.forEach((point, index) => agreement.addRow([index + 1, text(point.what), text(point.who.join(', ')), text(point.firstStep), point.followUp]));

	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A follow-up's "Før og nu" (every item compared: then, now, change) and its progress per agreed point. */
function comparisonSheets(workbook: ExcelJS.Workbook, report: SessionReport): void {
	const labels = exportLabels(report.locale, report.session.plan);
	const comparison = report.comparison!;
	const titles = new Map(comparison.balances.map((balance) => [balance.model, balance.title]));
	const compared = sheet(workbook, labels.comparisonSheets.comparison, [
		{ header: labels.model, width: 26 },
		{ header: labels.side, width: 12 },
		{ header: labels.item, width: 36 },
		{ header: labels.then, width: 10, format: '0.00' },
		{ header: labels.now, width: 10, format: '0.00' },
		{ header: labels.change, width: 10, format: '+0.00;-0.00;0.00' },
		{ header: `${labels.answers} (${labels.then})`, width: 10, format: '0' },
		{ header: `${labels.answers} (${labels.now})`, width: 10, format: '0' }
	]);
	for (const item of comparison.items) {
		compared.addRow([titles.get(item.model) ?? item.model, item.kind === 'load' ? labels.load : labels.resource, text(item.label), item.then, item.now, item.change, item.countThen, item.countNow]);
	}
	const progress = sheet(workbook, labels.comparisonSheets.progress, [
		{ header: labels.what, width: 50 },
		{ header: labels.average, width: 12, format: '0.00' },
		{ header: labels.answers, width: 8, format: '0' },
		...VALUES.map((value) => ({ header: labels.rated(value), width: 9, format: '0' }))
	]);
	for (const point of comparison.progress) progress.addRow([text(point.point), point.mean, point.count, ...VALUES.map((value) => point.histogram?.[value] ?? null)]);
}

interface Column {
	header: string;
	width: number;
	format?: string;
	wrap?: boolean;
}

/** A sheet with a bold, frozen header row and a filter on it, so it sorts and filters at once. */
function sheet(workbook: ExcelJS.Workbook, name: string, columns: Column[]): ExcelJS.Worksheet {
	const worksheet = workbook.addWorksheet(sheetName(name), { views: [{ state: 'frozen', ySplit: 1 }] });
	worksheet.columns = columns.map((column) => ({
		header: column.header,
		width: column.width,
		style: { numFmt: column.format, alignment: { vertical: 'top', wrapText: column.wrap } }
	}));
	worksheet.getRow(1).eachCell((cell) => {
		cell.font = { bold: true };
		cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${PALETTE.shade.toUpperCase()}` } };
	});
	worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
	return worksheet;
}

/** Excel's rules for a sheet's name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetName(name: string): string {
	return name.replace(/[:\\/?*[\]]/g, ' ').trim().slice(0, 31) || 'Sheet';
}

function text(value: string): Cell {
	return xmlSafe(value).slice(0, MAX_CELL);
}
