import { strFromU8, unzipSync } from 'fflate';

/** The text of every page of a PDF, whitespace folded, as a PDF reader extracts it. */
export async function pdfText(pdf: Uint8Array): Promise<{ text: string; pages: Array<{ width: number; height: number }> }> {
	const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
	const document = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, disableFontFace: true }).promise;
	const texts: string[] = [];
	const pages: Array<{ width: number; height: number }> = [];
	for (let number = 1; number <= document.numPages; number++) {
		const page = await document.getPage(number);
		const [, , width, height] = page.view;
		pages.push({ width, height });
		const content = await page.getTextContent();
		texts.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' '));
	}
	await document.destroy();
	return { text: texts.join(' ').replace(/\s+/g, ' '), pages };
}

/** word/document.xml of a DOCX, and its text with the XML tags removed. */
export function docxDocument(docx: Uint8Array): { xml: string; text: string } {
	const xml = strFromU8(unzipSync(new Uint8Array(docx))['word/document.xml']);
	const text = xml
		.replace(/<\/w:p>/g, '\n')
		.replace(/<[^>]+>/g, '')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'");
	return { xml, text };
}

/** RFC 4180 rows: quoted fields, doubled quotes, CRLF or LF, split on `separator`. */
export function parseCsv(csv: string, separator = ','): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let field = '';
	let quoted = false;
	for (let i = 0; i < csv.length; i++) {
		const char = csv[i];
		if (quoted) {
			if (char === '"' && csv[i + 1] === '"') (field += '"'), i++;
			else if (char === '"') quoted = false;
			else field += char;
		} else if (char === '"') quoted = true;
		else if (char === separator) row.push(field), (field = '');
		else if (char === '\n' || char === '\r') {
			if (char === '\r' && csv[i + 1] === '\n') i++;
			row.push(field), rows.push(row), (row = []), (field = '');
		} else field += char;
	}
	if (field !== '' || row.length > 0) row.push(field), rows.push(row);
	return rows;
}
