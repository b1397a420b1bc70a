import { json } from '@sveltejs/kit';
import { createFollowUp, keptOf } from '$server/follow-up';
import { apiError, authorisedRoom, tooMany } from '$server/kit/http';
import { authorisedKept } from '$server/kit/kept-access';
import type { KeptResults } from '$server/store/types';
import type { RequestHandler } from './$types';

/**
 * Makes a follow-up of the session (docs/follow-up.md): `201` with the new session's links and
 * facilitator key, as `POST /api/sessions`, and `followUpOf`. From the session as it is now
 * while its raw data is there, from its kept results after; its facilitator key either way.
 * Rate-limited as making a session.
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
	const { app } = locals;
	if (!app.guard.sessions.take(locals.address)) return tooMany();
	const record = await app.store.sessionById(params.id);
	let source: KeptResults | Response | null;
	if (record) {
		const room = await authorisedRoom(locals, request, params.id);
		if (room instanceof Response) return room;
		source = await keptOf(app, room, record.keyHash);
	} else {
		source = await authorisedKept(locals, request, params.id);
		// Nothing of it, raw or kept: refused as any route refuses an unknown session (401 without a key, else 404).
		if (!source) {
			const refusal = await authorisedRoom(locals, request, params.id);
			return refusal instanceof Response ? refusal : apiError(404, 'not_found', 'No such session.');
		}
	}
	if (source instanceof Response) return source;
	return json(await createFollowUp(app, source), { status: 201, headers: { 'cache-control': 'no-store' } });
};
