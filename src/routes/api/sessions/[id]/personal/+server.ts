import { renderPersonalIcs, renderPersonalPdf, personalFileName } from '$lib/server/export/personal';
import { localDate } from '$lib/agreement';
import { hashSecret } from '$server/keys';
import { apiError, tooMany } from '$server/kit/http';
import { personalAgreement } from '$server/sheets/personal';
import type { RequestHandler } from './$types';

const FORMATS = ['pdf', 'ics'] as const;
type Format = (typeof FORMATS)[number];
const CONTENT_TYPES: Record<Format, string> = { pdf: 'application/pdf', ics: 'text/calendar; charset=utf-8' };

/**
 * A participant's own lederaftale as a file (`format=pdf|ics`; `lang=da|en`, default the workshop's), for that participant only: its
 * token as `Authorization: Bearer TOKEN` (never in the URL; the phone fetches and saves the
 * blob). 401 without a token, 404 when there is no such session or it has no lederaftale step,
 * 403 for a token that has not joined it (the facilitator's key included). Wrong tokens are
 * counted as any refusal (server/guard.ts), and past their budget, 429. Answers with what is
 * committed or in memory here (a write of the last half second may be missing on another process).
 */
export const GET: RequestHandler = async ({ locals, params, request, url }) => {
	const { app, address } = locals;
	const match = /^Bearer\s+(\S{1,200})$/i.exec(request.headers.get('authorization') ?? '');
	if (!match) return apiError(401, 'forbidden', 'Send the participant token as "Authorization: Bearer TOKEN".');
	const format = url.searchParams.get('format') as Format;
	if (!FORMATS.includes(format)) return apiError(400, 'invalid_payload', `format must be one of ${FORMATS.join(', ')}.`);
	const token = hashSecret(match[1]);
	const room = await app.rooms.view(params.id);
	if (!room || !room.state.steps.some((step) => step.kind === 'personal')) {
		const wait = app.guard.refuse({ address });
		return wait ? tooMany(wait) : apiError(404, 'not_found', 'No such session, or it has no lederaftale.');
	}
	const member = await app.store.participantByToken(room.id, token);
	if (!member) {
		const wait = app.guard.refuse({ address, token });
		return wait ? tooMany(wait) : apiError(403, 'forbidden', 'This token does not open a lederaftale of this session.');
	}
	if (!app.collab) return apiError(503, 'internal', 'The collaboration endpoint is not running.');
	const agreement = await personalAgreement(app.collab, room, member.id);
	const { state } = room;
	const lang = url.searchParams.get('lang');
	const locale = lang === 'da' || lang === 'en' ? lang : state.locale;
	const context = { sessionId: room.id, participantId: member.id, title: state.title, date: localDate(new Date(state.createdAt)), locale };
	const body = format === 'pdf' ? await renderPersonalPdf(agreement, context) : renderPersonalIcs(agreement, context);
	return new Response(body as BodyInit, {
		headers: {
			'content-type': CONTENT_TYPES[format],
			'content-disposition': `attachment; filename="${personalFileName(context, format)}"`,
			'cache-control': 'no-store, private'
		}
	});
};
