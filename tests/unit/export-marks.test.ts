import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/lib/server/export/csv';
import { renderDocx } from '../../src/lib/server/export/docx';
import { renderMarkdown } from '../../src/lib/server/export/markdown';
import { renderPdf } from '../../src/lib/server/export/pdf';
import { renderXlsx } from '../../src/lib/server/export/xlsx';
import { buildReport, ReportSchema, type SessionReport } from '../../src/lib/server/report';
import { initialState } from '../../src/lib/session/state';
import { leaderGroupTool } from '../../src/lib/template/leader-group-tool';
import { safeTeamItems } from '../../src/lib/template/slides';
import { parseCsv } from '../helpers/documents';
import { reportFixture } from '../helpers/report-fixture';

const standardFontDataUrl = new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url).pathname;

/** Ledergruppen's report: the safe team marked by 5 phones, one line held back (two answered it). */
function marked(): SessionReport {
	return {
		...reportFixture(),
		marks: [
			{
				model: 'safe-team',
				title: 'Det trygge lederteam',
				raters: 5,
				items: [
					{ id: 'safe-team-anerkendelse', label: 'Anerkendelse', count: 5, marked: 4 },
					{ id: 'safe-team-konkurrence', label: 'Konstruktiv uenighed', count: 5, marked: 0 },
					{ id: 'safe-team-humor', label: 'Humor og uformel kontakt', count: 2, marked: null }
				]
			}
		]
	};
}

async function pdfText(report: SessionReport): Promise<string> {
	const pdf = await getDocument({ data: new Uint8Array(await renderPdf(report)), useSystemFonts: false, disableFontFace: true, standardFontDataUrl }).promise;
	const texts: string[] = [];
	for (let number = 1; number <= pdf.numPages; number++) {
		const content = await (await pdf.getPage(number)).getTextContent();
		texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	return texts.join(' ').replace(/\s+/g, ' ');
}

describe('a marked list in the exports: how many marked each line, nothing below three', () => {
	it('the report has the session’s marked lists apart from Vægten, with null below three', () => {
		const state = initialState(leaderGroupTool, { id: 's1', code: 'ABCDEF', createdAt: Date.UTC(2026, 11, 1) });
		const [first, second] = safeTeamItems;
		const results = {
			participants: 5,
			raters: { general: 0, leader: 0, progress: 0, 'safe-team': 5, 'unsafe-team': 2, 'warning-signs': 0, tools: 0 },
			items: [
				{ itemId: first.id, count: 5, mean: 0.6, sd: 0.49, histogram: [2, 3, 0, 0, 0] },
				{ itemId: second.id, count: 2, mean: null, sd: null, histogram: null }
			],
			ranking: [],
			voters: 0,
			comparison: null,
			personal: 0
		};
		const report = buildReport({ state, results, agreement: { title: '', points: [] }, sheets: {} }, 'da');
		expect(report.marks.map((list) => list.model)).toEqual(['safe-team', 'unsafe-team']);
		const safe = report.marks[0];
		expect(safe).toMatchObject({ title: 'Det trygge lederteam', raters: 5 });
		expect(safe.items[0]).toEqual({ id: first.id, label: first.label.da, count: 5, marked: 3 });
		expect(safe.items[1]).toEqual({ id: second.id, label: second.label.da, count: 2, marked: null });
		expect(report.vaegten.flatMap((model) => model.items).some((item) => item.id.startsWith('safe-team'))).toBe(false);
		expect(v.safeParse(ReportSchema, JSON.parse(JSON.stringify(report))).success).toBe(true);
	});

	it('Markdown: a table of lines and how many marked each, held back below three', () => {
		const md = renderMarkdown(marked());
		expect(md).toContain('## Lister med kryds');
		expect(md).toContain('### Det trygge lederteam');
		expect(md).toContain('| Anerkendelse | 4 | 5 |');
		expect(md).toContain('| Konstruktiv uenighed | 0 | 5 |');
		expect(md).toContain('| Humor og uformel kontakt | vises ved mindst 3 svar | 2 |');
		expect(md).not.toMatch(/Humor og uformel kontakt \| \d \|/);
	});

	it('CSV: a mark row per line with its count of marks in `marked`, empty below three', () => {
		const [header, ...rows] = parseCsv(renderCsv(marked()).slice(1), ';');
		const at = (name: string) => header.indexOf(name);
		const row = (id: string) => rows.find((candidate) => candidate[at('id')] === id)!;
		expect(at('marked')).toBeGreaterThan(0);
		expect([row('safe-team-anerkendelse')[at('type')], row('safe-team-anerkendelse')[at('model')], row('safe-team-anerkendelse')[at('marked')], row('safe-team-anerkendelse')[at('count')]]).toEqual(['mark', 'safe-team', '4', '5']);
		expect(row('safe-team-anerkendelse')[at('mean')]).toBe('');
		expect(row('safe-team-humor')[at('marked')]).toBe('');
	});

	it('XLSX: a sheet of marked lists with number cells, an empty cell below three', async () => {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await renderXlsx(marked())) as unknown as ArrayBuffer);
		const sheet = workbook.getWorksheet('Lister med kryds')!;
		expect(sheet).toBeDefined();
		const values = (n: number) => [1, 2, 3, 4].map((c) => sheet.getRow(n).getCell(c).value ?? null);
		expect(values(1)).toEqual(['Liste', 'Punkt', 'Sat kryds', 'Svar']);
		expect(values(2)).toEqual(['Det trygge lederteam', 'Anerkendelse', 4, 5]);
		expect(values(4)).toEqual(['Det trygge lederteam', 'Humor og uformel kontakt', null, 2]);
	});

	it('Word and PDF: the list, each line with how many marked it', async () => {
		const xml = strFromU8(unzipSync(new Uint8Array(await renderDocx(marked())))['word/document.xml']);
		for (const text of ['Lister med kryds', 'Det trygge lederteam', 'Anerkendelse', 'Sat kryds', 'vises ved mindst 3 svar']) expect(xml).toContain(text);
		const pdf = await pdfText(marked());
		expect(pdf).toContain('Lister med kryds');
		expect(pdf).toMatch(/Anerkendelse 4 5/);
		expect(pdf).toMatch(/Humor og uformel kontakt vises ved mindst 3 svar 2/);
	});

	it('leaves the section out where the session has no marked list', async () => {
		expect(renderMarkdown(reportFixture())).not.toContain('Lister med kryds');
		expect(await pdfText(reportFixture())).not.toContain('Lister med kryds');
	});
});
