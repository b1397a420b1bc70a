import { apiError, tooMany } from '$lib/server/http';
import { bearerKey, TemplateIdSchema } from '$lib/server/templates';
import * as v from 'valibot';
import { secretMatches } from '../../../../../server/keys';
import type { RequestHandler } from './$types';

/**
 * Deletes a template. Only the facilitator key of the session it was saved from opens it:
 * anyone can start a session, so a key of a session started *from* the template proves nothing.
 * A wrong key costs the address one of its few refusals, as everywhere (server/guard.ts).
 */
export const DELETE: RequestHandler = async ({ locals, params, request }) => {
	const { app, address } = locals;
	const key = bearerKey(request);
	if (!key) return apiError(401, 'forbidden', 'Send the facilitator key as "Authorization: Bearer KEY".');
	if (!v.is(TemplateIdSchema, params.id)) return apiError(404, 'not_found', 'There is no such template.');
	if (!app.guard.failures.has(address)) return tooMany();
	const template = await app.store.templateById(params.id);
	if (!template) return apiError(404, 'not_found', 'There is no such template.');
	if (!secretMatches(key, template.ownerKeyHash)) {
		app.guard.failures.take(address);
		return apiError(403, 'forbidden', 'Only the key of the session the template was saved from deletes it.');
	}
	await app.store.deleteTemplate(template.id);
	return new Response(null, { status: 204 });
};
