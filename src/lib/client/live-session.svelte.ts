import { SocketClient } from './socket-client';
import type {
	NextCreated,
	NextProgrammeInput,
	AckResponse,
	AnswerOf,
	ClientEvent,
	ContentView,
	PhoneContentView,
	Handshake,
	MembersView,
	PayloadOf,
	Refusal,
	ResultsView,
	SelfView,
	ServerToClientEvents,
	SessionView
} from '$lib/protocol';
import type { CommandPayload, CommandType } from '$lib/session/commands';
import type { ErrorCode } from '$lib/session/errors';
import { followSession } from './locale.svelte';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'refused';

type Client = SocketClient<ServerToClientEvents>;

/** How long an emit waits for its acknowledgement before the caller hears it failed. */
const ACK_TIMEOUT_MS = 10_000;
/** When a `moved` refusal came without a number of seconds. */
const MOVED_RETRY_SECONDS = 0.5;
/** When a limited handshake came without a number of seconds. */
const DEFAULT_RETRY_SECONDS = 10;

/**
 * One live connection to a session, as reactive state. The only module that touches the
 * socket: pages create one, components get its fields as props and raise callbacks.
 * The socket (socket-client.ts, socket.io's protocol) reconnects by itself; the handshake is
 * re-sent each time, so a phone resumes as the same participant.
 */
export class LiveSession {
	content = $state<ContentView | null>(null);
	/** A phone's: what it shows of the content (the current step and its items), instead of `content`. */
	phoneContent = $state<PhoneContentView | null>(null);
	session = $state<SessionView | null>(null);
	results = $state<ResultsView | null>(null);
	self = $state<SelfView | null>(null);
	/** The facilitator's view of who is in which group. */
	members = $state<MembersView | null>(null);
	connection = $state<ConnectionState>('connecting');
	/** Why the server refused the handshake, when it did. */
	refusal = $state<ErrorCode | null>(null);
	/** The facilitator deleted the workshop: the view says so, and the connection stays closed. */
	deleted = $state(false);
	/**
	 * Seconds until the handshake is tried again, counting down, when the server said too many
	 * attempts came from here (null otherwise). The network is fine then: say this, not "offline".
	 */
	retryIn = $state<number | null>(null);
	#countdown: ReturnType<typeof setInterval> | undefined;
	#again: ReturnType<typeof setTimeout> | undefined;
	/** Local time when `session` arrived: timers count down from here. */
	sessionReceivedAt = $state(0);

	readonly #socket: Client;
	/** The screen and the phones show the session's language (unless the device chose one); the console stays the facilitator's. */
	readonly #followsLanguage: boolean;

	constructor(handshake: () => Handshake) {
		const first = handshake();
		this.#followsLanguage = first.role !== 'facilitator';
		this.#socket = new SocketClient({
			auth: handshake,
			// With several server processes the proxy routes by the session's id (a phone learns it
			// from its first handshake: `moved`).
			query: 'sessionId' in first ? { session: first.sessionId } : {},
			// WebSocket first; a phone behind a proxy that blocks it falls back to long-polling (socket-client.ts).
			// A phone back within two seconds of the server: the room resumes quickly after a restart.
			reconnectionDelayMax: 2_000
		});
		this.#socket.on('connect', () => {
			this.connection = 'online';
			this.refusal = null;
			this.#stopCountdown();
		});
		this.#socket.on('disconnect', (reason) => {
			this.connection = 'offline';
			// The socket does not retry after the server hung up (it does when the session is
			// deleted): ask again, and the refused handshake says why.
			if (reason === 'io server disconnect' && !this.deleted) this.#socket.connect();
		});
		this.#socket.on('connect_error', (error) => {
			const refusal = error.data as Partial<Refusal> | undefined;
			const code = refusal?.code;
			if (code === 'moved') {
				// The session is in (or on its way to) another server process: ask again, routed by its id.
				if (refusal?.sessionId) this.#socket.query = { session: refusal.sessionId };
				this.connection = 'connecting';
				clearTimeout(this.#again);
				const seconds = refusal?.retryAfterSeconds ?? MOVED_RETRY_SECONDS;
				this.#again = setTimeout(() => this.#socket.connect(), seconds * 1000 * (0.75 + Math.random() / 2));
			} else if (code === 'rate_limited') {
				// The socket does not retry a handshake the server refused: wait as long as it said.
				this.connection = 'offline';
				this.#waitThenConnect(refusal?.retryAfterSeconds ?? DEFAULT_RETRY_SECONDS);
			} else if (code === 'forbidden' || code === 'not_found' || code === 'invalid_payload') {
				// A refused handshake will not succeed by retrying.
				this.refusal = code;
				this.connection = 'refused';
				this.#socket.disconnect();
			} else {
				this.connection = 'offline';
			}
		});
		this.#socket.on('session:content', (content) => {
			this.content = content;
			if (this.#followsLanguage) followSession(content.locale);
		});
		this.#socket.on('phone:content', (content) => {
			this.phoneContent = content;
			if (this.#followsLanguage) followSession(content.locale);
		});
		this.#socket.on('session:changed', (session) => {
			this.session = session;
			this.sessionReceivedAt = Date.now();
		});
		this.#socket.on('results:changed', (results) => (this.results = results));
		this.#socket.on('participant:self', (self) => (this.self = self));
		this.#socket.on('groups:members', (members) => (this.members = members));
		this.#socket.on('session:deleted', () => {
			this.deleted = true;
			this.#socket.disconnect();
		});
	}

	#waitThenConnect(seconds: number): void {
		this.#stopCountdown();
		this.retryIn = Math.max(1, Math.ceil(seconds));
		this.#countdown = setInterval(() => {
			if (this.retryIn !== null && this.retryIn > 1) return void (this.retryIn -= 1);
			this.#stopCountdown();
			this.#socket.connect();
		}, 1_000);
	}

	#stopCountdown(): void {
		clearInterval(this.#countdown);
		this.#countdown = undefined;
		this.retryIn = null;
	}

	/**
	 * Sends `event` with the payload its type in ClientToServerEvents takes, and answers what its
	 * acknowledgement carries. The socket's `request` is untyped, so the one cast of its answer
	 * is here, behind this typed signature.
	 */
	#emit<E extends ClientEvent>(event: E, payload: PayloadOf<E>, timeout = true): Promise<AnswerOf<E>> {
		const sent = this.#socket.request(event, payload, timeout ? ACK_TIMEOUT_MS : undefined) as Promise<AnswerOf<E>>;
		// Without a timeout, only a lost connection ends the wait (the socket rejects then): `moved`,
		// the answer to send it again once connected (MyRatings does).
		const lost = timeout ? 'internal' : 'moved';
		return sent.catch(() => ({ error: { code: lost, message: 'No answer from the server.' } }));
	}

	/** A facilitator command, its payload typed by the command (src/lib/session/commands.ts). */
	command<K extends CommandType>(type: K, payload: CommandPayload<K>): Promise<AckResponse<null>> {
		return this.#emit(type, payload);
	}

	/**
	 * No timeout: the socket keeps an event sent while offline and delivers it on reconnect,
	 * and its acknowledgement arrives then. A timeout would call a rating lost that is not. One
	 * sent on a connection that then drops answers `moved`: send it again when back.
	 */
	rate(itemId: string, value: number, requestId: string): Promise<AckResponse<{ itemId: string; value: number }>> {
		return this.#emit('rating:set', { itemId, value, requestId }, false);
	}

	move(participantId: number, groupId: string | null): Promise<AckResponse<null>> {
		return this.#emit('participant:move', { participantId, groupId });
	}

	spendDots(allocation: Record<string, number>): Promise<AckResponse<{ allocation: Record<string, number> }>> {
		return this.#emit('dots:set', { allocation });
	}

	/** Makes the draft agreement afresh from the ranking (facilitator only). */
	redraftAgreement(): Promise<AckResponse<null>> {
		return this.#emit('agreement:redraft', {});
	}

	chooseGroup(groupId: string): Promise<AckResponse<null>> {
		return this.#emit('group:choose', { groupId });
	}

	/** A single-use ticket to open one of the session's shared documents within a minute (a sheet asks before every connection). */
	collabTicket(doc: string): Promise<AckResponse<{ ticket: string }>> {
		return this.#emit('collab:ticket', { doc });
	}

	/** Starts one of the three tools as the next session for the same people (facilitator only): sent again, the same session. */
	startNext(programme: NextProgrammeInput['programme']): Promise<AckResponse<NextCreated>> {
		return this.#emit('programme:next', { programme });
	}

	close(): void {
		this.#stopCountdown();
		clearTimeout(this.#again);
		if (this.#followsLanguage) followSession(null);
		this.#socket.disconnect();
	}
}
