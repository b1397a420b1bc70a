import { exportFileName, exportFormats, renderExport, type ExportFormat } from '$lib/server/export';
import { apiError, authorisedRoom } from '$server/kit/http';
import { buildReport } from '$lib/server/report';
import { reportInput } from '$server/kit/report-input';
import { getLocale } from '$lib/paraglide/runtime';
import type { Locale } from '$lib/template/types';
import type { RequestHandler } from './$types';

/**
 * The session as a file: pdf, docx, xlsx, md, csv, json, or ics (the follow-up as a calendar
 * event), named after the session and its date.
 * Facilitator key required; `lang=da|en` picks the language (default: the request's).
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	const room = await authorisedRoom(locals, request, params.id);
	if (room instanceof Response) return room;
	const format = url.searchParams.get('format') as ExportFormat;
	if (!exportFormats.includes(format)) {
		return apiError(400, 'invalid_payload', `format must be one of ${exportFormats.join(', ')}.`);
	}
	const lang = url.searchParams.get('lang');
	const locale: Locale = lang === 'da' || lang === 'en' ? lang : getLocale();
	const report = buildReport(await reportInput(locals.app, room), locale);
	// The summary's link for the calendar event: the public address, never a key.
	const summary = `${locals.app.config.publicUrl || url.origin}/s/${room.id}/summary`;
	const { body, contentType } = await renderExport(report, format, { summary });
	return new Response(body as BodyInit, {
		headers: {
			'content-type': contentType,
			'content-disposition': `attachment; filename="${exportFileName(report, format)}"`,
			'cache-control': 'no-store'
		}
	});
};
