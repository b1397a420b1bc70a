import { strFromU8, unzipSync } from 'fflate';
import * as fontkit from 'fontkit';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import type { SessionReport } from '../../src/lib/server/report';
import { renderDocx } from '../../src/lib/server/export/docx';
import { fontRuns, fonts, printable } from '../../src/lib/server/export/fonts';
import { woffToSfnt } from '../../src/lib/server/export/sfnt';
import { renderPdf } from '../../src/lib/server/export/pdf';
import { BEAM_THICKNESS, MAX_ANGLE, scaleDrawing, scaleGeometry } from '../../src/lib/server/export/scale-drawing';
import { scalePng, scaleSvg } from '../../src/lib/server/export/scale-image';
import { reportFixture } from '../helpers/report-fixture';

const standardFontDataUrl = new URL('../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url).pathname;
const squash = (text: string) => text.replace(/\s+/g, ' ').trim();

async function openPdf(buffer: Buffer): Promise<PDFDocumentProxy> {
	return getDocument({ data: new Uint8Array(buffer), useSystemFonts: false, disableFontFace: true, standardFontDataUrl }).promise;
}

/** Each page's text items, with their baseline's height above the page's bottom edge. */
async function pdfPages(pdf: PDFDocumentProxy) {
	const pages = [];
	for (let number = 1; number <= pdf.numPages; number++) {
		const page = await pdf.getPage(number);
		const content = await page.getTextContent();
		const items = content.items.flatMap((item) => ('str' in item ? [{ text: item.str, y: item.transform[5] as number }] : []));
		pages.push({ page, items, text: squash(items.map((item) => item.text).join(' ')) });
	}
	return pages;
}

/** The document information dictionary (pdf.js types it as a bare `Object`). */
async function pdfInfo(pdf: PDFDocumentProxy): Promise<Record<string, unknown>> {
	const { info } = await pdf.getMetadata();
	return info as unknown as Record<string, unknown>;
}

async function pdfText(report: SessionReport): Promise<string> {
	return (await pdfPages(await openPdf(await renderPdf(report)))).map((page) => page.text).join(' ');
}

async function docxXml(report: SessionReport, path = 'word/document.xml'): Promise<string> {
	const files = unzipSync(new Uint8Array(await renderDocx(report)));
	return strFromU8(files[path]);
}

/** The fixture with many items and long answers, so both documents need several pages. */
function longReport(): SessionReport {
	const report = reportFixture();
	const [model] = report.vaegten;
	report.vaegten = [0, 1, 2].map((index) => ({ ...model, title: `${model.title} ${index + 1}`, items: Array.from({ length: 14 }, (_, i) => ({ ...model.items[i % 4], label: `${model.items[i % 4].label}, en længere beskrivelse af punktet ${i + 1}` })) }));
	report.groups[0].answers = Array.from({ length: 12 }, (_, i) => ({ ...report.groups[0].answers[0], stepId: `step-${i >> 2}`, text: `${'Vi øver os på at dele tvivl. '.repeat(30)}\nSvar ${i + 1}.` }));
	return report;
}

describe('the scale drawing', () => {
	it('is level when the pans weigh the same', () => {
		const geometry = scaleGeometry(0);
		expect(geometry.angle).toBe(0);
		expect(geometry.hooks.load.y).toBeCloseTo(geometry.hooks.resource.y, 9);
		expect(geometry.hooks.load.x).toBeLessThan(geometry.hooks.resource.x);
	});

	it('lowers the loads (left) when the tilt is positive, as the screen does', () => {
		const geometry = scaleGeometry(0.225);
		expect(geometry.angle).toBeCloseTo(-0.225 * MAX_ANGLE, 9);
		expect(geometry.hooks.load.y).toBeGreaterThan(geometry.hooks.resource.y);
		expect(scaleGeometry(-0.5).hooks.resource.y).toBeGreaterThan(scaleGeometry(-0.5).hooks.load.y);
	});

	it('clamps a tilt outside -1…1 and treats a non-number as level', () => {
		expect(scaleGeometry(3)).toEqual(scaleGeometry(1));
		expect(scaleGeometry(-3).angle).toBe(MAX_ANGLE);
		expect(scaleGeometry(Number.NaN)).toEqual(scaleGeometry(0));
	});
});

describe('the PDF export', () => {
	it('is an A4 PDF with the agreement, Vægten, the ranking and the groups’ answers, æ ø å intact', async () => {
		const buffer = await renderPdf(reportFixture());
		expect(buffer.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const pdf = await openPdf(buffer);
		const pages = await pdfPages(pdf);
		expect(pages[0].page.view).toEqual([0, 0, 595.28, 841.89]);
		const text = pages.map((page) => page.text).join(' ');
		for (const expected of [
			'Udkast til gruppeaftale',
			'Ledergruppen i Ærø Kommune',
			'Dato: 23. november 2026 · Deltagere: 14',
			'Det gør vi: Faste sparringsmøder i ledergruppen',
			'Det gør vi: Tydelige prioriteringer fra topledelsen',
			'Hvem: Ledere af ledere, HR og interne konsulenter',
			'Opfølgning: 23. februar 2027',
			'Belastninger i gennemsnit 3,1, ressourcer 2,2',
			'Høj kompleksitet',
			'Støtte og sparring',
			'vises ved mindst 3 svar',
			'0 · 1 · 4 · 5 · 4',
			'Faste sparringsmøder i ledergruppen — 15',
			'12 har stemt',
			'Bilag: gruppernes svar',
			'Vinduesbordet',
			'Sjældent. Vi øver os på at dele tvivl. Næste gang tager vi det op.',
			'Ingen svar.'
		]) {
			expect(text).toContain(expected);
		}
		expect(text.indexOf('De to vigtigste punkter')).toBeLessThan(text.indexOf('Ledervægten'));
		expect(text.indexOf('Prioritering (prikker)')).toBeLessThan(text.indexOf('Bilag: gruppernes svar'));
		expect(await pdfInfo(pdf)).toMatchObject({ Title: 'Udkast til gruppeaftale: Ledergruppen i Ærø Kommune', Language: 'da-DK' });
	});

	it('draws the scale: filled shapes in both pans’ colours, each pan’s average written on its weight', async () => {
		const pdf = await openPdf(await renderPdf(reportFixture()));
		const [first] = await pdfPages(pdf);
		const operators = await first.page.getOperatorList();
		const fills = operators.argsArray.filter((_, i) => operators.fnArray[i] === OPS.setFillRGBColor).map((args) => Array.from(args as ArrayLike<number>).join(','));
		expect(fills).toContain('166,61,34');
		expect(fills).toContain('23,105,93');
		expect(operators.fnArray).toContain(OPS.constructPath);
		expect(operators.fnArray).toContain(OPS.fill);
		const words = first.items.map((item) => item.text);
		expect(words).toEqual(expect.arrayContaining(['3,1', '2,2', 'Belastning', 'Ressource']));
	});

	it('flows a long report over several pages without writing into the bottom margin, and numbers them', async () => {
		const pages = await pdfPages(await openPdf(await renderPdf(longReport())));
		expect(pages.length).toBeGreaterThan(3);
		pages.forEach(({ items }, index) => {
			const footer = items.filter((item) => /^\d+ \/ \d+$/.test(item.text));
			expect(footer.map((item) => item.text)).toEqual([`${index + 1} / ${pages.length}`]);
			const lowest = Math.min(...items.filter((item) => !footer.includes(item) && item.text.trim() !== '').map((item) => item.y));
			expect(lowest).toBeGreaterThanOrEqual(50);
		});
	});

	it('prints every character people typed, emoji included, in embedded fonts: the emoji in the emoji font, the Danish text in the main font', async () => {
		const report = reportFixture();
		report.groups[0].name = 'Vinduesbordet 🚀';
		report.groups[0].answers[0].text = 'Godt samarbejde 👍 – æøå ÆØÅ\nVi går videre → Łódź, ő, Ωμέγα, Привет ✓ ❤️ 👍🏽 🇩🇰';
		report.vaegten[0].items[0].label = 'Krydspres 😩';
		const pdf = await openPdf(await renderPdf(report));
		const pages = await pdfPages(pdf);
		const text = pages.map((page) => page.text).join(' ');
		for (const expected of ['Vinduesbordet 🚀', 'Godt samarbejde 👍 – æøå ÆØÅ', 'Vi går videre → Łódź, ő, Ωμέγα, Привет ✓ ❤', '🇩🇰', 'Krydspres 😩']) {
			expect(text).toContain(expected);
		}
		expect(text).not.toMatch(/\ufffd|\? \?/);

		// Which font prints what: pdf.js names each text item's font once the page is parsed.
		const page = pages.find((candidate) => candidate.text.includes('Godt samarbejde'))!.page;
		await page.getOperatorList();
		const content = await page.getTextContent();
		const fontOf = (needle: string) => {
			const item = content.items.find((candidate) => 'str' in candidate && candidate.str.includes(needle));
			return item && 'fontName' in item ? (page.commonObjs.get(item.fontName) as { name: string }).name : undefined;
		};
		expect(fontOf('👍')).toMatch(/^[A-Z]{6}\+NotoEmoji/);
		expect(fontOf('æøå ÆØÅ')).toMatch(/^[A-Z]{6}\+DejaVuSans$/);
		expect(fontOf('Godt samarbejde')).toMatch(/^[A-Z]{6}\+DejaVuSans$/);
		expect(fontOf('Łódź')).toMatch(/^[A-Z]{6}\+DejaVuSans$/);
		// The line after a line break starts at the margin, not where the last run began.
		const second = content.items.find((candidate) => 'str' in candidate && candidate.str.startsWith('Vi går videre'));
		expect(second && 'transform' in second ? second.transform[4] : undefined).toBeCloseTo(50, 0);
	});

	it('leaves out control characters and keeps line breaks', async () => {
		expect(printable('Før\u0007 og\tefter\r\nNy linje\rog \ud83d alene')).toBe('Før og efter\nNy linje\nog \ufffd alene');
		const report = reportFixture();
		report.groups[0].answers[0].text = 'Før\u0007 og efter';
		expect(await pdfText(report)).toContain('Før og efter');
	});

	it('embeds the fonts as the TrueType files inside their WOFF packages, glyph for glyph', () => {
		const woff = readFileSync(createRequire(import.meta.url).resolve('@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff'));
		const sfnt = woffToSfnt(woff);
		expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4));
		const [original, unpacked] = [woff, sfnt].map((data) => fontkit.create(data) as fontkit.Font);
		expect(unpacked.type).toBe('TTF');
		expect(unpacked.numGlyphs).toBe(original.numGlyphs);
		expect(unpacked.characterSet).toEqual(original.characterSet);
		expect(unpacked.layout('👍').glyphs[0].path.toSVG()).toBe(original.layout('👍').glyphs[0].path.toSVG());
		expect(() => woffToSfnt(sfnt)).toThrow('Not a WOFF 1.0 font.');
		expect(fonts().main.regular.font.familyName).toBe('DejaVu Sans');
	});

	it('splits text into runs per font, an emoji’s modifiers and joiners kept with it', () => {
		expect(fontRuns('Godt 👍🏽 – æøå 👨‍👩‍👧!', 'regular')).toEqual([
			{ text: 'Godt ', emoji: false },
			{ text: '👍🏽', emoji: true },
			{ text: ' – æøå ', emoji: false },
			{ text: '👨‍👩‍👧', emoji: true },
			{ text: '!', emoji: false }
		]);
		// ❤ is text by default and the main font has it; asked for as an emoji (U+FE0F) it is one.
		expect(fontRuns('❤ ❤️', 'bold')).toEqual([
			{ text: '❤ ', emoji: false },
			{ text: '❤️', emoji: true }
		]);
	});

	it('uses the report’s language for headings and metadata', async () => {
		const report = { ...reportFixture(), locale: 'en' as const };
		const pdf = await openPdf(await renderPdf(report));
		const text = (await pdfPages(pdf)).map((page) => page.text).join(' ');
		expect(text).toContain('Draft group agreement');
		expect(text).toContain('Loads on average 3.1, resources 2.2');
		expect(text).toContain('Appendix: the groups’ answers');
		expect(await pdfInfo(pdf)).toMatchObject({ Title: 'Draft group agreement: Ledergruppen i Ærø Kommune', Language: 'en-GB' });
	});
});

describe('the DOCX export', () => {
	it('holds the agreement points, the items table and the groups’ answers', async () => {
		const xml = await docxXml(reportFixture());
		for (const expected of ['Udkast til gruppeaftale', 'Ledergruppen i Ærø Kommune', 'Faste sparringsmøder i ledergruppen', 'Tydelige prioriteringer fra topledelsen', 'Krydspres', 'Høj kompleksitet', 'Støtte og sparring', 'Politisk pres', 'vises ved mindst 3 svar', 'Vinduesbordet', 'Sjældent. Vi øver os på at dele tvivl.', 'Ingen svar.']) {
			expect(xml).toContain(expected);
		}
	});

	it('uses real headings, a table with a repeating header row, a numbered list and kept line breaks', async () => {
		const xml = await docxXml(reportFixture());
		for (const style of ['Title', 'Heading1', 'Heading2', 'Heading3']) expect(xml).toContain(`<w:pStyle w:val="${style}"/>`);
		expect(xml).toMatch(/<w:tbl>.*<w:tblHeader\/>.*<\/w:tbl>/s);
		expect(xml.match(/<w:tr>/g)).toHaveLength(1 + reportFixture().vaegten[0].items.length);
		expect(xml.match(/<w:numPr>/g)).toHaveLength(reportFixture().priorities.ranking.length);
		expect(xml).toContain('Vi øver os på at dele tvivl.</w:t></w:r><w:r><w:br/><w:t xml:space="preserve">Næste gang tager vi det op.');
	});

	it('sets the document language and title, and uses the report’s language for headings', async () => {
		expect(await docxXml(reportFixture(), 'word/styles.xml')).toContain('<w:lang w:val="da-DK"/>');
		expect(await docxXml(reportFixture(), 'docProps/core.xml')).toContain('<dc:title>Udkast til gruppeaftale: Ledergruppen i Ærø Kommune</dc:title>');
		const english = { ...reportFixture(), locale: 'en' as const };
		expect(await docxXml(english)).toContain('Draft group agreement');
		expect(await docxXml(english)).toContain('Appendix: the groups’ answers');
		expect(await docxXml(english, 'word/styles.xml')).toContain('<w:lang w:val="en-GB"/>');
	});

	it('carries the scale drawing as an SVG with a PNG fallback, both in word/media and referenced from the document, with the averages as alt text', async () => {
		const files = unzipSync(new Uint8Array(await renderDocx(reportFixture())));
		const media = Object.keys(files).filter((path) => path.startsWith('word/media/'));
		const svgPath = media.find((path) => path.endsWith('.svg'))!;
		const pngPath = media.find((path) => path.endsWith('.png'))!;
		expect(svgPath).toBeDefined();
		expect(pngPath).toBeDefined();
		const svg = strFromU8(files[svgPath]);
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 [\d.]+ 1000 [\d.]+"/);
		expect(svg).toContain('fill="#a63d22"');
		expect(svg).toContain('fill="#17695d"');
		expect(svg).toContain('<title>Belastninger i gennemsnit 3,1, ressourcer 2,2</title>');
		expect(Array.from(files[pngPath].subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		// The PNG is the drawing at three times its width in the document (440 px).
		expect(new DataView(files[pngPath].buffer, files[pngPath].byteOffset).getUint32(16)).toBe(1320);

		const relations = strFromU8(files['word/_rels/document.xml.rels']);
		const idOf = (path: string) => new RegExp(`Id="(rId[^"]+)"[^>]*Target="media/${path.slice('word/media/'.length)}"`).exec(relations)?.[1];
		const xml = strFromU8(files['word/document.xml']);
		expect(xml).toContain(`<a:blip r:embed="${idOf(pngPath)}"`);
		expect(xml).toMatch(new RegExp(`<asvg:svgBlip [^>]*r:embed="${idOf(svgPath)}"`));
		expect(xml).toMatch(/<wp:docPr [^>]*descr="Belastninger i gennemsnit 3,1, ressourcer 2,2"/);
		expect(xml.indexOf('svgBlip')).toBeGreaterThan(xml.indexOf('Belastninger i gennemsnit'));
		expect(xml.indexOf('svgBlip')).toBeLessThan(xml.indexOf('<w:tbl>'));
	});

	it('draws the same scale in the SVG as in the PDF: the beam tilted towards the heavier pan, each average written in outlines', () => {
		const drawing = scaleDrawing(0.225, { load: { mean: '3,1', label: 'Belastning' }, resource: { mean: '2,2', label: 'Ressource' } });
		const beam = drawing.shapes.find((shape) => shape.kind === 'line' && shape.width === BEAM_THICKNESS);
		expect(beam).toEqual(expect.objectContaining({ points: scaleGeometry(0.225).beam }));
		const svg = scaleSvg(drawing, 'Vægten');
		expect(svg.match(/<path d="M[^"]+" fill="#ffffff"\/>/g)).toHaveLength(2);
		expect(svg).not.toContain('<text');
		expect(scalePng(svg, 300).subarray(1, 4).toString('latin1')).toBe('PNG');
	});

	it('leaves out characters XML cannot hold, so Word still opens the file', async () => {
		const report = reportFixture();
		report.groups[0].answers[0].text = 'Før\u0007 & efter <tvivl>';
		expect(await docxXml(report)).toContain('Før &amp; efter &lt;tvivl&gt;');
	});
});
