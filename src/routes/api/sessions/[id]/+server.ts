import { json } from '@sveltejs/kit';
import { authorisedRoom } from '$server/kit/http';
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

/** Deletes the session and everything in it. Facilitator key required; there is no undo. */
export const DELETE: RequestHandler = async ({ locals, params, request }) => {
	const room = await authorisedRoom(locals, request, params.id);
	if (room instanceof Response) return room;
	await deleteSession(locals.app, room.id);
	locals.app.log.info({ sessionId: room.id }, 'session deleted');
	return new Response(null, { status: 204 });
};
