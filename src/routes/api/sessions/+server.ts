import { json } from '@sveltejs/kit';
import { tooMany } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** Starts a session. The facilitator key is in this response only; the server keeps its hash. */
export const POST: RequestHandler = async ({ locals }) => {
	const { rooms, config, guard } = locals.app;
	if (!guard.sessions.take(locals.address)) return tooMany();
	const { id, code, facilitatorKey } = await rooms.create();
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
