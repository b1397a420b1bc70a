import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/lib/server/export/csv';
import { renderXlsx } from '../../src/lib/server/export/xlsx';
import { parseCsv } from '../helpers/documents';
import { reportFixture } from '../helpers/report-fixture';

const english = () => ({ ...reportFixture(), locale: 'en' as const });

async function workbookOf(buffer: Buffer): Promise<ExcelJS.Workbook> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
	return workbook;
}

/** Each row's cell values, header first; an empty cell is null. */
function rowsOf(worksheet: ExcelJS.Worksheet): Cell[][] {
	const rows: Cell[][] = [];
	worksheet.eachRow({ includeEmpty: false }, (row) => {
		rows.push(Array.from({ length: worksheet.columnCount }, (_, i) => (row.getCell(i + 1).value ?? null) as Cell));
	});
	return rows;
}
type Cell = string | number | null;

describe('the CSV export', () => {
	it('opens in Danish Excel: a byte order mark, ";" between fields and a decimal comma', () => {
		const csv = renderCsv(reportFixture());
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const [header, ...rows] = parseCsv(csv.slice(1), ';');
		expect(header).toEqual(['type', 'model', 'id', 'side', 'label', 'count', 'mean', 'sd', 'dots', 'then', 'change', 'count_then', 'marked', 'rated_0', 'rated_1', 'rated_2', 'rated_3', 'rated_4']);
		expect(rows.find((row) => row[2] === 'leader-krydspres')).toEqual(['item', 'leader', 'leader-krydspres', 'load', 'Krydspres', '14', '3,40', '0,60', '', '', '', '', '', '0', '0', '1', '6', '7']);
		expect(rows.find((row) => row[2] === 'custom-1')?.slice(5, 8)).toEqual(['2', '', '']);
		expect(rows.find((row) => row[2] === 'c2')).toEqual(['point', '', 'c2', 'own', 'Faste sparringsmøder i ledergruppen', '', '', '', '15', '', '', '', '', '', '', '', '', '']);
		expect(csv).toMatch(/\r\n$/);
		// A number is a bare field, as Excel reads numbers: its decimal comma needs no quotes.
		expect(csv).toContain('\r\nitem;leader;leader-krydspres;load;Krydspres;14;3,40;0,60;;;;;;0;0;1;6;7\r\n');
	});

	it('keeps the international form in English: "," between fields and a decimal point, with the byte order mark', () => {
		const csv = renderCsv(english());
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		const rows = parseCsv(csv.slice(1));
		expect(rows.find((row) => row[2] === 'leader-krydspres')?.slice(5, 8)).toEqual(['14', '3.40', '0.60']);
		expect(csv).toContain('\r\npoint,,c1,load,Skru ned for krydspres: tydelige prioriteringer,,,,11,,,,,,,,,\r\n');
		// A ';' is plain text in the ',' dialect, a ',' plain text in the ';' dialect.
		const report = english();
		report.priorities.ranking[0].text = 'Mindre; mere';
		expect(renderCsv(report)).toContain(',Mindre; mere,');
		const danish = reportFixture();
		danish.priorities.ranking[0].text = 'Mindre, mere';
		expect(renderCsv(danish)).toContain(';Mindre, mere;');
	});

	it('quotes a text with either separator, quotes or a line break, and reads back exactly', () => {
		const tricky = 'Mere tid; færre møder, "rigtige" pauser\nog ro';
		for (const [report, separator] of [[reportFixture(), ';'], [english(), ',']] as const) {
			report.priorities.ranking[0].text = tricky;
			const csv = renderCsv(report);
			expect(csv).toContain('"Mere tid; færre møder, ""rigtige"" pauser\nog ro"');
			const rows = parseCsv(csv.slice(1), separator);
			expect(rows.every((row) => row.length === 18)).toBe(true);
			expect(rows.find((row) => row[2] === 'c2')?.[4]).toBe(tricky);
		}
	});

	it('opens a typed text that starts like a formula as text, never as a formula (CSV injection); numbers stay numbers', () => {
		const report = reportFixture();
		const typed = ['=HYPERLINK("https://example.org","klik")', '+45 12 34 56 78', '-mindre møder', '@alle', '\tind'];
		typed.forEach((text, index) => (report.priorities.ranking[index % report.priorities.ranking.length].text = text));
		report.agreement.points[0].what = '=1+1';
		const rows = parseCsv(renderCsv(report).slice(1), ';');
		const labels = rows.map((row) => row[4]);
		for (const text of [...typed.slice(-report.priorities.ranking.length), '=1+1']) expect(labels).toContain(`'${text}`);
		expect(labels.some((label) => /^[=+\-@\t]/.test(label))).toBe(false);
		// A negative change is a number, not a text: it keeps its sign.
		expect(rows.flatMap((row) => row.slice(5)).every((field) => !field.startsWith("'"))).toBe(true);
	});
});

describe('the XLSX export', () => {
	it('has three sheets named in Danish: Vægten, the ranking and the groups’ answers', async () => {
		const workbook = await workbookOf(await renderXlsx(reportFixture()));
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Vægten', 'Prioritering', 'Gruppernes svar', 'Udkast til gruppeaftale']);
		expect(workbook.creator).toBe('Vægten Live');
	});

	it('writes every item with real number cells, the spread as counts per value 0–4, a hidden average as an empty cell', async () => {
		const workbook = await workbookOf(await renderXlsx(reportFixture()));
		const sheet = workbook.getWorksheet('Vægten')!;
		const [header, ...rows] = rowsOf(sheet);
		expect(header).toEqual(['Model', 'Side', 'Punkt', 'Gennemsnit', 'Svar', 'Spredning (sd)', 'Antal 0', 'Antal 1', 'Antal 2', 'Antal 3', 'Antal 4']);
		expect(rows).toHaveLength(4);
		expect(rows[0]).toEqual(['Ledervægten', 'Belastning', 'Krydspres', 3.4, 14, 0.6, 0, 0, 1, 6, 7]);
		expect(rows[2].slice(0, 3)).toEqual(['Ledervægten', 'Ressource', 'Støtte og sparring']);
		expect(rows[3]).toEqual(['Ledervægten', 'Belastning', 'Politisk pres', null, 2, null, null, null, null, null, null]);
		const mean = sheet.getRow(2).getCell(4);
		expect(mean.type).toBe(ExcelJS.ValueType.Number);
		expect(mean.numFmt).toBe('0.00');
		expect(sheet.getRow(2).getCell(5).type).toBe(ExcelJS.ValueType.Number);
		expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
	});

	it('ranks the points with their dots as numbers, and lists every group’s answers with its step and question', async () => {
		const workbook = await workbookOf(await renderXlsx(reportFixture()));
		expect(rowsOf(workbook.getWorksheet('Prioritering')!)).toEqual([
			['Nr.', 'Punkt', 'Prikker'],
			[1, 'Faste sparringsmøder i ledergruppen', 15],
			[2, 'Skru ned for krydspres: tydelige prioriteringer', 11],
			[3, 'Pauser på møderne', 6]
		]);
		expect(rowsOf(workbook.getWorksheet('Gruppernes svar')!)).toEqual([
			['Gruppe', 'Trin', 'Spørgsmål', 'Svar'],
			['Vinduesbordet', 'Psykologisk tryghed og tillid', 'Hvor ofte og hvordan taler I om jeres egne fejl og tvivl i jeres ledelsesgruppe?', 'Sjældent. Vi øver os på at dele tvivl.\nNæste gang tager vi det op.']
		]);
	});

	it('names its sheets and headers in English when asked', async () => {
		const workbook = await workbookOf(await renderXlsx(english()));
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Vægten', 'Priorities', 'Groups’ answers', 'Draft group agreement']);
		expect(rowsOf(workbook.getWorksheet('Vægten')!)[0]).toEqual(['Model', 'Side', 'Item', 'Average', 'Answers', 'Spread (sd)', 'Rated 0', 'Rated 1', 'Rated 2', 'Rated 3', 'Rated 4']);
		expect(rowsOf(workbook.getWorksheet('Priorities')!)[0]).toEqual(['Rank', 'Item', 'Dots']);
	});

	it('keeps a formula-looking text as text and leaves out characters XML cannot hold', async () => {
		const report = reportFixture();
		report.priorities.ranking[0].text = '=HYPERLINK("http://example.com")';
		report.groups[0].answers[0].text = 'Før\u0007 & efter <tvivl>';
		const workbook = await workbookOf(await renderXlsx(report));
		const point = workbook.getWorksheet('Prioritering')!.getRow(2).getCell(2);
		expect(point.type).toBe(ExcelJS.ValueType.String);
		expect(point.value).toBe('=HYPERLINK("http://example.com")');
		expect(workbook.getWorksheet('Gruppernes svar')!.getRow(2).getCell(4).value).toBe('Før & efter <tvivl>');
	});
});
