import { json } from '@sveltejs/kit';
import type { ErrorCode } from '$lib/session/reducer';
import type { AppContext } from '../../../server/context';
import type { Room } from '../../../server/rooms/room';

/** Every API error has the same shape as a socket error: `{ error: { code, message } }`. */
export function apiError(status: number, code: ErrorCode, message: string): Response {
	return json({ error: { code, message } }, { status });
}

/**
 * The room whose facilitator key is presented as `Authorization: Bearer KEY`, or the
 * response that refuses: 401 without a key, 403 with a key that does not open this session
 * (the same answer whether or not the session exists).
 */
export async function authorisedRoom(app: AppContext, request: Request, id: string): Promise<Room | Response> {
	const header = request.headers.get('authorization') ?? '';
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	if (!match) return apiError(401, 'forbidden', 'Send the facilitator key as "Authorization: Bearer KEY".');
	const room = await app.rooms.authorise(id, match[1]);
	return room ?? apiError(403, 'forbidden', 'This key does not open this session.');
}
