import { json } from '@sveltejs/kit';
import type { ErrorCode } from '$lib/session/reducer';
import type { Room } from '../../../server/rooms/room';

/** Every API error has the same shape as a socket error: `{ error: { code, message } }`. */
export function apiError(status: number, code: ErrorCode, message: string): Response {
	return json({ error: { code, message } }, { status });
}

export const tooMany = (): Response =>
	json({ error: { code: 'rate_limited', message: 'Too many attempts: wait a moment and try again.' } }, { status: 429, headers: { 'retry-after': '10' } });

/**
 * The room whose facilitator key is presented as `Authorization: Bearer KEY`, or the
 * response that refuses: 401 without a key, 404 when there is no such session (a deleted
 * workshop's link says it is gone), 403 with a key that does not open it. Each refused key costs the address
 * one of its few refusals (server/guard.ts); with none left, 429.
 */
export async function authorisedRoom(locals: App.Locals, request: Request, id: string): Promise<Room | Response> {
	const { app, address } = locals;
	const header = request.headers.get('authorization') ?? '';
	const match = /^Bearer\s+(\S+)$/i.exec(header);
	if (!match) return apiError(401, 'forbidden', 'Send the facilitator key as "Authorization: Bearer KEY".');
	if (!app.guard.failures.has(address)) return tooMany();
	const room = await app.rooms.authorise(id, match[1]);
	if (room) return room;
	app.guard.failures.take(address);
	if (!(await app.rooms.exists(id))) return apiError(404, 'not_found', 'No such session.');
	return apiError(403, 'forbidden', 'This key does not open this session.');
}
