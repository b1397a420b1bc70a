import type { Socket } from 'socket.io';
import * as v from 'valibot';
import {
	commandSchemas,
	ChooseGroupSchema,
	CollabTicketSchema,
	DotsSchema,
	FollowUpCreateSchema,
	NextProgrammeSchema,
	MoveSchema,
	RatingSchema,
	RedraftSchema,
	type Ack,
	type AckResponse,
	type Refusal
} from '../../src/lib/protocol';
import { CLIENT_EVENTS, COMMAND_TYPES, type ClientEvent, type Command, type CommandType } from '../../src/lib/session/commands';
import type { SessionError } from '../../src/lib/session/errors';
import { refusalFor } from '../../src/lib/session/roles';
import type { Holder } from '../sheets/access';
import { TokenBucket } from '../rate-limit';
import type { Done, Outcome, Room } from '../rooms/room';
import { LeaseLostError } from '../store/errors';
import { RecentRequests } from './requests';
import type { RealtimeDeps, RealtimeServer, RealtimeSocket } from './types';

export const invalid = (issues: v.BaseIssue<unknown>[]): SessionError => ({
	code: 'invalid_payload',
	message: issues.map((issue) => `${issue.path?.map((p) => p.key).join('.') || 'payload'}: ${issue.message}`).join('; ')
});

const rateLimited: SessionError = { code: 'rate_limited', message: 'Too many attempts: wait a moment and try again.' };
const internal: SessionError = { code: 'internal', message: 'Something went wrong on the server; nothing was changed.' };
/**
 * The session's live state is in another process, or is on its way here: connect again with
 * `session` in the query, through the proxy, which routes by it (server/rooms/ownership.ts).
 */
const MOVED_RETRY_SECONDS = 0.5;
export const moved = (sessionId: string, retryAfterSeconds = MOVED_RETRY_SECONDS): Refusal => ({
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

const clientEvents: ReadonlySet<unknown> = new Set(CLIENT_EVENTS);
const isClientEvent = (event: unknown): event is ClientEvent => clientEvents.has(event);

const requestIdPattern = /^[A-Za-z0-9_-]{8,64}$/;
const recent = new WeakMap<Room, RecentRequests>();

/** Who asked, for remembering requests: one key per participant (across its reconnects), one for the facilitators. */
const actorOf = (socket: RealtimeSocket) => (socket.data.participantId !== undefined ? `p${socket.data.participantId}` : socket.data.role);

/** What a handler gives back: the room's outcome with its announcement, or an outcome with nothing to announce. */
type Handled = Done<unknown> | Outcome<unknown>;
/** One event's handler, shared by every connection: the connection it came on, and its payload. */
type Handler = (socket: RealtimeSocket, payload: unknown) => Promise<Handled>;

/** An accepted request answered with what was accepted (the phone shows it as sent). */
function echo<T>(done: Done<null>, value: T): Done<T> {
	return done.outcome.ok ? { outcome: { ok: true, value }, announce: done.announce } : { outcome: done.outcome, announce: done.announce };
}

/** The participant sending: the roles table let only participants through, and each has an id. */
const me = (socket: RealtimeSocket) => socket.data.participantId ?? Number.NaN;

/**
 * Every event's handler, made once for the server (not per connection: a room of 5,000 phones
 * would otherwise hold 5,000 copies of each). Handlers read as: validate → check, persist and
 * apply (the room) → acknowledge → announce (`run`). Who may send what is decided before, once,
 * by the roles table. Broadcasts follow from the room's events, wired once per room in
 * `attachRealtime`.
 */
function handlersOf(deps: RealtimeDeps): Map<ClientEvent, Handler> {
	const command = (type: CommandType): Handler => async (socket, payload) => {
		const { room, role } = socket.data;
		const parsed = v.safeParse(commandSchemas[type], payload ?? {});
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		const done = await room.command(role, { type, ...parsed.output } as Command);
		// An ended workshop's results are kept at once (again, should it be ended again): KeptResults.
		if (type === 'session:end' && done.outcome.ok && (parsed.output as { ended: boolean }).ended) {
			await deps.keepResults(room).catch((error: unknown) => deps.log.error({ err: error, sessionId: room.id }, 'results could not be kept'));
		}
		return done;
	};
	const handlers = new Map<ClientEvent, Handler>(COMMAND_TYPES.map((type) => [type, command(type)]));

	handlers.set('followup:create', async (socket, payload) => {
		const parsed = v.safeParse(FollowUpCreateSchema, payload ?? {});
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		if (!deps.guard.sessions.take(socket.data.address ?? '')) return { ok: false, error: rateLimited };
		const created = await deps.createFollowUp(socket.data.room);
		return created ? { ok: true, value: created } : { ok: false, error: { code: 'not_found', message: 'No such session.' } };
	});

	handlers.set('programme:next', async (socket, payload) => {
		const parsed = v.safeParse(NextProgrammeSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		// The key this facilitator connected with (the handshake checked it opens this room).
		const { key } = socket.handshake.auth as { key: string };
		return deps.handOver(socket.data.room, parsed.output.programme, key, () => deps.guard.sessions.take(socket.data.address ?? ''));
	});

	// Not async (one promise per rating fewer): a room of phones takes this path most.
	handlers.set('rating:set', (socket, payload) => {
		const parsed = v.safeParse(RatingSchema, payload);
		if (!parsed.success) return Promise.resolve({ ok: false, error: invalid(parsed.issues) });
		const { output } = parsed;
		return socket.data.room.rate(me(socket), output.itemId, output.value).then((done) => echo(done, output));
	});

	handlers.set('participant:move', async (socket, payload) => {
		const parsed = v.safeParse(MoveSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return socket.data.room.move(parsed.output.participantId, parsed.output.groupId);
	});

	handlers.set('dots:set', async (socket, payload) => {
		const parsed = v.safeParse(DotsSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return echo(await socket.data.room.spendDots(me(socket), parsed.output.allocation), parsed.output);
	});

	handlers.set('group:choose', async (socket, payload) => {
		const parsed = v.safeParse(ChooseGroupSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		return socket.data.room.choose(me(socket), parsed.output.groupId);
	});

	handlers.set('agreement:redraft', async (socket, payload) => {
		const parsed = v.safeParse(RedraftSchema, payload ?? {});
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		await deps.redraftAgreement(socket.data.room);
		return { ok: true, value: null };
	});

	// `collab:ticket`: a connection asks to open one of its session's documents; the ticket opens it once, within a minute.
	handlers.set('collab:ticket', async (socket, payload) => {
		const parsed = v.safeParse(CollabTicketSchema, payload);
		if (!parsed.success) return { ok: false, error: invalid(parsed.issues) };
		const { room, role, participantId } = socket.data;
		const holder: Holder = role === 'participant' ? { role, participantId: participantId! } : { role };
		return deps.collabTicket(room, holder, parsed.output.doc);
	});
	return handlers;
}

/**
 * Runs `handler` for one message, for the roles the table allows (src/lib/session/roles.ts):
 * anyone else is refused `forbidden` before the payload is read. Any payload may carry a
 * `requestId` (8–64 of A–Z a–z 0–9 _ -): it is taken off before the handler sees the payload,
 * and a request sent again with the same id gets the first answer without being applied again
 * (RecentRequests). The sender is acknowledged first; then what the change means for everyone
 * else is announced (Done). A handler that throws answers `internal` (and is logged) instead of
 * leaving the client waiting.
 */
function run(socket: RealtimeSocket, event: ClientEvent, packet: unknown[], handler: Handler, lost: (room: Room) => void): void {
	// The acknowledgement is the last argument when there is one, however many came before it.
	const last = packet.length - 1;
	const ack = last > 0 && typeof packet[last] === 'function' ? packet[last] : undefined;
	const forbidden = refusalFor(socket.data.role, event);
	if (forbidden) return reply(ack, { ok: false, error: forbidden });
	const payloads = last - (ack ? 1 : 0);
	if (payloads > 1) return reply(ack, { ok: false, error: { code: 'invalid_payload', message: 'Send one payload.' } });
	const raw = payloads === 1 ? packet[1] : undefined;
	if (raw === null || typeof raw !== 'object' || Array.isArray(raw) || !Object.hasOwn(raw, 'requestId')) {
		const { room } = socket.data;
		return void respond(socket, event, handler, raw, (answered) => deliver(room, ack, answered, lost));
	}
	const { requestId, ...payload } = raw as { requestId: unknown };
	if (typeof requestId !== 'string' || !requestIdPattern.test(requestId)) {
		return reply(ack, { ok: false, error: { code: 'invalid_payload', message: 'requestId: 8–64 letters, digits, _ or -.' } });
	}
	const { room } = socket.data;
	let requests = recent.get(room);
	if (!requests) recent.set(room, (requests = new RecentRequests()));
	// Only the first run announces; a request sent again gets its answer and nothing else.
	let announce: (() => void) | undefined;
	const first = (answered: Answered) => ((announce = answered.announce), answered.response);
	void requests
		.once(`${actorOf(socket)}:${event}:${requestId}`, () => respond(socket, event, handler, payload, first))
		.then((response) => deliver(room, ack, { response, announce }, lost));
}

/** A handler's answer for the sender, and what it means for everyone else (announced after the answer). */
interface Answered {
	response: AckResponse<unknown>;
	announce?: () => void;
}

/** Runs `handler` and gives its answer to `then`; a handler that throws answers `internal` (logged), or `moved` for a lost lease. */
function respond<T>(socket: RealtimeSocket, event: ClientEvent, handler: Handler, payload: unknown, then: (answered: Answered) => T): Promise<T> {
	let handling: Promise<Handled>;
	try {
		handling = handler(socket, payload);
	} catch (error) {
		// A handler that is not async may throw before it returns its promise.
		handling = Promise.reject(error);
	}
	return handling.then(
		(handled) => then('outcome' in handled ? { response: toAck(handled.outcome), announce: handled.announce } : { response: toAck(handled) }),
		(error: unknown) => {
			// Another process owns the session now: this one stored nothing. Not answered (deliver).
			if (error instanceof LeaseLostError) return then({ response: { error: moved(error.sessionId) } });
			socket.data.log.error({ err: error, event, sessionId: socket.data.room.id }, 'event failed');
			return then({ response: { error: internal } });
		}
	);
}

/** The sender is answered first; then the change is announced. */
function deliver(room: Room, ack: unknown, { response, announce }: Answered, lost: (room: Room) => void): void {
	// The room's clients are sent to its new process, and a phone sends again what was not acknowledged.
	if ('error' in response && response.error.code === 'moved') return void lost(room);
	if (typeof ack === 'function') (ack as Ack<unknown>)(response);
	announce?.();
}

/** A write was refused for want of the lease: the room leaves this process, its clients follow it. */
const lostBy = (deps: RealtimeDeps) => (room: Room) => {
	// Once per room: a frozen process may wake to thousands of refused writes of one session.
	if (deps.rooms.isLeaving(room.id)) return;
	deps.log.warn({ sessionId: room.id }, 'write refused: another process holds the session');
	void deps.rooms.leave(room.id, 'lost');
};

const handled = new WeakMap<RealtimeServer, readonly ClientEvent[]>();
/** The events `io` handles (the tests hold them to the roles table and to the fuzzer's list). */
export const eventsHandledBy = (io: RealtimeServer): readonly ClientEvent[] => handled.get(io) ?? [];

/**
 * What a connection may send, as one middleware per connection (its own budget of messages,
 * `guard.events`; over it, a message is refused unread) in front of the server's one table of
 * handlers: unknown events are answered, not ignored. A known event is handled here and goes no
 * further (no listener per event per connection).
 */
export function handlersFor(deps: RealtimeDeps, io: RealtimeServer): (socket: RealtimeSocket) => void {
	const handlers = handlersOf(deps);
	handled.set(io, [...handlers.keys()]);
	const lost = lostBy(deps);
	return (socket) => {
		const budget = new TokenBucket(deps.guard.events);
		(socket as unknown as Socket).use((packet, next) => {
			const event = packet[0];
			const ack = packet.length > 1 ? packet[packet.length - 1] : undefined;
			if (!isClientEvent(event)) return reply(ack, { ok: false, error: { code: 'invalid_payload', message: `Unknown event: ${String(event).slice(0, 64)}` } });
			if (!budget.take()) return reply(ack, { ok: false, error: rateLimited });
			const handler = handlers.get(event);
			if (!handler) return next();
			run(socket, event, packet, handler, lost);
		});
	};
}
