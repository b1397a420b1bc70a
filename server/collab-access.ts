import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { participantToken } from '../src/lib/protocol';
import { AGREEMENT_DOC } from '../src/lib/agreement';
import { NOTES_DOC } from '../src/lib/client/group-sheet-keys';
import { hasGroup } from '../src/lib/session/reducer';
import type { SessionState } from '../src/lib/session/state';
import type { CollabAccess, CollabRefusal } from './collab/types';
import type { Guard } from './guard';
import { hashSecret } from './keys';
import type { RoomRegistry } from './rooms/registry';
import type { Store } from './store/types';

/** Whether the screen shows this document (a group's sheet of the current groups, or the agreement) now. */
export function isShown(state: SessionState, docId: string): boolean {
	const { display } = state;
	if (docId === AGREEMENT_DOC) return display.kind === 'agreement';
	if (docId === NOTES_DOC) return false;
	if (display.kind === 'groups') return hasGroup(state, docId);
	return display.kind === 'group' && display.groupId === docId;
}

const refuse = (status: CollabRefusal['status'], code: string, message: string): CollabRefusal => ({ status, code, message });

/**
 * Who may open which document (`SESSION/GROUP` or `SESSION/agreement`), decided on the
 * upgrade request:
 * - `?token=` (a participant): its own group's sheet, to write; never the agreement;
 * - `?key=` (the facilitator): every document of its session, to write;
 * - `?role=screen`: what the facilitator has put on the screen, to read.
 * Everyone else is refused before any Yjs message is exchanged.
 */
export function collabAccess(rooms: RoomRegistry, store: Store, guard: Guard) {
	const decide = whoMayOpen(rooms, store);
	// The same budgets as the socket.io handshake: refusals are counted per address.
	return async (req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal> => {
		if (guard.foreignOrigin(req)) return refuse(403, 'forbidden', 'Connections from another site are not accepted.');
		const address = guard.addressOf(req);
		if (!guard.failures.has(address) || !guard.handshakes.take(address)) return refuse(429, 'rate_limited', 'Too many attempts: wait a moment.');
		const decision = await decide(req, docName);
		if ('status' in decision && (decision.status === 403 || decision.status === 404)) guard.failures.take(address);
		return decision;
	};
}

function whoMayOpen(rooms: RoomRegistry, store: Store) {
	return async (req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal> => {
		const [sessionId, groupId] = docName.split('/');
		const query = new URL(req.url ?? '/', 'http://local').searchParams;
		const room = await rooms.byId(sessionId);
		if (!room) return refuse(404, 'not_found', 'No such session.');

		const key = query.get('key');
		if (key !== null) {
			const opened = await rooms.authorise(sessionId, key);
			return opened ? { access: 'write', role: 'facilitator' } : refuse(403, 'forbidden', 'This key does not open this session.');
		}

		const token = query.get('token');
		if (token !== null && groupId === AGREEMENT_DOC) return refuse(403, 'forbidden', 'The agreement is the facilitator’s.');
		if (token !== null && groupId === NOTES_DOC) return refuse(403, 'forbidden', 'The notes are the facilitator’s.');
		if (token !== null) {
			if (!v.is(participantToken, token)) return refuse(400, 'invalid_payload', 'Malformed token.');
			const member = await store.participantByToken(sessionId, hashSecret(token));
			if (!member || room.groupOf(member.id) !== groupId) return refuse(403, 'forbidden', 'This is not your group’s sheet.');
			return { access: 'write', role: `participant:${member.id}` };
		}

		if (query.get('role') === 'screen') {
			return isShown(room.state, groupId)
				? { access: 'read', role: 'screen' }
				: refuse(403, 'forbidden', 'This sheet is not on the screen.');
		}
		return refuse(401, 'forbidden', 'Say who you are: a token, a key, or the screen.');
	};
}
