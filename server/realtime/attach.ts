import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import * as v from 'valibot';
import {
	commandSchemas,
	commandTypes,
	ChooseGroupSchema,
	CollabTicketSchema,
	DotsSchema,
	HandshakeSchema,
	MAX_MESSAGE_BYTES,
	MoveSchema,
	RatingSchema,
	type Ack,
	type AckResponse,
	type ClientToServerEvents,
	type SelfView,
	type ServerToClientEvents
} from '../../src/lib/protocol';
import type { Command, SessionError } from '../../src/lib/session/reducer';
import type { CollabTickets, Holder } from '../collab-access';
import type { Guard } from '../guard';
import { hashSecret } from '../keys';
import { TokenBucket, type Rate } from '../rate-limit';
import { RecentRequests } from './requests';
import type { Room, Outcome } from '../rooms/room';
import type { RoomRegistry } from '../rooms/registry';

export interface SocketData {
	role: 'facilitator' | 'screen' | 'participant';
	room: Room;
	/** Set for participants only. */
	participantId?: number;
	self?: SelfView;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
	rooms: RoomRegistry;
	guard: Guard;
	/** Tickets for the Yjs endpoint, issued to a connection as its role allows. */
	collabTicket: CollabTickets['issue'];
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
const internal: SessionError = { code: 'internal', message: 'Something went wrong on the server; nothing was changed.' };

/** Replies through the ack when the client gave one; a client without an ack gets nothing. */
function reply<T>(ack: unknown, outcome: Outcome<T>): void {
	if (typeof ack !== 'function') return;
	(ack as Ack<T>)(outcome.ok ? { data: outcome.value } : { error: outcome.error });
}

/** Every event a client may send: those given to `handle`. Anything else is answered as unknown. */
export const clientEvents = new Set<string>();

/**
 * Before any handler: unknown events are answered, not ignored, and each connection has its
 * own budget of messages (`guard.events`); over it, a message is refused unread.
 */
function screenEvents(socket: RealtimeSocket, rate: Rate): void {
	const budget = new TokenBucket(rate);
	socket.use((packet, next) => {
		const [event] = packet;
		const ack = packet.length > 1 ? packet[packet.length - 1] : undefined;
		if (!clientEvents.has(event)) return reply(ack, { ok: false, error: { code: 'invalid_payload', message: `Unknown event: ${String(event).slice(0, 64)}` } });
		if (!budget.take()) return reply(ack, { ok: false, error: rateLimited });
		next();
	});
}

const requestIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
const recent = new WeakMap<Room, RecentRequests>();

/** Who asked, for remembering requests: one key per participant (across its reconnects), one for the facilitators. */
const actorOf = (socket: RealtimeSocket) => (socket.data.participantId !== undefined ? `p${socket.data.participantId}` : socket.data.role);

/**
 * Registers `handler` for `event`. Any payload may carry a `requestId` (8–64 of A–Z a–z 0–9
 * _ -): it is taken off before the handler sees the payload, and a request sent again with the
 * same id gets the first answer without being applied again (RecentRequests). A handler that
 * throws answers `internal` (and is logged) instead of leaving the client waiting.
 */
function handle(socket: RealtimeSocket, event: string, handler: (payload: unknown, ack: unknown) => Promise<void>): void {
	clientEvents.add(event);
	(socket as unknown as Socket).on(event, (...args: unknown[]) => {
		// The acknowledgement is the last argument when there is one, however many came before it.
		const ack = typeof args.at(-1) === 'function' ? args.pop() : undefined;
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
		const run = () =>
			new Promise<AckResponse<unknown>>((resolve) => {
				handler(payload, resolve).catch((error: unknown) => {
					console.error(`${event} failed`, error);
					resolve({ error: internal });
				});
			});
		const { room } = socket.data;
		let requests = recent.get(room);
		if (requestId && !requests) recent.set(room, (requests = new RecentRequests()));
		const answer = requestId && requests ? requests.once(`${actorOf(socket)}:${event}:${requestId}`, run) : run();
		void answer.then((response) => {
			if (typeof ack === 'function') (ack as Ack<unknown>)(response);
		});
	});
}

/**
 * Who is connecting. Each address has a budget of handshakes (a venue's 300 phones fit in it)
 * and a much smaller one of refusals: an unknown code or a wrong key costs one, and with none
 * left every handshake from that address is refused for a while, so codes cannot be tried out.
 */
async function authenticate(deps: RealtimeDeps, socket: RealtimeSocket, address: string): Promise<SessionError | null> {
	const { guard } = deps;
	if (!guard.failures.has(address) || !guard.handshakes.take(address)) return rateLimited;
	const refusal = await identify(deps.rooms, socket);
	if (refusal && (refusal.code === 'not_found' || refusal.code === 'forbidden')) guard.failures.take(address);
	return refusal;
}

async function identify(rooms: RoomRegistry, socket: RealtimeSocket): Promise<SessionError | null> {
	const parsed = v.safeParse(HandshakeSchema, socket.handshake.auth);
	if (!parsed.success) return invalid(parsed.issues);
	const auth = parsed.output;
	if (auth.role === 'participant') {
		const room = await rooms.byCode(auth.code);
		if (!room) return { code: 'not_found', message: 'No session has this code.' };
		const joined = await room.join(hashSecret(auth.token), auth.nickname ?? '');
		socket.data = { role: 'participant', room, participantId: joined.participantId, self: joined.self };
		return null;
	}
	const room = auth.role === 'facilitator' ? await rooms.authorise(auth.sessionId, auth.key) : await rooms.byId(auth.sessionId);
	if (!room) {
		// A deleted workshop's link says it is gone, never that the key is wrong.
		return auth.role === 'facilitator' && (await rooms.exists(auth.sessionId))
			? { code: 'forbidden', message: 'This key does not open this session.' }
			: { code: 'not_found', message: 'No such session.' };
	}
	socket.data = { role: auth.role, room };
	return null;
}

/**
 * Handlers read as: validate → apply and persist (the room) → acknowledge. Broadcasts
 * follow from the room's events, wired once per room in `attachRealtime`.
 */
function registerHandlers(socket: RealtimeSocket, events: Rate): void {
	const { room, role } = socket.data;
	screenEvents(socket, events);

	for (const type of commandTypes) {
		handle(socket, type, async (payload, ack) => {
			const parsed = v.safeParse(commandSchemas[type], payload ?? {});
			if (!parsed.success) return reply(ack, { ok: false, error: invalid(parsed.issues) });
			reply(ack, await room.command(role, { type, ...parsed.output } as Command));
		});
	}

	handle(socket, 'rating:set', async (payload, ack) => {
		if (role !== 'participant' || socket.data.participantId === undefined) {
			return reply(ack, { ok: false, error: { code: 'forbidden', message: 'Only participants rate.' } });
		}
		const parsed = v.safeParse(RatingSchema, payload);
		if (!parsed.success) return reply(ack, { ok: false, error: invalid(parsed.issues) });
		const { itemId, value } = parsed.output;
		const outcome = await room.rate(socket.data.participantId, itemId, value);
		reply(ack, outcome.ok ? { ok: true, value: parsed.output } : outcome);
	});

	handle(socket, 'participant:move', async (payload, ack) => {
		const parsed = v.safeParse(MoveSchema, payload);
		if (!parsed.success) return reply(ack, { ok: false, error: invalid(parsed.issues) });
		reply(ack, await room.move(role, parsed.output.participantId, parsed.output.groupId));
	});

	handle(socket, 'dots:set', async (payload, ack) => {
		if (role !== 'participant' || socket.data.participantId === undefined) {
			return reply(ack, { ok: false, error: { code: 'forbidden', message: 'Only participants spend dots.' } });
		}
		const parsed = v.safeParse(DotsSchema, payload);
		if (!parsed.success) return reply(ack, { ok: false, error: invalid(parsed.issues) });
		const outcome = await room.spendDots(socket.data.participantId, parsed.output.allocation);
		reply(ack, outcome.ok ? { ok: true, value: parsed.output } : outcome);
	});

	handle(socket, 'group:choose', async (payload, ack) => {
		if (role !== 'participant' || socket.data.participantId === undefined) {
			return reply(ack, { ok: false, error: { code: 'forbidden', message: 'Only participants choose a table.' } });
		}
		const parsed = v.safeParse(ChooseGroupSchema, payload);
		if (!parsed.success) return reply(ack, { ok: false, error: invalid(parsed.issues) });
		reply(ack, await room.choose(socket.data.participantId, parsed.output.groupId));
	});
}

/** `collab:ticket`: a connection asks to open one of its session's documents; the ticket opens it once, within a minute. */
function registerTicketHandler(socket: RealtimeSocket, issue: RealtimeDeps['collabTicket']): void {
	const { room, role, participantId } = socket.data;
	const holder: Holder = role === 'participant' ? { role, participantId: participantId! } : { role };
	handle(socket, 'collab:ticket', async (payload, ack) => {
		const parsed = v.safeParse(CollabTicketSchema, payload);
		if (!parsed.success) return reply(ack, { ok: false, error: invalid(parsed.issues) });
		reply(ack, issue(room, holder, parsed.output.doc));
	});
}

export function attachRealtime(httpServer: HttpServer, deps: RealtimeDeps): RealtimeServer {
	const io: RealtimeServer = new Server(httpServer, {
		serveClient: false,
		// A page of another site may not open a connection with this site's cookies and address.
		allowRequest: (req, callback) => callback(deps.guard.foreignOrigin(req) ? 'Foreign origin' : null, !deps.guard.foreignOrigin(req)),
		maxHttpBufferSize: MAX_MESSAGE_BYTES,
		// The Yjs endpoint shares this HTTP server: leave upgrades that are not ours alone.
		destroyUpgrade: false
	});

	deps.rooms.onLoad((room) => {
		room.on('session', (view) => io.to(everyone(room.id)).emit('session:changed', view));
		room.on('content', (view) => io.to(everyone(room.id)).emit('session:content', view));
		room.on('results', (view) => io.to(resultViewers(room.id)).emit('results:changed', view));
		room.on('members', (view) => io.to(facilitators(room.id)).emit('groups:members', view));
		room.on('self', (participantId, view) => io.to(oneParticipant(room.id, participantId)).emit('participant:self', view));
		room.on('deleted', () => {
			// Said first, on the same connections, so every view can say why it is closed.
			io.to(everyone(room.id)).emit('session:deleted');
			io.in(everyone(room.id)).disconnectSockets();
		});
	});

	io.use((socket, next) => {
		authenticate(deps, socket, deps.guard.addressOf(socket.request)).then(
			(error) => next(error ? Object.assign(new Error(error.message), { data: error }) : undefined),
			(cause: unknown) => {
				console.error('handshake failed', cause);
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
		socket.emit('session:content', room.contentView());
		socket.emit('session:changed', room.sessionView());
		if (socket.data.self) socket.emit('participant:self', socket.data.self);
		if (role !== 'participant') socket.emit('results:changed', room.resultsView());
		if (role === 'facilitator') socket.emit('groups:members', room.membersView());
		registerHandlers(socket, deps.guard.events);
		registerTicketHandler(socket, deps.collabTicket);
	});

	return io;
}
