import { json } from '@sveltejs/kit';
import { apiError, authorisedRoom } from '$server/kit/http';
import { prepareAgreement } from '$server/sheets/agreement';
import type { RequestHandler } from './$types';

/**
 * Fills in the draft agreement now (it is filled in by itself when the vote closes).
 * Idempotent: a draft that exists is left as it is.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const room = await authorisedRoom(locals, request, params.id, 'write');
	if (room instanceof Response) return room;
	if (!locals.app.collab) return apiError(503, 'internal', 'The collaboration endpoint is not running.');
	const created = await prepareAgreement(locals.app.collab, room);
	return json({ created });
};
