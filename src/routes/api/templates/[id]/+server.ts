import { apiError, tooMany } from '$server/kit/http';
import { bearerKey, TemplateIdSchema } from '$server/kit/templates';
import * as v from 'valibot';
import { secretMatches } from '../../../../../server/keys';
import type { RequestHandler } from './$types';

/**
 * Deletes a template. Only the facilitator key of the session it was saved from opens it:
 * anyone can start a session, so a key of a session started *from* the template proves nothing.
 * Wrong keys are counted against the template, as against a session (server/guard.ts).
 */
export const DELETE: RequestHandler = async ({ locals, params, request }) => {
	const { app, address } = locals;
	const key = bearerKey(request);
	if (!key) return apiError(401, 'forbidden', 'Send the facilitator key as "Authorization: Bearer KEY".');
	if (!v.is(TemplateIdSchema, params.id)) return apiError(404, 'not_found', 'There is no such template.');
	const template = await app.store.templateById(params.id);
	if (!template) return apiError(404, 'not_found', 'There is no such template.');
	if (!secretMatches(key, template.ownerKeyHash)) {
		const wait = app.guard.refuse({ session: `template:${template.id}` });
		return wait ? tooMany(wait) : apiError(403, 'forbidden', 'Only the key of the session the template was saved from deletes it.');
	}
	await app.store.deleteTemplate(template.id);
	return new Response(null, { status: 204 });
};
