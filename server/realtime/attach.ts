import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuse as refuseUpgrade } from '../collab/upgrade';
import { phoneContent } from './phone-content';
import type { RealtimeServer, RealtimeSocket } from './types';
import { Server, type Socket } from 'socket.io';
import * as v from 'valibot';
import {
	commandSchemas,
	ChooseGroupSchema,
	CollabTicketSchema,
	DotsSchema,
	FollowUpCreateSchema,
	HandshakeSchema,
	NextProgrammeSchema,
	MAX_MESSAGE_BYTES,
	MoveSchema,
	RatingSchema,
	RedraftSchema,
	type Ack,
	type AckResponse,
	type ClientToServerEvents,
	type FollowUpCreated,
	type NextCreated,
	type NextProgrammeInput,
	type Refusal,
	type ServerToClientEvents
} from '../../src/lib/protocol';
import { CLIENT_EVENTS, COMMAND_TYPES, type ClientEvent, type Command } from '../../src/lib/session/commands';
import type { SessionError } from '../../src/lib/session/errors';
import { refusalFor } from '../../src/lib/session/roles';
import { isJoinCode } from '../../src/lib/join-code';
import type { CollabTickets, Holder } from '../sheets/access';
import type { Culprits, Guard } from '../guard';
import { hashSecret } from '../keys';
import type { Logger } from '../log';
import { TokenBucket, type Rate } from '../rate-limit';
import { RecentRequests } from './requests';
import type { Done, Outcome, Room } from '../rooms/room';
import { ElsewhereError, type RoomRegistry } from '../rooms/registry';
import type { Ownership } from '../rooms/ownership';
import { LeaseLostError } from '../store/errors';
import type { Store } from '../store/types';

export type { RealtimeServer, RealtimeSocket, SocketData } from './types';

export interface RealtimeDeps {
	rooms: RoomRegistry;
	guard: Guard;
	/** Writes the draft agreement afresh from the room's ranking (the Yjs side owns the document). */
	redraftAgreement: (room: Room) => Promise<void>;
	/** For whether a participant token has joined a session before, and whether other processes share the database. */
	store: Pick<Store, 'participantByToken' | 'leases'>;
	/** Asks another process to hand over a session whose connections arrive here. */
	ownership: Pick<Ownership, 'requestHandover'>;
	log: Logger;
	/** Tickets for the Yjs endpoint, issued to a connection as its role allows. */
	collabTicket: CollabTickets['issue'];
	/** Makes a follow-up of the room's session (server/follow-up.ts); undefined when the session is gone. */
	createFollowUp: (room: Room) => Promise<FollowUpCreated | undefined>;
	/** Keeps what a comparison needs of the session (an ended workshop: server/follow-up.ts). */
	keepResults: (room: Room) => Promise<void>;
	/** Starts a tool as the room's next session, opened by `key` (server/next-programme.ts); `allowed` asks the rate limit. */
	handOver: (room: Room, programme: NextProgrammeInput['programme'], key: string, allowed: () => boolean) => Promise<Done<NextCreated>>;
}

/** Everyone in a session hears steering changes; only screens and facilitators hear results. */
const everyone = (id: string) => `session:${id}`;
const resultViewers = (id: string) => `results:${id}`;
const facilitators = (id: string) => `facilitators:${id}`;
/** Each participant's own sockets (a phone may briefly have two while it reconnects). */
const oneParticipant = (id: string, participantId: number) => `participant:${id}:${participantId}`;

const invalid = (issues: v.BaseIssue<unknown>[]): SessionError => ({
	code: 'invalid_payload',
	message: issues.map((issue) => `${issue.path?.map((p) => p.key).join('.') || 'payload'}: ${issue.message}`).join('; ')
});

const rateLimited: SessionError = { code: 'rate_limited', message: 'Too many attempts: wait a moment and try again.' };
/** A refused handshake that may be tried again in `seconds`: the phone says so, with the number. */
const limited = (seconds: number): Refusal => ({ code: 'rate_limited', message: `Too many attempts: try again in ${seconds} seconds.`, retryAfterSeconds: seconds });
const internal: SessionError = { code: 'internal', message: 'Something went wrong on the server; nothing was changed.' };
/**
 * The session's live state is in another process, or is on its way here: connect again with
 * `session` in the query, through the proxy, which routes by it (server/rooms/ownership.ts).
 */
const MOVED_RETRY_SECONDS = 0.5;
const moved = (sessionId: string, retryAfterSeconds = MOVED_RETRY_SECONDS): Refusal => ({
	code: 'moved',
	message: 'The session is in another server process: connect again.',
	retryAfterSeconds,
	sessionId
});

const toAck = <T>(outcome: Outcome<T>): AckResponse<T> => (outcome.ok ? { data: outcome.value } : { error: outcome.error });

/** Replies through the ack when the client gave one; a client without an ack gets nothing. */
function reply<T>(ack: unknown, outcome: Outcome<T>): void {
	if (typeof ack === 'function') (ack as Ack<T>)(toAck(outcome));
}

const isClientEvent = (event: unknown): event is ClientEvent => (CLIENT_EVENTS as readonly unknown[]).includes(event);

/**
 * Before any handler: unknown events are answered, not ignored, and each connection has its
 * own budget of messages (`guard.events`); over it, a message is refused unread.
 */
function screenEvents(socket: RealtimeSocket, rate: Rate): void {
	const budget = new TokenBucket(rate);
	socket.use((packet, next) => {
		const [event] = packet;
		const ack = packet.length > 1 ? packet[packet.length - 1] : undefined;
		if (!isClientEvent(event)) return reply(ack, { ok: false, error: { code: 'invalid_payload', message: `Unknown event: ${String(event).slice(0, 64)}` } });
		if (!budget.take()) return reply(ack, { ok: false, error: rateLimited });
		next();
	});
}

const requestIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
const recent = new WeakMap<Room, RecentRequests>();

/** Who asked, for remembering requests: one key per participant (across its reconnects), one for the facilitators. */
const actorOf = (socket: RealtimeSocket) => (socket.data.participantId !== undefined ? `p${socket.data.participantId}` : socket.data.role);

/** What a handler gives back: the room's outcome with its announcement, or an outcome with nothing to announce. */
type Handled = Done<unknown> | Outcome<unknown>;

/**
 * Registers `handler` for `event`, for the roles the table allows (src/lib/session/roles.ts):
 * anyone else is refused `forbidden` before the payload is read. Any payload may carry a
 * `requestId` (8–64 of A–Z a–z 0–9 _ -): it is taken off before the handler sees the payload,
 * and a request sent again with the same id gets the first answer without being applied again
 * (RecentRequests). The sender is acknowledged first; then what the change means for everyone
 * else is announced (Done). A handler that throws answers `internal` (and is logged) instead of
 * leaving the client waiting.
 */
function handle(socket: RealtimeSocket, event: ClientEvent, handler: (payload: unknown) => Promise<Handled>, lost: (room: Room) => void): void {
	(socket as unknown as Socket).on(event, (...args: unknown[]) => {
		// The acknowledgement is the last argument when there is one, however many came before it.
		const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
		const forbidden = refusalFor(socket.data.role, event);
		if (forbidden) return reply(ack, { ok: false, error: forbidden });
		if (args.length > 1) return reply(ack, { ok: false, error: { code: 'invalid_payload', message: 'Send one payload.' } });
		const [raw] = args;
		let payload = raw;
		let requestId: string | undefined;
		if (raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.hasOwn(raw, 'requestId')) {
			const { requestId: id, ...rest } = raw as { requestId: unknown };
			if (typeof id !== 'string' || !requestIdPattern.test(id)) {
				return reply(ack, { ok: false, error: { code: 'invalid_payload', message: 'requestId: 8–64 letters, digits, _ or -.' } });
			}
			payload = rest;
			requestId = id;
		}
		let announce: (() => void) | undefined;
		const run = () =>
			handler(payload).then(
				(handled) => {
					if ('outcome' in handled) announce = handled.announce;
					return toAck('outcome' in handled ? handled.outcome : handled);
				},
				(error: unknown): AckResponse<unknown> => {
					// Another process owns the session now: this one stored nothing. Not answered (below).
					if (error instanceof LeaseLostError) return { error: moved(error.sessionId) };
					socket.data.log.error({ err: error, event, sessionId: socket.data.room.id }, 'event failed');
					return { error: internal };
				}
			);
		const { room } = socket.data;
		let requests = recent.get(room);
		if (requestId && !requests) recent.set(room, (requests = new RecentRequests()));
		const answer = requestId && requests ? requests.once(`${actorOf(socket)}:${event}:${requestId}`, run) : run();
		void answer.then((response) => {
			// The room's clients are sent to its new process, and a phone sends again what was not acknowledged.
			if ('error' in response && response.error.code === 'moved') return void lost(room);
			if (typeof ack === 'function') (ack as Ack<unknown>)(response);
			announce?.();
		});
	});
}

/**
 * Who is connecting. Each address has a budget of handshakes (a venue's 300 phones fit in it;
 * a valid facilitator key needs none). What is refused on its merits (an unknown code, a wrong
 * key) is counted per address, token or session (Guard.refuse); an attempt that is not
 * already known to be good waits while one of those is closed. Known-good, and never held up
 * by anyone else's refusals: a valid key, a token that has joined the session, a join to a
 * session someone at this address was let into (the facilitator's laptop, the first phones).
 */
async function authenticate(deps: RealtimeDeps, socket: RealtimeSocket, address: string): Promise<Refusal | null> {
	const { rooms, guard } = deps;
	const parsed = v.safeParse(HandshakeSchema, socket.handshake.auth);
	if (!parsed.success) return invalid(parsed.issues);
	const auth = parsed.output;
	/** A refusal on its merits, or rate_limited when a culprit's budget of refusals is used up. */
	const refuse = (culprits: Culprits, refusal: SessionError) => {
		const wait = guard.refuse(culprits);
		return wait ? limited(wait) : refusal;
	};
	const handshake = () => (guard.handshakes.take(address) ? null : limited(guard.handshakes.retryAfter(address)));
	if (auth.role === 'participant') {
		const token = hashSecret(auth.token);
		const id = isJoinCode(auth.code) ? await rooms.idOfCode(auth.code) : undefined;
		if (!id) return refuse({ address, token }, { code: 'not_found', message: 'No session has this code.' });
		const known = guard.admitted(address, id) || (await deps.store.participantByToken(id, token)) !== undefined;
		// Not known: the same answer as a miss while closed, so a guesser cannot tell a hit.
		const wait = known ? 0 : guard.closedFor({ address, token });
		if (wait) return limited(wait);
		// Several processes: a phone knows only the code, the proxy routes by the session's id.
		// It is told the id (it has shown it knows the code) and connects again with it.
		// Nothing to wait for: it only needs the id in its query (a handover in progress does wait).
		if (deps.store.leases.shared && socket.handshake.query.session !== id) return moved(id, 0);
		const busy = handshake();
		if (busy) return busy;
		const room = await rooms.byId(id);
		if (!room) return refuse({ address, token }, { code: 'not_found', message: 'No session has this code.' });
		const joined = await room.join(token, auth.nickname ?? '');
		guard.admit(address, room.id);
		socket.data = { role: 'participant', room, participantId: joined.participantId, self: joined.self, log: deps.log };
		return null;
	}
	if (auth.role === 'facilitator') {
		const room = await rooms.authorise(auth.sessionId, auth.key);
		if (!room) {
			// A deleted workshop's link says it is gone, never that the key is wrong.
			if (!(await rooms.exists(auth.sessionId))) return refuse({ address }, { code: 'not_found', message: 'No such session.' });
			return refuse({ session: auth.sessionId }, { code: 'forbidden', message: 'This key does not open this session.' });
		}
		guard.admit(address, room.id);
		socket.data = { role: 'facilitator', room, log: deps.log, address };
		return null;
	}
	const room = await rooms.byId(auth.sessionId);
	if (!room) return refuse({ address }, { code: 'not_found', message: 'No such session.' });
	const busy = handshake();
	if (busy) return busy;
	guard.admit(address, room.id);
	socket.data = { role: 'screen', room, log: deps.log };
	return null;
}

/** A write was refused for want of the lease: the room leaves this process, its clients follow it. */
const lostBy = (deps: RealtimeDeps) => (room: Room) => {
	// Once per room: a frozen process may wake to thousands of refused writes of one session.
	if (deps.rooms.isLeaving(room.id)) return;
	deps.log.warn({ sessionId: room.id }, 'write refused: another process holds the session');
	void deps.rooms.leave(room.id, 'lost');
};

/** An accepted request answered with what was accepted (the phone shows it as sent). */
function echo<T>(done: Done<null>, value: T): Done<T> {
	return done.outcome.ok ? { outcome: { ok: true, value }, announce: done.announce } : { outcome: done.outcome, announce: done.announce };
}

/**
 * Handlers read as: validate → check, persist and apply (the room) → acknowledge → announce
 * (`handle`). Who may send what is decided before, once, by the roles table. Broadcasts follow
 * from the room's events, wired once per room in `attachRealtime`.
 */
function registerHandlers(socket: RealtimeSocket, deps: RealtimeDeps): void {
	const { room, role } = socket.data;
	const lost = lostBy(deps);
	/** The participant sending: the roles table let only participants through, and each has an id. */
	const me = () => socket.data.participantId ?? Number.NaN;
	screenEvents(socket, deps.guard.events);

	for (const type of COMMAND_TYPES) {
		handle(socket, type, async (payload) => {
			const parsed = v.safeParse(commandSchemas[type], payload ?? {});
			if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
			const done = await room.command(role, { type, ...parsed.output } as Command);
			// An ended workshop's results are kept at once (again, should it be ended again): KeptResults.
			if (type === 'session:end' && done.outcome.ok && (parsed.output as { ended: boolean }).ended) {
				await deps.keepResults(room).catch((error: unknown) => deps.log.error({ err: error, sessionId: room.id }, 'results could not be kept'));
			}
			return done;
		}, lost);
	}

	handle(socket, 'followup:create', async (payload) => {
		const parsed = v.safeParse(FollowUpCreateSchema, payload ?? {});
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		if (!deps.guard.sessions.take(socket.data.address ?? '')) return { ok: false, error: rateLimited };
		const created = await deps.createFollowUp(room);
		return created ? { ok: true, value: created } : { ok: false, error: { code: 'not_found', message: 'No such session.' } };
	}, lost);

	handle(socket, 'programme:next', async (payload) => {
		const parsed = v.safeParse(NextProgrammeSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		// The key this facilitator connected with (the handshake checked it opens this room).
		const { key } = socket.handshake.auth as { key: string };
		return deps.handOver(room, parsed.output.programme, key, () => deps.guard.sessions.take(socket.data.address ?? ''));
	}, lost);

	handle(socket, 'rating:set', async (payload) => {
		const parsed = v.safeParse(RatingSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return echo(await room.rate(me(), parsed.output.itemId, parsed.output.value), parsed.output);
	}, lost);

	handle(socket, 'participant:move', async (payload) => {
		const parsed = v.safeParse(MoveSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return room.move(parsed.output.participantId, parsed.output.groupId);
	}, lost);

	handle(socket, 'dots:set', async (payload) => {
		const parsed = v.safeParse(DotsSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return echo(await room.spendDots(me(), parsed.output.allocation), parsed.output);
	}, lost);

	handle(socket, 'group:choose', async (payload) => {
		const parsed = v.safeParse(ChooseGroupSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return room.choose(me(), parsed.output.groupId);
	}, lost);

	handle(socket, 'agreement:redraft', async (payload) => {
		const parsed = v.safeParse(RedraftSchema, payload ?? {});
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		await deps.redraftAgreement(room);
		return { ok: true, value: null };
	}, lost);
}

/** `collab:ticket`: a connection asks to open one of its session's documents; the ticket opens it once, within a minute. */
function registerTicketHandler(socket: RealtimeSocket, deps: RealtimeDeps): void {
	const issue = deps.collabTicket;
	const lost = lostBy(deps);
	const { room, role, participantId } = socket.data;
	const holder: Holder = role === 'participant' ? { role, participantId: participantId! } : { role };
	handle(socket, 'collab:ticket', async (payload) => {
		const parsed = v.safeParse(CollabTicketSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return issue(room, holder, parsed.output.doc);
	}, lost);
}

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): RealtimeServer {
	const io: RealtimeServer = new Server(httpServer, {
		serveClient: false,
		// A page of another site may not open a connection with this site's cookies and address.
		allowRequest: (req, callback) => {
			const foreign = deps.guard.foreignOrigin(req);
			if (foreign) deps.guard.tally.add('socket', 'foreign_origin');
			callback(foreign ? 'Foreign origin' : null, !foreign);
		},
		maxHttpBufferSize: MAX_MESSAGE_BYTES,
		// The Yjs endpoint shares this HTTP server: leave upgrades that are not ours alone.
		destroyUpgrade: false
	});
	// A foreign page's WebSocket upgrade is answered here, with the security headers, before
	// engine.io (whose own refusal is bare) sees it; allowRequest above refuses its polling.
	httpServer.prependListener('upgrade', (req: IncomingMessage, socket: Duplex) => {
		if (!(req.url ?? '').startsWith('/socket.io/') || !deps.guard.foreignOrigin(req)) return;
		socket.on('error', () => socket.destroy());
		refuseUpgrade(socket, { status: 403, code: 'forbidden', message: 'Connections from another site are not accepted.' });
	});

	const phones = phoneContent(io, everyone, resultViewers);
	deps.rooms.onLoad((room) => {
		room.on('session', (view) => {
			io.to(everyone(room.id)).emit('session:changed', view);
			phones.update(room);
		});
		// The console and the screen get the whole content; phones what a phone shows, when it changes.
		room.on('content', (view) => {
			io.to(resultViewers(room.id)).emit('session:content', view);
			phones.update(room);
		});
		room.on('results', (view) => io.to(resultViewers(room.id)).emit('results:changed', view));
		room.on('failure', (error) => deps.log.error({ err: error, sessionId: room.id }, 'results batch failed'));
		room.on('members', (view) => io.to(facilitators(room.id)).emit('groups:members', view));
		room.on('self', (participantId, view) => io.to(oneParticipant(room.id, participantId)).emit('participant:self', view));
		// Reconnecting, the clients reach the session's new process through the proxy.
		room.on('moved', () => io.in(everyone(room.id)).disconnectSockets(true));
		room.on('deleted', () => {
			// Said first, on the same connections, so every view can say why it is closed.
			io.to(everyone(room.id)).emit('session:deleted');
			io.in(everyone(room.id)).disconnectSockets();
		});
	});

	io.use((socket, next) => {
		authenticate(deps, socket, deps.guard.addressOf(socket.request)).catch((error: unknown) => {
			if (!(error instanceof ElsewhereError)) throw error;
			// Routed here while another process holds it: the proxy sends the session here now.
			deps.ownership.requestHandover(error.sessionId);
			return moved(error.sessionId);
		}).then(
			(error) => {
				if (error) deps.guard.tally.add('socket', error.code);
				next(error ? Object.assign(new Error(error.message), { data: error }) : undefined);
			},
			(cause: unknown) => {
				deps.guard.tally.add('socket', 'internal');
				deps.log.error({ err: cause }, 'handshake failed');
				next(Object.assign(new Error('Internal error'), { data: { code: 'internal', message: 'Internal error' } }));
			}
		);
	});

	io.on('connection', (socket) => {
		// The handshake (headers, address) is copied into socket.handshake; the HTTP request
		// behind it, with its buffers and socket, is not needed again: 2,500 phones, 2,500 requests.
		(socket.conn as { request: unknown }).request = null;
		const { room, role } = socket.data;
		deps.rooms.retain(room.id);
		socket.once('disconnect', () => deps.rooms.release(room.id));
		socket.join(everyone(room.id));
		if (role !== 'participant') socket.join(resultViewers(room.id));
		if (role === 'facilitator') socket.join(facilitators(room.id));
		if (socket.data.participantId !== undefined) socket.join(oneParticipant(room.id, socket.data.participantId));
		if (role === 'participant') phones.send(socket, room);
		else socket.emit('session:content', room.contentView());
		socket.emit('session:changed', room.sessionView());
		if (socket.data.self) socket.emit('participant:self', socket.data.self);
		if (role !== 'participant') socket.emit('results:changed', room.resultsView());
		if (role === 'facilitator') socket.emit('groups:members', room.membersView());
		registerHandlers(socket, deps);
		registerTicketHandler(socket, deps);
	});

	return io;
}
