import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { refuse as refuseUpgrade } from '../collab/upgrade';
import { phoneContent } from './phone-content';
import type { RealtimeDeps, RealtimeServer, RealtimeSocket } from './types';
import { Server } from 'socket.io';
import * as v from 'valibot';
import { HandshakeSchema, MAX_MESSAGE_BYTES, type Refusal } from '../../src/lib/protocol';
import type { SessionError } from '../../src/lib/session/errors';
import { isJoinCode } from '../../src/lib/join-code';
import type { Culprits } from '../guard';
import { hashSecret } from '../keys';
import { handlersFor, invalid, moved } from './handlers';
import { ElsewhereError } from '../rooms/registry';

export type { RealtimeDeps, RealtimeServer, RealtimeSocket, SocketData } from './types';


/** Everyone in a session hears steering changes; only screens and facilitators hear results. */
const everyone = (id: string) => `session:${id}`;
const resultViewers = (id: string) => `results:${id}`;
const facilitators = (id: string) => `facilitators:${id}`;
/** Each participant's own sockets (a phone may briefly have two while it reconnects). */
const oneParticipant = (id: string, participantId: number) => `participant:${id}:${participantId}`;

/** A refused handshake that may be tried again in `seconds`: the phone says so, with the number. */
const limited = (seconds: number): Refusal => ({ code: 'rate_limited', message: `Too many attempts: try again in ${seconds} seconds.`, retryAfterSeconds: seconds });

/** Whether this connection is a WebSocket to the process that holds session `id` (and is not letting it go). */
const ownProcess = (deps: RealtimeDeps, socket: RealtimeSocket, id: string) =>
	socket.conn.transport.name === 'websocket' && deps.rooms.isLoaded(id) && !deps.rooms.isLeaving(id);

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
		// A WebSocket that reached the session's own process stays: there is nothing to route (a
		// long-polling phone is routed by the id on each of its requests, so it needs the id first).
		if (deps.store.leases.shared && socket.handshake.query.session !== id && !ownProcess(deps, socket, id)) return moved(id, 0);
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
	const handle = handlersFor(deps, io);
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
		handle(socket);
	});

	return io;
}
