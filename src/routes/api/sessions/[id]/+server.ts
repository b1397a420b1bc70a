import { json } from '@sveltejs/kit';
import { authorisedRoom } from '$server/kit/http';
import { authorisedKept } from '$server/kit/kept-access';
import { deleteSession } from '../../../../../server/sessions';
import { sessionJson } from '$lib/server/session-json';
import { snapshotOf } from '$server/kit/report-input';
import type { RequestHandler } from './$types';

/** The session's state for automation; facilitator key required. */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const room = await authorisedRoom(locals, request, params.id);
	if (room instanceof Response) return room;
	return json(sessionJson(snapshotOf(room)), { headers: { 'cache-control': 'no-store' } });
};

/**
 * Deletes the session and everything of it, its kept results included (after its raw data has
 * gone, those alone). Facilitator key required; there is no undo.
 */
export const DELETE: RequestHandler = async ({ locals, params, request }) => {
	if (!(await locals.app.store.sessionById(params.id))) {
		const kept = await authorisedKept(locals, request, params.id);
		if (kept instanceof Response) return kept;
		if (kept) {
			await locals.app.store.deleteKeptResults(params.id);
			locals.app.log.info({ sessionId: params.id }, 'kept results deleted');
			return new Response(null, { status: 204 });
		}
	}
	const room = await authorisedRoom(locals, request, params.id);
	if (room instanceof Response) return room;
	await deleteSession(locals.app, room.id);
	locals.app.log.info({ sessionId: room.id }, 'session deleted');
	return new Response(null, { status: 204 });
};
