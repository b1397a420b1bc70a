/**
 * Who may send what: the one table of roles. The server consults it once per event before
 * any handler runs (server/realtime/attach.ts), the reducer before it applies a command, and
 * the authorisation matrix (tests/integration/authorization.test.ts) compares itself with it.
 */
import { COMMAND_TYPES, type ClientEvent } from './commands';
import type { SessionError } from './errors';

export type Actor = 'facilitator' | 'participant' | 'screen';

interface Rule {
	roles: readonly Actor[];
	/** The refusal's message for everyone else. */
	refusal: string;
}

const steering: Rule = { roles: ['facilitator'], refusal: 'Only the facilitator can steer the session.' };

export const EVENT_ROLES: Readonly<Record<ClientEvent, Rule>> = {
	...(Object.fromEntries(COMMAND_TYPES.map((type) => [type, steering])) as Record<(typeof COMMAND_TYPES)[number], Rule>),
	'rating:set': { roles: ['participant'], refusal: 'Only participants rate.' },
	'dots:set': { roles: ['participant'], refusal: 'Only participants spend dots.' },
	'group:choose': { roles: ['participant'], refusal: 'Only participants choose a table.' },
	'participant:move': { roles: ['facilitator'], refusal: 'Only the facilitator moves people between groups.' },
	'agreement:redraft': { roles: ['facilitator'], refusal: 'Only the facilitator drafts the agreement.' },
	'followup:create': { roles: ['facilitator'], refusal: 'Only the facilitator plans a follow-up.' },
	'programme:next': { roles: ['facilitator'], refusal: 'Only the facilitator starts the next tool.' },
	// Every connection may ask; which documents a role opens is decided per document (server/collab/tickets.ts).
	'collab:ticket': { roles: ['facilitator', 'participant', 'screen'], refusal: 'Only people of this session open its documents.' }
};

/** Null when `actor` may send `event`; else the refusal (`forbidden`). */
export function refusalFor(actor: Actor, event: ClientEvent): SessionError | null {
	const rule = EVENT_ROLES[event];
	return rule.roles.includes(actor) ? null : { code: 'forbidden', message: rule.refusal };
}
