import type { SessionReport } from '../report';
import { renderCsv } from './csv';
import { renderDocx } from './docx';
import { renderMarkdown } from './markdown';
import { renderPdf } from './pdf';

export const exportFormats = ['pdf', 'docx', 'md', 'csv', 'json'] as const;
export type ExportFormat = (typeof exportFormats)[number];

const contentTypes: Record<ExportFormat, string> = {
	pdf: 'application/pdf',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	md: 'text/markdown; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	json: 'application/json; charset=utf-8'
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

export async function renderExport(report: SessionReport, format: ExportFormat): Promise<{ body: Uint8Array | string; contentType: string }> {
	const body =
		format === 'pdf'
			? await renderPdf(report)
			: format === 'docx'
				? await renderDocx(report)
				: format === 'md'
					? renderMarkdown(report)
					: format === 'csv'
						? renderCsv(report)
						: JSON.stringify(report, null, 2);
	return { body, contentType: contentTypes[format] };
}
