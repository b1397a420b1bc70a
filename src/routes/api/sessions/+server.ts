import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Starts a session. The facilitator key is in this response only; the server keeps its hash. */
export const POST: RequestHandler = async ({ locals }) => {
	const { rooms, config } = locals.app;
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
