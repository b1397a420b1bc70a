import { json } from '@sveltejs/kit';
import { authorisedRoom } from '$lib/server/http';
import { sessionJson } from '$lib/server/session-json';
import type { RequestHandler } from './$types';

/** The session's state for automation; facilitator key required. */
export const GET: RequestHandler = async ({ locals, params, request }) => {
	const room = await authorisedRoom(locals.app, request, params.id);
	if (room instanceof Response) return room;
	return json(sessionJson(room), { headers: { 'cache-control': 'no-store' } });
};
