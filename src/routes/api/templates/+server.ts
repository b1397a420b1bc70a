import { json } from '@sveltejs/kit';
import { apiError, authorisedRoom, tooMany } from '$server/kit/http';
import { bearerKey, readBody, SaveTemplateSchema } from '$server/kit/templates';
import { MAX_TEMPLATES } from '$lib/template/saved';
import { hashSecret, newSessionId } from '../../../../server/keys';
import type { RequestHandler } from './$types';

/** Every saved template (id, name, createdAt), newest first. Open to anyone: a template holds no one's data. */
export const GET: RequestHandler = async ({ locals }) => {
	return json({ templates: await locals.app.store.templates() }, { headers: { 'cache-control': 'no-store' } });
};

/**
 * Saves a session's title, language, steps (order, skipped, durations) and items under a name.
 * The session's facilitator key is required, and that key (its hash) may later delete the template.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const body = await readBody(request, SaveTemplateSchema);
	if (body instanceof Response) return body;
	const room = await authorisedRoom(locals, request, body.sessionId);
	if (room instanceof Response) return room;
	if (!locals.app.guard.templates.take(locals.address)) return tooMany();
	const { title, locale, steps, items, programme } = room.state;
	const record = {
		id: newSessionId(),
		name: body.name,
		createdAt: Date.now(),
		ownerKeyHash: hashSecret(bearerKey(request)!),
		content: structuredClone({ title, locale, steps, items, programme })
	};
	if (!(await locals.app.store.saveTemplate(record, MAX_TEMPLATES))) {
		return apiError(409, 'limit_reached', `There are ${MAX_TEMPLATES} templates already: delete one first.`);
	}
	return json({ id: record.id, name: record.name, createdAt: record.createdAt }, { status: 201 });
};
