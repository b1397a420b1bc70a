import type { IncomingMessage } from 'node:http';
import { AGREEMENT_DOC } from '../../src/lib/agreement';
import { NOTES_DOC } from '../../src/lib/documents';
import { isPersonal, personalOwner } from '../../src/lib/personal-agreement';
import { hasGroup } from '../../src/lib/session/participant-rules';
import type { SessionState } from '../../src/lib/session/state';
import { TicketBook, TICKET_TTL_MS } from '../collab/tickets';
import type { CollabAccess, CollabRefusal } from '../collab/types';
import type { Culprits, Guard } from '../guard';
import type { Outcome, Room } from '../rooms/room';
import { ElsewhereError, type RoomRegistry } from '../rooms/registry';

/** Whether the screen shows this document (a group's sheet of the current groups, or the agreement) now. */
export function isShown(state: SessionState, docId: string): boolean {
	const { display } = state;
	if (docId === AGREEMENT_DOC) return display.kind === 'agreement';
	if (docId === NOTES_DOC || isPersonal(docId)) return false;
	if (display.kind === 'groups') return hasGroup(state, docId);
	return display.kind === 'group' && display.groupId === docId;
}

/** Who asks for a document: a socket.io connection's role, proven by its handshake. */
export type Holder = { role: 'facilitator' } | { role: 'screen' } | { role: 'participant'; participantId: number };

/** What a ticket carries from the socket.io connection that asked for it to the upgrade that uses it. */
interface Grant {
	sessionId: string;
	holder: Holder;
}

const refuse = (status: CollabRefusal['status'], code: string, message: string): CollabRefusal => ({ status, code, message });

/** A decision, and for a refusal that could be a guess, whom it is counted against. */
type Decision = CollabAccess | (CollabRefusal & { culprits?: Culprits });

/**
 * Who may open which of a session's documents (a group's sheet, `agreement`, `notes`, `personal.N`):
 * - a participant's own lederaftale (`personal.N`): that participant, to write; nobody else,
 *   not the facilitator, not the screen (they see only how many have one: ResultsView.personal);
 * - the facilitator: every other document of its session, to write;
 * - a participant: its own group's sheet, to write; never the agreement or the notes;
 * - the screen: what the facilitator has put on the screen, to read.
 * Asked when a ticket is issued, and again when it is used: a right lost in between (a
 * person moved to another group, a sheet taken off the screen) opens nothing.
 */
export function mayOpen(room: Room, holder: Holder, docId: string): CollabAccess | CollabRefusal {
	if (isPersonal(docId)) {
		const owner = personalOwner(docId);
		if (holder.role !== 'participant' || owner === null || owner !== holder.participantId) return refuse(403, 'forbidden', 'A lederaftale opens only on its own phone.');
		return { access: 'write', role: `participant:${holder.participantId}` };
	}
	if (holder.role === 'facilitator') return { access: 'write', role: 'facilitator' };
	if (holder.role === 'screen') {
		return isShown(room.state, docId) ? { access: 'read', role: 'screen' } : refuse(403, 'forbidden', 'This sheet is not on the screen.');
	}
	if (docId === AGREEMENT_DOC) return refuse(403, 'forbidden', 'The agreement is the facilitator’s.');
	if (docId === NOTES_DOC) return refuse(403, 'forbidden', 'The notes are the facilitator’s.');
	if (room.groupOf(holder.participantId) !== docId) return refuse(403, 'forbidden', 'This is not your group’s sheet.');
	return { access: 'write', role: `participant:${holder.participantId}` };
}

/** Outstanding tickets at most (a few hundred bytes each). */
const MAX_TICKETS = 50_000;

/**
 * The Yjs endpoint's door. No secret is ever in its URL: a socket.io connection asks for a
 * ticket (`collab:ticket`), valid for one document, once, for a minute, and the WebSocket
 * opens `/collab/SESSION/DOC?ticket=T`. `?key=` and `?token=` are refused outright.
 */
export function collabTickets(rooms: RoomRegistry, guard: Guard, now: () => number = Date.now) {
	const book = new TicketBook<Grant>({ ttlMs: TICKET_TTL_MS, max: MAX_TICKETS, now });

	/** Issues a ticket for one of `room`'s documents to `holder`, if it may open it now. */
	function issue(room: Room, holder: Holder, docId: string): Outcome<{ ticket: string }> {
		const decision = mayOpen(room, holder, docId);
		if ('status' in decision) return { ok: false, error: { code: 'forbidden', message: decision.message } };
		const ticket = book.issue(`${room.id}/${docId}`, { sessionId: room.id, holder });
		if (!ticket) return { ok: false, error: { code: 'rate_limited', message: 'Too many tickets outstanding: wait a moment.' } };
		return { ok: true, value: { ticket } };
	}

	async function decide(req: IncomingMessage, docName: string, address: string): Promise<Decision> {
		const query = new URL(req.url ?? '/', 'http://local').searchParams;
		// Refused whatever they hold, so no key or token is tried out here.
		if (query.has('key') || query.has('token')) {
			return refuse(400, 'invalid_payload', 'No key or token in a URL: ask for a ticket (collab:ticket) and open the sheet with ?ticket=.');
		}
		const ticket = query.get('ticket');
		if (ticket === null) return refuse(401, 'forbidden', 'Open a sheet with a ticket (collab:ticket).');
		const grant = book.redeem(ticket, docName);
		// A page asks for a ticket the moment before it uses it: one that opens nothing is most likely made up.
		if (!grant) return { ...refuse(403, 'forbidden', 'This ticket does not open this sheet (used, expired, or for another one).'), culprits: { address } };
		const room = await rooms.byId(grant.sessionId).catch((error: unknown) => {
			if (error instanceof ElsewhereError) return 'moved' as const;
			throw error;
		});
		// Handed over meanwhile: the sheet asks the session's new process for a ticket and comes back.
		if (room === 'moved') return refuse(503, 'moved', 'The session is in another server process: connect again.');
		if (!room) return refuse(404, 'not_found', 'No such session.');
		return mayOpen(room, grant.holder, docName.slice(grant.sessionId.length + 1));
	}

	const limited = (seconds: number): CollabRefusal => ({ ...refuse(429, 'rate_limited', `Too many attempts: try again in ${seconds} seconds.`), retryAfterSeconds: seconds });

	/**
	 * The same budgets as the socket.io handshake (server/realtime/attach.ts): a valid ticket is
	 * known-good, so only refusals wait, and only the facilitator's openings need no handshake.
	 */
	async function admit(req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal> {
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
	}

	async function authorise(req: IncomingMessage, docName: string): Promise<CollabAccess | CollabRefusal> {
		const decision = await admit(req, docName);
		if ('status' in decision) guard.tally.add('collab', decision.code);
		return decision;
	}

	return { issue, authorise };
}

export type CollabTickets = ReturnType<typeof collabTickets>;
