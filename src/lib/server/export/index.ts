import type { SessionReport } from '../report';
import { renderCsv } from './csv';
import { renderDocx } from './docx';
import { renderIcs, type ExportLinks } from './ics';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';
import { renderXlsx } from './xlsx';

export const exportFormats = ['pdf', 'docx', 'xlsx', 'md', 'csv', 'json', 'ics'] as const;
export type { ExportLinks } from './ics';
export type ExportFormat = (typeof exportFormats)[number];

const contentTypes: Record<ExportFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	md: 'text/markdown; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8',
	ics: 'text/calendar; charset=utf-8'
};

/** vaegten-ledergruppen-i-aero-kommune-2026-11-23.pdf */
export function exportFileName(report: SessionReport, format: ExportFormat): string {
	const slug = (report.agreement.title || report.session.title)
		.toLowerCase()
		.replace(/æ/g, 'ae')
		.replace(/ø/g, 'oe')
		.replace(/å/g, 'aa')
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 60);
	return `vaegten-${slug || 'session'}-${report.session.date}.${format}`;
}

const renderers: Record<ExportFormat, (report: SessionReport, links: ExportLinks) => Promise<Uint8Array | string> | string> = {
	pdf: renderPdf,
	docx: renderDocx,
	xlsx: renderXlsx,
	md: renderMarkdown,
	csv: renderCsv,
	json: (report) => JSON.stringify(report, null, 2),
	ics: renderIcs
};

export async function renderExport(report: SessionReport, format: ExportFormat, links: ExportLinks): Promise<{ body: Uint8Array | string; contentType: string }> {
	return { body: await renderers[format](report, links), contentType: contentTypes[format] };
}
