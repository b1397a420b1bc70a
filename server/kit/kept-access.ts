import { secretMatches } from '../keys';
import type { KeptResults } from '../store/types';
import { apiError, tooMany } from './http';

/**
 * A session's kept results (its raw data gone: server/store/types.ts, KeptResults), when the
 * request presents the session's facilitator key as `Authorization: Bearer KEY`: the hash kept
 * with them authorises it. Refused as `authorisedRoom` refuses: 401 without a key, 403 (counted
 * against the session, then 429) with another. Null when nothing is kept of the session.
 */
export async function authorisedKept(locals: App.Locals, request: Request, id: string): Promise<KeptResults | Response | null> {
	const { app, address } = locals;
	const kept = await app.store.keptResults(id);
	if (!kept) return null;
	const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '');
	if (!match) return apiError(401, 'forbidden', 'Send the facilitator key as "Authorization: Bearer KEY".');
	if (secretMatches(match[1], kept.keyHash)) {
		app.guard.admit(address, id);
		return kept;
	}
	const wait = app.guard.refuse({ session: id });
	return wait ? tooMany(wait) : apiError(403, 'forbidden', 'This key does not open this session.');
}
