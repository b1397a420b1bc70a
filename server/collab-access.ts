import type { IncomingMessage } from 'node:http';
import * as v from 'valibot';
import { participantToken } from '../src/lib/protocol';
import { AGREEMENT_DOC } from '../src/lib/agreement';
import { NOTES_DOC } from '../src/lib/documents';
import { hasGroup } from '../src/lib/session/participant-rules';
import type { SessionState } from '../src/lib/session/state';
import type { CollabAccess, CollabRefusal } from './collab/types';
import type { Culprits, Guard } from './guard';
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

/** A decision, and for a refusal that could be a guess, whom it is counted against. */
type Decision = CollabAccess | (CollabRefusal & { culprits?: Culprits });

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
	const limited = (seconds: number): CollabRefusal => ({ ...refuse(429, 'rate_limited', `Too many attempts: try again in ${seconds} seconds.`), retryAfterSeconds: seconds });
	// The same budgets as the socket.io handshake (server/realtime/attach.ts): every opening
	// here is known-good, so only refusals wait, and only the facilitator's key needs no handshake.
	const authorise = async (req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal> => {
		if (guard.foreignOrigin(req)) return refuse(403, 'forbidden', 'Connections from another site are not accepted.');
		const address = guard.addressOf(req);
		const decision = await decide(req, docName, address);
		if ('status' in decision) {
			const { culprits, ...refusal } = decision;
			const wait = culprits ? guard.refuse(culprits) : 0;
			return wait ? limited(wait) : refusal;
		}
		if (decision.role !== 'facilitator' && !guard.handshakes.take(address)) return limited(guard.handshakes.retryAfter(address));
		guard.admit(address, docName.split('/')[0]);
		return decision;
	};
	return async (req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal> => {
		const decision = await authorise(req, docName);
		if ('status' in decision) guard.tally.add('collab', decision.code);
		return decision;
	};
}

function whoMayOpen(rooms: RoomRegistry, store: Store) {
	return async (req: IncomingMessage, docName: string, address: string): Promise<Decision> => {
		const [sessionId, groupId] = docName.split('/');
		const query = new URL(req.url ?? '/', 'http://local').searchParams;
		const room = await rooms.byId(sessionId);
		if (!room) return { ...refuse(404, 'not_found', 'No such session.'), culprits: { address } };

		const key = query.get('key');
		if (key !== null) {
			const opened = await rooms.authorise(sessionId, key);
			return opened ? { access: 'write', role: 'facilitator' } : { ...refuse(403, 'forbidden', 'This key does not open this session.'), culprits: { session: sessionId } };
		}

		const token = query.get('token');
		if (token !== null && groupId === AGREEMENT_DOC) return refuse(403, 'forbidden', 'The agreement is the facilitator’s.');
		if (token !== null && groupId === NOTES_DOC) return refuse(403, 'forbidden', 'The notes are the facilitator’s.');
		if (token !== null) {
			if (!v.is(participantToken, token)) return refuse(400, 'invalid_payload', 'Malformed token.');
			const tokenHash = hashSecret(token);
			const member = await store.participantByToken(sessionId, tokenHash);
			// A token that never joined is a guess; a member at another group's sheet was just moved.
			if (!member) return { ...refuse(403, 'forbidden', 'This is not your group’s sheet.'), culprits: { token: tokenHash } };
			if (room.groupOf(member.id) !== groupId) return refuse(403, 'forbidden', 'This is not your group’s sheet.');
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
