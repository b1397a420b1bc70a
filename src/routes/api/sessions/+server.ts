import { json } from '@sveltejs/kit';
import { apiError, tooMany } from '$server/kit/http';
import { readBody, StartSessionSchema } from '$server/kit/templates';
import { contentOf } from '$lib/session/content';
import { programmes } from '$lib/template/programmes';
import type { RequestHandler } from './$types';

/**
 * Starts a session: the introduction, a built-in programme (`{ "programme": "leader-group" }`)
 * or a saved template (`{ "templateId": "…" }`).
 * The facilitator key is in this response only; the server keeps its hash.
 */
export const POST: RequestHandler = async ({ locals, request }) => {
	const { rooms, config, guard, store, log } = locals.app;
	if (!guard.sessions.take(locals.address)) return tooMany();
	const body = await readBody(request, StartSessionSchema);
	if (body instanceof Response) return body;
	const template = body.templateId === undefined ? undefined : await store.templateById(body.templateId);
	if (body.templateId !== undefined && !template) return apiError(404, 'not_found', 'There is no such template.');
	const content = template?.content ?? (body.programme && { ...contentOf(programmes[body.programme].template), programme: body.programme });
	const { id, code, facilitatorKey } = await rooms.create(Date.now(), content || undefined);
	log.info({ sessionId: id, fromTemplate: template !== undefined, programme: body.programme ?? null }, 'session created');
	const base = config.publicUrl;
	return json(
		{
			id,
			code,
			joinUrl: `${base}/j/${code}`,
			screenUrl: `${base}/s/${id}/screen`,
			facilitatorUrl: `${base}/s/${id}/facilitate`,
			facilitatorKey
		},
		{ status: 201, headers: { 'cache-control': 'no-store' } }
	);
};
