/** The contract, as the fuzzer knows it: what a client may send, and what the server may accept. */
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import * as v from 'valibot';
import { CollabTicketSchema, commandSchemas, commandTypes, MAX_MESSAGE_BYTES, MoveSchema, RatingSchema, RedraftSchema, FollowUpCreateSchema, NextProgrammeSchema } from '../../../src/lib/protocol';
import { CLIENT_EVENTS, type ClientEvent, type CommandType } from '../../../src/lib/session/commands';
import type { ErrorCode } from '../../../src/lib/session/errors';
import { introTool } from '../../../src/lib/template/intro-tool';

/** Every event a client may send. The first test checks this against what the server registers. */
export const clientEvents = CLIENT_EVENTS;
export type { ClientEvent };

export const knownCodes: ReadonlySet<string> = new Set(
	Object.keys({
		invalid_payload: 0, forbidden: 0, not_found: 0, no_such_step: 0, not_a_rating_step: 0, vote_locked: 0, unknown_item: 0,
		unknown_group: 0, voting_open: 0, voting_closed: 0, duplicate: 0, current_step: 0, step_skipped: 0,
		limit_reached: 0, session_ended: 0, rate_limited: 0, moved: 0, internal: 0
	} satisfies Record<ErrorCode, 0>)
);
/** A server that fails inside while refusing has not refused clearly. */
export const clearCodes = new Set([...knownCodes].filter((code) => code !== 'internal'));
/** The Yjs endpoint refuses upgrades with its own code for a bad name. */
export const upgradeCodes = new Set([...clearCodes, 'bad_document']);

export const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
export const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
export const generalItem = introTool.items.find((item) => item.model === 'general')!.id;

/** One valid payload per event: the fuzzer breaks them one field at a time. */
export const examples: Record<ClientEvent, Record<string, unknown>> = {
	'step:next': {},
	'step:previous': {},
	'step:goto': { index: 3 },
	'timer:pause': {},
	'timer:resume': {},
	'timer:add': { minutes: 5 },
	'vote:lock': { stepId: 'leader-model', locked: true },
	'vote:reveal': { stepId: 'leader-model', revealed: true },
	'item:add': { model: 'leader', kind: 'load', label: 'Noise' },
	'groups:setup': { count: 3, mode: 'choose' },
	'group:rename': { groupId: 'g1', name: 'Table one' },
	'candidate:add': { text: 'Meet monthly', source: { kind: 'answer', groupId: 'g1', field: 'q1' } },
	'candidate:remove': { candidateId: 'c0' },
	'dots:open': { dots: 3 },
	'dots:close': {},
	'title:set': { title: 'Leaders of leaders' },
	'language:set': { locale: 'en' },
	'step:skip': { stepId: 'why', skipped: true },
	'step:move': { stepId: 'why', direction: 'down' },
	'duration:set': { stepId: 'why', minutes: 10 },
	'material:add': { material: 'warning-signs' },
	'session:end': { ended: false },
	'screen:show': { display: { kind: 'group', groupId: 'g1' } },
	'rating:set': { itemId: leaderItems[0], value: 2 },
	'participant:move': { participantId: 1, groupId: 'g2' },
	'group:choose': { groupId: 'g1' },
	'dots:set': { allocation: { c0: 1 } },
	'agreement:redraft': {},
	'collab:ticket': { doc: 'g1' },
	'followup:create': {},
	'programme:next': { programme: 'leader-group' }
};

export type Role = 'facilitator' | 'participant' | 'screen';

const packets = new Encoder();

/**
 * What the server receives: the value through socket.io's own encoder and decoder. JSON turns
 * undefined into null and Dates into strings; binary attachments go separately, and an object
 * carrying one loses an own `__proto__` key on the way.
 */
export function wire(value: unknown, type: PacketType.EVENT | PacketType.CONNECT = PacketType.EVENT): unknown {
	const decoder = new Decoder();
	let received: unknown;
	decoder.on('decoded', (packet) => void (received = packet.data));
	for (const part of packets.encode({ type, nsp: '/', data: type === PacketType.EVENT ? ['event', value] : value })) decoder.add(part);
	return type === PacketType.EVENT ? (received as unknown[])[1] : received;
}

/**
 * Whether an emit stays inside one socket.io message; bigger ones are the oversize test's. A value
 * socket.io cannot encode at all (fast-check's objects that only look like a Date, say) is not an
 * emit any client can send, so it does not fit either.
 */
export const fitsOneMessage = (event: string, args: unknown[]): boolean => {
	let parts: Array<string | Uint8Array>;
	try {
		parts = packets.encode({ type: PacketType.EVENT, nsp: '/', id: 1, data: [event, ...args] });
	} catch {
		return false;
	}
	return parts.every((part) => (typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength) < MAX_MESSAGE_BYTES - 64);
};

/** Any payload may carry a well-formed `requestId`, which the server takes off before validating it. */
export function withoutRequestId(payload: unknown): unknown {
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || !Object.hasOwn(payload, 'requestId')) return payload;
	const { requestId, ...rest } = payload as { requestId: unknown };
	return typeof requestId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(requestId) ? rest : payload;
}

/**
 * Whether the server may rightly accept this call in the fuzzed session (on the leader model's
 * rating step, two groups placed automatically, one candidate, the vote not open). Such calls
 * are not sent: they would change the state, as they should.
 */
export function mayBeAccepted(role: Role, event: string, payload: unknown): boolean {
	const sent = withoutRequestId(wire(payload));
	// A ticket changes nothing, and which role gets one is the authorisation matrix's.
	if (event === 'collab:ticket') return v.is(CollabTicketSchema, sent);
	if (role === 'participant') return event === 'rating:set' && v.is(RatingSchema, sent) && leaderItems.includes(sent.itemId);
	if (role !== 'facilitator') return false;
	if ((commandTypes as string[]).includes(event)) return v.is(commandSchemas[event as CommandType], sent ?? {});
	if (event === 'agreement:redraft') return v.is(RedraftSchema, sent ?? {});
	// A follow-up is another session: the fuzzed one would not change, but nothing is made needlessly.
	if (event === 'followup:create') return v.is(FollowUpCreateSchema, sent ?? {});
	// Starting the next tool links another session from this one: an accepted call changes it.
	if (event === 'programme:next') return v.is(NextProgrammeSchema, sent);
	return event === 'participant:move' && v.is(MoveSchema, sent);
}
