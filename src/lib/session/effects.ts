/**
 * What follows from an accepted command, besides the new state: the room carries these out
 * (server/rooms/room.ts) and has no rules of its own about which command means what.
 * Every change of state is stored and sent to everyone as `session:changed`; these are the rest.
 */
import type { Command } from './commands';
import type { SessionState } from './state';

export type Effect =
	/** A new grouping: everyone is placed afresh (dealt out, or left to choose), stored with the state. */
	| { kind: 'regroup' }
	/** Another number of dots: the earlier choices mean nothing now, and the vote starts afresh. */
	| { kind: 'clearDots' }
	/** The title, language, steps or items changed: `session:content` goes out. */
	| { kind: 'contentChanged' }
	/**
	 * The results change: published coalesced, or `now`. `whole`: a round of rating or voting
	 * closed, and its final result goes out with every rating and dot in it.
	 */
	| { kind: 'publishResults'; whole: boolean; now: boolean }
	/** Who is in which group changed: the facilitator's list goes out. */
	| { kind: 'membersChanged' };

/**
 * Commands that end a round of rating or voting: locking or revealing the ratings, closing the
 * vote, leaving the step, ending the workshop.
 */
function closesRound(command: Command): boolean {
	switch (command.type) {
		case 'vote:lock':
			return command.locked;
		case 'vote:reveal':
			return command.revealed;
		case 'dots:close':
		case 'step:next':
		case 'step:previous':
		case 'step:goto':
		case 'session:end':
			return true;
		default:
			return false;
	}
}

/** What follows from `command`, which took `previous` to `next` (a real change, not a repeat). */
export function effectsOf(previous: SessionState, next: SessionState, command: Command): Effect[] {
	const effects: Effect[] = [];
	if (command.type === 'groups:setup') effects.push({ kind: 'regroup' }, { kind: 'membersChanged' });
	if (command.type === 'dots:open' && command.dots !== previous.priorities.dots) effects.push({ kind: 'clearDots' });
	const { items, steps, title, locale } = previous;
	if (next.items !== items || next.steps !== steps || next.title !== title || next.locale !== locale) effects.push({ kind: 'contentChanged' });
	const whole = closesRound(command);
	const results = command.type === 'item:add' || command.type === 'material:add' || command.type.startsWith('candidate:') || command.type.startsWith('dots:');
	if (whole || command.type === 'vote:reveal') effects.push({ kind: 'publishResults', whole, now: true });
	else if (results) effects.push({ kind: 'publishResults', whole: false, now: false });
	return effects;
}
