/**
 * The realtime contract between the server and every client, imported by both sides.
 * Commands from clients are imperative (`step:next`), broadcasts are past tense
 * (`session:changed`). Every acknowledgement is `{ data }` or `{ error }`.
 * Described for people in docs/protocol.md.
 */
import * as v from 'valibot';
import { SCALE_MAX, SCALE_MIN, type ItemResult } from './session/aggregate';
import type { Group, GroupMode } from './session/groups';
import type { Candidate } from './session/priorities';
import type { Display } from './session/state';
import type { Comparison } from './session/comparison';
import { COMMAND_TYPES, type CommandPayload, type CommandType } from './session/commands';
import type { SessionError } from './session/errors';
import { MATERIAL_IDS } from './session/material';
import {
	MAX_ADDED_MINUTES,
	MAX_CANDIDATE_TEXT,
	MAX_CANDIDATES,
	MAX_DOTS,
	MAX_DURATION,
	MAX_GROUP_NAME,
	MAX_GROUPS,
	MAX_ITEM_LABEL,
	MAX_NICKNAME,
	MAX_STEP_INDEX,
	MAX_TITLE,
	MIN_DURATION
} from './limits';
import { locales, type Locale, type ModelId, type Step, type VaegtenItem } from './template/types';
import type { ProgrammeId } from './template/programmes';
import { normaliseJoinCode } from './join-code';
import { TOOL_PROGRAMME_IDS, type NextLink, type ToolProgramme } from './session/next-programme';

export type AckResponse<T> = { data: T } | { error: SessionError };
/** A refused handshake's `data`; `rate_limited` says when to try again. */
/**
 * A refused handshake. `retryAfterSeconds`: worth trying again then (`rate_limited`, `moved`);
 * `sessionId`, with `moved`: connect with it in the query (`session`), so the proxy routes to
 * the session's process.
 */
export type Refusal = SessionError & { retryAfterSeconds?: number; sessionId?: string };
export type Ack<T> = (response: AckResponse<T>) => void;

export { MAX_MESSAGE_BYTES } from './limits';
export { CLIENT_EVENTS, type ClientEvent, type CommandPayload } from './session/commands';
import type { ClientEvent } from './session/commands';

// ---- Handshake -------------------------------------------------------------------------

const sessionId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/));
export { JOIN_CODE_ALPHABET } from './join-code';
/**
 * A join code as typed (spaces, dashes, lower case forgiven). A code no workshop could have
 * (a 0 or an O, say) is not malformed input: the server answers it `not_found`.
 */
export const joinCode = v.pipe(v.string(), v.maxLength(64), v.transform(normaliseJoinCode));
/** Participants make their own token (128+ random bits) before the first connect, so a retried join is never a second participant. */
export const participantToken = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22,64}$/));
/**
 * A name as typed: a control character (no keyboard types one) made a space, and half a
 * surrogate pair alone (a crafted client, a cut string) U+FFFD, so both stores keep exactly the
 * text the phone is answered with (PostgreSQL's text holds no NUL; UTF-8 has no lone surrogate).
 * Read on the server only (Node's toWellFormed).
 */
export const nickname = v.pipe(
	v.string(),
	v.transform((typed) => typed.replace(/\p{Cc}/gu, ' ').toWellFormed()),
	v.trim(),
	v.maxLength(MAX_NICKNAME)
);

export const HandshakeSchema = v.variant('role', [
	v.object({ role: v.literal('facilitator'), sessionId, key: v.pipe(v.string(), v.maxLength(128)) }),
	v.object({ role: v.literal('screen'), sessionId }),
	v.object({ role: v.literal('participant'), code: joinCode, token: participantToken, nickname: v.optional(nickname) })
]);
export type Handshake = v.InferInput<typeof HandshakeSchema>;
export type Role = Handshake['role'];

// ---- Commands ------------------------------------------------------------------------

const stepId = v.pipe(v.string(), v.maxLength(64));
const groupId = v.pipe(v.string(), v.regex(/^g\d{1,6}$/));
const empty = v.strictObject({});

/** One schema per facilitator command; the payload is the command without its `type`. */
export const commandSchemas = {
	'step:next': v.strictObject({ from: v.optional(stepId) }),
	'step:previous': v.strictObject({ from: v.optional(stepId) }),
	'step:goto': v.strictObject({ index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_STEP_INDEX)), from: v.optional(stepId) }),
	'timer:pause': empty,
	'timer:resume': empty,
	'timer:add': v.strictObject({ minutes: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_ADDED_MINUTES)) }),
	'vote:lock': v.strictObject({ stepId, locked: v.boolean() }),
	'vote:reveal': v.strictObject({ stepId, revealed: v.boolean() }),
	'item:add': v.strictObject({
		model: v.picklist(['general', 'leader']),
		kind: v.picklist(['load', 'resource']),
		label: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_ITEM_LABEL))
	}),
	'groups:setup': v.strictObject({
		count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_GROUPS)),
		mode: v.picklist(['auto', 'choose'])
	}),
	'group:rename': v.strictObject({ groupId, name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_GROUP_NAME)) }),
	'candidate:add': v.strictObject({
		text: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_CANDIDATE_TEXT)),
		source: v.variant('kind', [
			v.strictObject({ kind: v.picklist(['load', 'resource']), itemId: v.pipe(v.string(), v.maxLength(64)) }),
			v.strictObject({ kind: v.literal('answer'), groupId, field: v.pipe(v.string(), v.maxLength(80)) }),
			v.strictObject({ kind: v.literal('own') })
		])
	}),
	'candidate:remove': v.strictObject({ candidateId: v.pipe(v.string(), v.regex(/^c\d{1,6}$/)) }),
	'dots:open': v.strictObject({ dots: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_DOTS)) }),
	'dots:close': empty,
	'title:set': v.strictObject({ title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TITLE)) }),
	'language:set': v.strictObject({ locale: v.picklist(locales) }),
	'step:skip': v.strictObject({ stepId, skipped: v.boolean() }),
	'step:move': v.strictObject({ stepId, direction: v.picklist(['up', 'down']) }),
	'duration:set': v.strictObject({ stepId, minutes: v.pipe(v.number(), v.integer(), v.minValue(MIN_DURATION), v.maxValue(MAX_DURATION)) }),
	'material:add': v.strictObject({ material: v.picklist(MATERIAL_IDS) }),
	'session:end': v.strictObject({ ended: v.boolean() }),
	'screen:show': v.strictObject({
		display: v.variant('kind', [
			v.strictObject({ kind: v.literal('step') }),
			v.strictObject({ kind: v.literal('groups') }),
			v.strictObject({ kind: v.literal('agreement') }),
			v.strictObject({ kind: v.literal('group'), groupId }),
			v.strictObject({ kind: v.literal('vaegten'), model: v.picklist(['general', 'leader']) }),
			v.strictObject({ kind: v.literal('ranking') })
		])
	})
} satisfies Record<CommandType, v.GenericSchema>;

/** Every facilitator command (src/lib/session/commands.ts), each with its schema above. */
export const commandTypes: readonly CommandType[] = COMMAND_TYPES;

export const RatingSchema = v.strictObject({
	itemId: v.pipe(v.string(), v.maxLength(64)),
	value: v.pipe(v.number(), v.integer(), v.minValue(SCALE_MIN), v.maxValue(SCALE_MAX))
});
export type RatingInput = v.InferOutput<typeof RatingSchema>;

/** The facilitator moves a person to a group (null: out of every group). */
export const MoveSchema = v.strictObject({
	participantId: v.pipe(v.number(), v.integer(), v.minValue(1)),
	groupId: v.nullable(groupId)
});
export type MoveInput = v.InferOutput<typeof MoveSchema>;

/** A phone's whole allocation of dots, replacing its previous one: candidate id → dots. */
export const DotsSchema = v.strictObject({
	allocation: v.pipe(
		v.record(v.pipe(v.string(), v.regex(/^c\d{1,6}$/)), v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DOTS))),
		v.check((allocation) => Object.keys(allocation).length <= MAX_CANDIDATES, `At most ${MAX_CANDIDATES} points.`)
	)
});
export type DotsInput = v.InferOutput<typeof DotsSchema>;

/** The facilitator makes the draft agreement afresh from the ranking as it is now ("Lav udkast igen"). */
export const RedraftSchema = v.strictObject({});

/**
 * "Planlæg opfølgning": the facilitator makes a follow-up of this session (docs/follow-up.md).
 * Answered with the new session's links and facilitator key, as `POST /api/sessions/ID/follow-up`.
 */
export const FollowUpCreateSchema = v.strictObject({});

/** What `POST /api/sessions` answers: the new session's links and its facilitator key (in this answer only). */
export interface SessionCreated {
	id: string;
	code: string;
	joinUrl: string;
	screenUrl: string;
	facilitatorUrl: string;
	facilitatorKey: string;
}

/** The new follow-up session: what `POST /api/sessions` answers, and the session it follows up. */
export interface FollowUpCreated extends SessionCreated {
	followUpOf: string;
}

/**
 * "Start værktøjet": the facilitator starts one of the three tools as a new session for the same
 * people (src/lib/session/next-programme.ts), in this session's language, opened by the same
 * key. Sent again for the same tool it answers the same session; another tool replaces the link.
 */
export const NextProgrammeSchema = v.strictObject({ programme: v.picklist(TOOL_PROGRAMME_IDS, `programme is one of ${TOOL_PROGRAMME_IDS.join(', ')}`) });
export type NextProgrammeInput = v.InferOutput<typeof NextProgrammeSchema>;

/** The tool's new session: its links and key, as `POST /api/sessions` answers, and the session it continues. */
export interface NextCreated extends SessionCreated {
	programme: ToolProgramme;
	nextOf: string;
}

/** A participant picks a table, when the facilitator lets the room choose. */
export const ChooseGroupSchema = v.strictObject({ groupId });
export type ChooseGroupInput = v.InferOutput<typeof ChooseGroupSchema>;

/**
 * Asks for a ticket to one of the session's shared documents (a group's id, `agreement`,
 * `notes`), as the connection's role allows: it opens `/collab/SESSION/DOC?ticket=T` once,
 * within a minute. No key or token ever goes into a WebSocket URL.
 */
/** A document within a session: a group's id, `agreement`, `notes`, or a participant's own `personal.N` (documents.ts). */
export const DOC_ID = /^(?:[A-Za-z0-9_-]{1,40}|personal\.[1-9]\d{0,9})$/;
export const CollabTicketSchema = v.strictObject({ doc: v.pipe(v.string(), v.regex(DOC_ID)) });
export type CollabTicketInput = v.InferOutput<typeof CollabTicketSchema>;

// ---- What clients see ----------------------------------------------------------------

export interface TimerView {
	running: boolean;
	/** Negative when the step runs over. Clients count down from the moment they receive it. */
	remainingMs: number;
	totalMs: number;
}

/** Steering state: small, sent to everyone on every change. */
export interface SessionView {
	stepIndex: number;
	timer: TimerView;
	/** Time spent on each step (by id) in earlier visits; the current visit is the timer's. */
	spentMs: Record<string, number>;
	votes: Record<string, { locked: boolean; revealed: boolean }>;
	groups: { mode: GroupMode | null; list: Group[] };
	display: Display;
	priorities: { candidates: Candidate[]; dots: number; status: 'draft' | 'open' | 'closed' };
	/** The facilitator ended the workshop: phones thank everyone and take no more input. */
	ended: boolean;
	/** The tool session started next for the same people: the screen shows its code, each phone offers to continue there. */
	next: NextLink | null;
}

/** The agenda and items: sent on connect and when the facilitator changes them. */
export interface ContentView {
	id: string;
	code: string;
	title: string;
	/** The session's language: the screen and phones use it unless the device chose its own. */
	locale: Locale;
	/** Epoch ms: the workshop's date. */
	createdAt: number;
	steps: Step[];
	items: VaegtenItem[];
	/**
	 * A follow-up's link (docs/follow-up.md): the session it follows up and the date it was
	 * planned for; null for any other session. The measurements themselves go only to the
	 * screen and the console, in ResultsView.comparison. `plan`: it follows up a plan for
	 * ledertrivsel, so its agreement is a plan too (agreementIsPlan).
	 */
	followUp: { of: string; plannedFor: string | null; plan: boolean } | null;
	/** The programme it was started from: a plan for ledertrivsel calls its agreement a plan (agreementIsPlan). */
	programme: ProgrammeId;
}

/** A step as a phone shows it: its title, lead and questions, never the slide's paragraphs, lists or roles. */
export type PhoneStep = Pick<Step, 'id' | 'part' | 'kind' | 'title' | 'lead' | 'questions' | 'model'>;

/**
 * What a phone shows, and no more (issue 17): the step the room is on and the items it rates
 * or marks, with the session's name, code and language. Sent on connect and whenever the step
 * or the content changes (`phone:content`), encoded once per version for every phone.
 */
export interface PhoneContentView {
	id: string;
	code: string;
	title: string;
	locale: Locale;
	createdAt: number;
	stepIndex: number;
	/** "Trin 3 af 12": the step's place among the steps that run (skipped ones not counted). */
	position: { index: number; total: number };
	step: PhoneStep;
	/** The items of the step's model, for a rating step; none otherwise. */
	items: VaegtenItem[];
	/** The programme has a lederaftale: the phone can open its own again, also after the end. */
	personal: boolean;
}

/** Aggregates only, never an individual's rating. Sent to the screen and the facilitator. */
export interface ResultsView {
	participants: number;
	/** People who rated at least one item, per model. */
	raters: Record<ModelId, number>;
	items: ItemResult[];
	/** The dot vote: points by dots, most first, and how many phones have voted. */
	ranking: Array<Candidate & { dots: number }>;
	voters: number;
	/**
	 * How many participants have written their own lederaftale (a `personal` step): a count the
	 * server derives from the documents, never whose or what (server/sheets/personal.ts).
	 */
	personal: number;
	/** A follow-up's "Før og nu" (src/lib/session/comparison.ts); null for any other session. */
	comparison: Comparison | null;
}

export interface SelfView {
	/** This participant's own id: its lederaftale is the document `personal.ID` (documents.ts, personalDoc). */
	participantId: number;
	nickname: string;
	/** This participant's own ratings, so a reloaded phone shows what it sent. */
	ratings: Record<string, number>;
	/** This participant's group, or null while it has none. */
	groupId: string | null;
	/** How this phone has spent its dots. */
	allocation: Record<string, number>;
}

/** Who is in which group: the facilitator's view only (nicknames are not shown to others). */
export interface MembersView {
	members: Array<{ id: number; nickname: string; groupId: string | null }>;
}

/** Any payload may carry a `requestId`: sent again with it, a request is answered, not applied, again. */
type Sent<P> = P & { requestId?: string };

export type ClientToServerEvents = {
	[K in CommandType]: (payload: Sent<CommandPayload<K>>, ack: Ack<null>) => void;
} & {
	'rating:set': (payload: Sent<RatingInput>, ack: Ack<RatingInput>) => void;
	'participant:move': (payload: Sent<MoveInput>, ack: Ack<null>) => void;
	'group:choose': (payload: Sent<ChooseGroupInput>, ack: Ack<null>) => void;
	'dots:set': (payload: Sent<DotsInput>, ack: Ack<DotsInput>) => void;
	'agreement:redraft': (payload: Sent<Record<string, never>>, ack: Ack<null>) => void;
	'collab:ticket': (payload: Sent<CollabTicketInput>, ack: Ack<{ ticket: string }>) => void;
	'followup:create': (payload: Sent<Record<string, never>>, ack: Ack<FollowUpCreated>) => void;
	'programme:next': (payload: Sent<NextProgrammeInput>, ack: Ack<NextCreated>) => void;
};

/** What a client sends with `event`. */
export type PayloadOf<E extends keyof ClientToServerEvents> = Parameters<ClientToServerEvents[E]>[0];
/** What `event`'s acknowledgement carries. */
export type AnswerOf<E extends keyof ClientToServerEvents> = Parameters<Parameters<ClientToServerEvents[E]>[1]>[0];

export interface ServerToClientEvents {
	'session:content': (content: ContentView) => void;
	'phone:content': (content: PhoneContentView) => void;
	'session:changed': (session: SessionView) => void;
	'results:changed': (results: ResultsView) => void;
	'participant:self': (self: SelfView) => void;
	'groups:members': (members: MembersView) => void;
	/** The facilitator deleted the workshop: every view says so and stops (the connection is closed next). */
	'session:deleted': () => void;
}

/** Fails to compile unless the events typed here are exactly the listed CLIENT_EVENTS. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const clientEventsListed: Same<ClientEvent, keyof ClientToServerEvents> = true;
