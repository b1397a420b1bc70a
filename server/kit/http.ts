import { json } from '@sveltejs/kit';
import type { ErrorCode } from '../../src/lib/session/errors';
import type { Room } from '../rooms/room';
import { ElsewhereError } from '../rooms/registry';

/** Every API error has the same shape as a socket error: `{ error: { code, message } }`. */
export function apiError(status: number, code: ErrorCode, message: string): Response {
	return json({ error: { code, message } }, { status });
}

/** 429, with when to try again (Retry-After, and `retryAfterSeconds` in the body as in a socket's refusal). */
export const tooMany = (seconds = 10): Response =>
	json(
		{ error: { code: 'rate_limited', message: `Too many attempts: try again in ${seconds} seconds.`, retryAfterSeconds: seconds } },
		{ status: 429, headers: { 'retry-after': String(seconds) } }
	);

/**
 * The room whose facilitator key is presented as `Authorization: Bearer KEY`, or the
 * response that refuses: 401 without a key, 404 when there is no such session (a deleted
 * workshop's link says it is gone), 403 with a key that does not open it. A valid key is never
 * refused; wrong keys are counted against the session they name (server/guard.ts), and past its few, 429.
 *
 * `read` (exports, the session's JSON, DELETE): what is committed, answered by any process,
 * which takes no lease for it (RoomRegistry.view). `write`: the live room, in the process that
 * holds the session; while another process holds it, 503 `moved` with Retry-After (the proxy
 * routes the retry there).
 */
export async function authorisedRoom(locals: App.Locals, request: Request, id: string, access: 'read' | 'write' = 'read'): Promise<Room | Response> {
	const { app, address } = locals;
	const header = request.headers.get('authorization') ?? '';
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	if (!match) return apiError(401, 'forbidden', 'Send the facilitator key as "Authorization: Bearer KEY".');
	const key = match[1];
	let room: Room | undefined;
	try {
		room = access === 'read' ? await app.rooms.authoriseView(id, key) : await app.rooms.authorise(id, key);
	} catch (error) {
		if (!(error instanceof ElsewhereError)) throw error;
		app.ownership.requestHandover(id);
		return json(
			{ error: { code: 'moved', message: 'The session is in another server process: try again.', retryAfterSeconds: 1 } },
			{ status: 503, headers: { 'retry-after': '1' } }
		);
	}
	if (room) {
		app.guard.admit(address, room.id);
		return room;
	}
	if (!(await app.rooms.exists(id))) {
		const wait = app.guard.refuse({ address });
		return wait ? tooMany(wait) : apiError(404, 'not_found', 'No such session.');
	}
	const wait = app.guard.refuse({ session: id });
	return wait ? tooMany(wait) : apiError(403, 'forbidden', 'This key does not open this session.');
}
