import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/lib/server/export/csv';
import { renderDocx } from '../../src/lib/server/export/docx';
import { followUpDay, renderIcs } from '../../src/lib/server/export/ics';
import { renderMarkdown } from '../../src/lib/server/export/markdown';
import { renderPdf } from '../../src/lib/server/export/pdf';
import { renderXlsx } from '../../src/lib/server/export/xlsx';
import { ReportSchema } from '../../src/lib/server/report';
import { parseCsv, pdfText } from '../helpers/documents';
import { followUpReportFixture, reportFixture } from '../helpers/report-fixture';

const summary = 'https://vaegten.example.dk/s/abcDEF123456/summary';
const squash = (text: string) => text.replace(/\s+/g, ' ');

describe("a follow-up's exports carry Før og nu", () => {
	it('JSON: schemaVersion 2, and its schema describes followUp and comparison', () => {
		const report = followUpReportFixture();
		expect(v.safeParse(ReportSchema, JSON.parse(JSON.stringify(report))).success).toBe(true);
		expect(v.safeParse(ReportSchema, reportFixture()).success).toBe(true);
		const broken = { ...report, comparison: { ...report.comparison, items: [{ id: 'x' }] } };
		expect(v.safeParse(ReportSchema, broken).success).toBe(false);
	});

	it('CSV: a comparison row per item (now, then, change) and a progress row per point, with its distribution', () => {
		const [header, ...rows] = parseCsv(renderCsv(followUpReportFixture()).slice(1), ';');
		const at = (name: string) => header.indexOf(name);
		const kompleksitet = rows.find((row) => row[0] === 'comparison' && row[2] === 'leader-hoej-kompleksitet')!;
		expect([kompleksitet[at('mean')], kompleksitet[at('then')], kompleksitet[at('change')], kompleksitet[at('count')], kompleksitet[at('count_then')]]).toEqual(['2,80', '3,60', '-0,80', '14', '12']);
		const progress = rows.filter((row) => row[0] === 'progress').map((row) => [row[at('label')], row[at('count')], row[at('mean')], ...row.slice(at('rated_0'))]);
		expect(progress).toEqual([
			['Faste sparringsmøder i ledergruppen', '14', '2,50', '1', '1', '4', '5', '3'],
			['Tydelige prioriteringer fra topledelsen', '2', '', '', '', '', '', '']
		]);
		expect(parseCsv(renderCsv(reportFixture()).slice(1), ';').some((row) => row[0] === 'comparison' || row[0] === 'progress')).toBe(false);
	});

	it('Markdown: the balances then and now, the items by change, progress per point', () => {
		const md = renderMarkdown(followUpReportFixture());
		expect(md).toContain('## Før og nu');
		expect(md).toContain('Sammenlignet med Ledergruppen i Ærø Kommune, 23. november 2026');
		expect(md).toContain('| Høj kompleksitet | Belastning | 3,6 | 2,8 | −0,8 |');
		expect(md).toContain('| Faste sparringsmøder i ledergruppen | 14 | 2,5 | 1 · 1 · 4 · 5 · 3 |');
		expect(md).toContain('0 = ikke startet … 4 = lykkedes');
		expect(renderMarkdown(reportFixture())).not.toContain('Før og nu');
	});

	it('xlsx: a sheet of every item compared and a sheet of progress, numbers as numbers', async () => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await renderXlsx(followUpReportFixture())) as unknown as ArrayBuffer);
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Vægten', 'Prioritering', 'Gruppernes svar', 'Før og nu', 'Fremdrift', 'Udkast til gruppeaftale']);
		const compared = workbook.getWorksheet('Før og nu')!;
		expect(compared.getRow(2).values).toEqual([undefined, 'Ledervægten', 'Belastning', 'Høj kompleksitet', 3.6, 2.8, -0.8, 12, 14]);
		const progress = workbook.getWorksheet('Fremdrift')!;
		expect(progress.getRow(2).values).toEqual([undefined, 'Faste sparringsmøder i ledergruppen', 2.5, 14, 1, 1, 4, 5, 3]);
	});

	it('Word: the balances then and now, the items by change in a table, progress per point', async () => {
		const text = async (report: ReturnType<typeof reportFixture>) => {
			const xml = strFromU8(unzipSync(new Uint8Array(await renderDocx(report)))['word/document.xml']);
			// Each table row's cells, and each paragraph, as text.
			return squash(xml.replace(/<\/w:tc>/g, ' | ').replace(/<\/w:p>/g, ' ').replace(/<[^>]+>/g, ''));
		};
		const doc = await text(followUpReportFixture());
		expect(doc).toContain('Før og nu');
		expect(doc).toContain('Sammenlignet med Ledergruppen i Ærø Kommune, 23. november 2026');
		expect(doc).toMatch(/Før: Belastninger i gennemsnit [\d,]+, ressourcer [\d,]+/);
		expect(doc).toContain('Høj kompleksitet | Belastning | 3,6 | 2,8 | −0,8 |');
		expect(doc).toContain('Sådan gik det');
		expect(doc).toContain('0 = ikke startet … 4 = lykkedes');
		expect(doc).toContain('Faste sparringsmøder i ledergruppen | 14 | 2,5 | 1 · 1 · 4 · 5 · 3 |');
		expect(await text(reportFixture())).not.toContain('Før og nu');
		// With three measurements or more, each item's course: a column per measurement, oldest first.
		const third = followUpReportFixture();
		const dates = ['2026-08-23', '2026-11-23', '2027-02-23'];
		third.comparison!.course = { measurements: dates.map((date) => ({ date, title: 'Ledergruppen' })), items: [{ id: 'leader-hoej-kompleksitet', label: 'Høj kompleksitet', means: [3.9, 3.6, 2.8] }] };
		const course = await text(third);
		expect(course).toContain('Forløb over alle målinger');
		expect(course).toContain('Punkt | 23. august 2026 | 23. november 2026 | 23. februar 2027 |');
		expect(course).toContain('Høj kompleksitet | 3,9 | 3,6 | 2,8 |');
	});

	it('PDF: then and now side by side, the items compared and progress per point', async () => {
		const { text } = await pdfText(await renderPdf(followUpReportFixture()));
		const flat = squash(text);
		expect(flat).toContain('Før og nu');
		expect(flat).toMatch(/Før · 23\. november 2026.*Nu · 23\. februar 2027/);
		expect(flat).toContain('Høj kompleksitet Belastning 3,6 2,8 −0,8');
		expect(flat).toContain('Sådan gik det');
		expect(flat).toContain('Faste sparringsmøder i ledergruppen 14 2,5 1 · 1 · 4 · 5 · 3');
		expect(squash((await pdfText(await renderPdf(reportFixture()))).text)).not.toContain('Før og nu');
	});
});

describe('the .ics of every agreement', () => {
	it('is a whole-day event at the follow-up date with the points and the summary link, and no key', () => {
		const ics = renderIcs(reportFixture(), { summary });
		expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
		expect(ics).toContain('DTSTART;VALUE=DATE:20270223\r\n');
		expect(ics).toContain('DTEND;VALUE=DATE:20270224\r\n');
		expect(ics).toContain('UID:abcDEF123456-follow-up@vaegten-live\r\n');
		expect(ics).toContain('SUMMARY:Opfølgning: Ledergruppen i Ærø Kommune');
		const unfolded = ics.replace(/\r\n[ \t]/g, '');
		expect(unfolded).toContain('1. Faste sparringsmøder i ledergruppen');
		expect(unfolded).toContain('2. Tydelige prioriteringer fra topledelsen');
		expect(unfolded).toContain(`Resumé: ${summary}`);
		expect(unfolded).toContain(`URL:${summary}`);
		expect(ics).not.toMatch(/key|Bearer/i);
	});

	it('falls back to three months after the workshop when no date was set, in English when asked', () => {
		const report = { ...reportFixture(), locale: 'en' as const };
		report.agreement.points = report.agreement.points.map((point) => ({ ...point, followUp: '' }));
		expect(followUpDay(report)).toBe('2027-02-23');
		expect(renderIcs(report, { summary })).toContain('SUMMARY:Follow-up: Ledergruppen i Ærø Kommune');
	});
});
