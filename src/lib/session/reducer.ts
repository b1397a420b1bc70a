import type { ItemKind, Locale, ModelId } from '../template/types';
import { SCALE_MAX, SCALE_MIN } from './aggregate';
import { MAX_GROUP_NAME, MAX_GROUPS, newGroups, type GroupMode } from './groups';
import { isListed, MAX_CANDIDATE_TEXT, MAX_CANDIDATES, MAX_DOTS, type CandidateSource } from './priorities';
import { currentStep, elapsedMs, timerFor, type Display, type SessionState } from './state';
import { moveStep, playableIndex, setDuration, setLanguage, setTitle, skipStep, type MoveDirection } from './prepare';

export type Actor = 'facilitator' | 'participant' | 'screen';

/** What a facilitator can ask of a session. Clients send these as intents; the server decides. */
export type Command =
	/**
	 * `from`: the id of the step the facilitator saw when pressing. When the session has moved on
	 * since (a double click, a co-facilitator, a resent request) the command does nothing.
	 */
	| { type: 'step:next'; from?: string }
	| { type: 'step:previous'; from?: string }
	| { type: 'step:goto'; index: number; from?: string }
	| { type: 'timer:pause' }
	| { type: 'timer:resume' }
	| { type: 'timer:add'; minutes: number }
	| { type: 'vote:lock'; stepId: string; locked: boolean }
	| { type: 'vote:reveal'; stepId: string; revealed: boolean }
	| { type: 'item:add'; model: ModelId; kind: ItemKind; label: string }
	| { type: 'groups:setup'; count: number; mode: GroupMode }
	| { type: 'group:rename'; groupId: string; name: string }
	| { type: 'screen:show'; display: Display }
	| { type: 'candidate:add'; text: string; source: CandidateSource }
	| { type: 'candidate:remove'; candidateId: string }
	| { type: 'dots:open'; dots: number }
	| { type: 'dots:close' }
	| { type: 'title:set'; title: string }
	| { type: 'language:set'; locale: Locale }
	| { type: 'step:skip'; stepId: string; skipped: boolean }
	| { type: 'step:move'; stepId: string; direction: MoveDirection }
	| { type: 'duration:set'; stepId: string; minutes: number }
	/** "Afslut workshop": phones stop taking input and thank everyone; the summary and exports stay. */
	| { type: 'session:end'; ended: boolean };

export type CommandType = Command['type'];

export type ErrorCode =
	| 'invalid_payload'
	| 'forbidden'
	| 'not_found'
	| 'no_such_step'
	| 'not_a_rating_step'
	| 'vote_locked'
	| 'unknown_item'
	| 'unknown_group'
	| 'voting_open'
	| 'voting_closed'
	| 'duplicate'
	| 'current_step'
	| 'step_skipped'
	| 'limit_reached'
	| 'session_ended'
	| 'rate_limited'
	| 'internal';

export interface SessionError {
	code: ErrorCode;
	message: string;
}

export type Result = { ok: true; state: SessionState } | { ok: false; error: SessionError };

const fail = (code: ErrorCode, message: string): Result => ({ ok: false, error: { code, message } });

/**
 * A repeat of what has already happened (a double click, a second facilitator pressing the same
 * button): accepted, and the very same state comes back, so nothing is stored or broadcast.
 */
const unchanged = (state: SessionState): Result => ({ ok: true, state });

/** Whether a step command was pressed on another step than the one running now. */
function pressedElsewhere(state: SessionState, command: Command): boolean {
	return 'from' in command && command.from !== undefined && command.from !== currentStep(state).id;
}

export const MAX_ADDED_ITEMS = 20;
export const MAX_ITEM_LABEL = 80;

function goTo(state: SessionState, index: number, now: number): Result {
	if (!Number.isInteger(index) || index < 0 || index >= state.steps.length) {
		return fail('no_such_step', `There is no step ${index}.`);
	}
	if (state.steps[index].skipped) return fail('step_skipped', `Step ${index} is skipped in this session.`);
	const leaving = currentStep(state).id;
	const spentMs = { ...state.spentMs, [leaving]: (state.spentMs[leaving] ?? 0) + elapsedMs(state.timer, now) };
	return { ok: true, state: { ...state, stepIndex: index, timer: timerFor(state.steps[index], now), spentMs } };
}

function voteStep(state: SessionState, stepId: string) {
	return state.steps.find((step) => step.id === stepId && step.kind === 'rating');
}

/**
 * The session's rules: state + command → new state, or a refusal that changes nothing.
 * Pure: no clock (the caller passes `now`), no I/O, never mutates its input.
 */
export function reduce(state: SessionState, actor: Actor, command: Command, now: number): Result {
	if (actor !== 'facilitator') return fail('forbidden', 'Only the facilitator can steer the session.');
	if (pressedElsewhere(state, command)) return unchanged(state);

	switch (command.type) {
		case 'step:next':
		case 'step:previous': {
			// Skipped steps are passed over.
			const index = playableIndex(state.steps, state.stepIndex, command.type === 'step:next' ? 1 : -1);
			return index === null ? fail('no_such_step', `There is no step ${command.type === 'step:next' ? 'after' : 'before'} this one.`) : goTo(state, index, now);
		}
		case 'title:set':
			return setTitle(state, command.title);
		case 'language:set':
			return setLanguage(state, command.locale);
		case 'step:skip':
			return skipStep(state, command.stepId, command.skipped);
		case 'step:move':
			return moveStep(state, command.stepId, command.direction);
		case 'duration:set':
			return setDuration(state, command.stepId, command.minutes);
		case 'step:goto':
			// Going to the step that runs already would restart its clock: a repeated click does nothing.
			return command.index === state.stepIndex ? unchanged(state) : goTo(state, command.index, now);
		case 'timer:pause': {
			if (state.timer.runningSince === null) return unchanged(state);
			const timer = { ...state.timer, elapsedMs: elapsedMs(state.timer, now), runningSince: null };
			return { ok: true, state: { ...state, timer } };
		}
		case 'timer:resume':
			if (state.timer.runningSince !== null) return unchanged(state);
			return { ok: true, state: { ...state, timer: { ...state.timer, runningSince: now } } };
		case 'timer:add': {
			const timer = { ...state.timer, addedMs: state.timer.addedMs + command.minutes * 60_000 };
			return { ok: true, state: { ...state, timer } };
		}
		case 'vote:lock':
		case 'vote:reveal': {
			if (!voteStep(state, command.stepId)) return fail('not_a_rating_step', `Step ${command.stepId} has no rating.`);
			const change = command.type === 'vote:lock' ? { locked: command.locked } : { revealed: command.revealed };
			const votes = { ...state.votes, [command.stepId]: { ...state.votes[command.stepId], ...change } };
			return { ok: true, state: { ...state, votes } };
		}
		case 'item:add': {
			const label = command.label.trim();
			if (label.length === 0 || label.length > MAX_ITEM_LABEL) {
				return fail('invalid_payload', `An item's label has 1 to ${MAX_ITEM_LABEL} characters.`);
			}
			const added = state.items.filter((item) => item.custom).length;
			if (added >= MAX_ADDED_ITEMS) return fail('invalid_payload', `At most ${MAX_ADDED_ITEMS} items can be added.`);
			const item = {
				id: `custom-${added + 1}`,
				model: command.model,
				kind: command.kind,
				// The facilitator's own words, shown as written in every language.
				label: { da: label, en: label },
				custom: true
			};
			return { ok: true, state: { ...state, items: [...state.items, item] } };
		}
		case 'groups:setup': {
			if (!Number.isInteger(command.count) || command.count < 1 || command.count > MAX_GROUPS) {
				return fail('invalid_payload', `A room has 1 to ${MAX_GROUPS} groups.`);
			}
			const list = newGroups(command.count, state.groups.seq);
			const groups = { mode: command.mode, list, seq: state.groups.seq + command.count };
			// A group on the screen that no longer exists is taken down.
			const display: Display = state.display.kind === 'group' ? { kind: 'step' } : state.display;
			return { ok: true, state: { ...state, groups, display } };
		}
		case 'group:rename': {
			const name = command.name.trim();
			if (name.length === 0 || name.length > MAX_GROUP_NAME) {
				return fail('invalid_payload', `A group's name has 1 to ${MAX_GROUP_NAME} characters.`);
			}
			if (!hasGroup(state, command.groupId)) return fail('unknown_group', `There is no group ${command.groupId}.`);
			const list = state.groups.list.map((group) => (group.id === command.groupId ? { ...group, name } : group));
			return { ok: true, state: { ...state, groups: { ...state.groups, list } } };
		}
		case 'candidate:add': {
			const text = command.text.trim();
			if (text.length === 0 || text.length > MAX_CANDIDATE_TEXT) {
				return fail('invalid_payload', `A point has 1 to ${MAX_CANDIDATE_TEXT} characters.`);
			}
			const { priorities } = state;
			if (priorities.status === 'open') return fail('voting_open', 'Close the vote before changing the points.');
			if (priorities.candidates.length >= MAX_CANDIDATES) return fail('invalid_payload', `At most ${MAX_CANDIDATES} points.`);
			if (isListed(priorities.candidates, text)) return fail('duplicate', 'This point is on the list already.');
			const candidate = { id: `c${priorities.seq}`, text, source: command.source };
			const next = { ...priorities, candidates: [...priorities.candidates, candidate], seq: priorities.seq + 1 };
			return { ok: true, state: { ...state, priorities: next } };
		}
		case 'candidate:remove': {
			const { priorities } = state;
			if (priorities.status === 'open') return fail('voting_open', 'Close the vote before changing the points.');
			if (!priorities.candidates.some((candidate) => candidate.id === command.candidateId)) {
				return fail('not_found', `There is no point ${command.candidateId}.`);
			}
			const candidates = priorities.candidates.filter((candidate) => candidate.id !== command.candidateId);
			return { ok: true, state: { ...state, priorities: { ...priorities, candidates } } };
		}
		case 'dots:open': {
			if (!Number.isInteger(command.dots) || command.dots < 1 || command.dots > MAX_DOTS) {
				return fail('invalid_payload', `A phone has 1 to ${MAX_DOTS} dots.`);
			}
			if (state.priorities.candidates.length === 0) return fail('invalid_payload', 'Add points to vote on first.');
			if (state.priorities.status === 'open' && state.priorities.dots === command.dots) return unchanged(state);
			return { ok: true, state: { ...state, priorities: { ...state.priorities, dots: command.dots, status: 'open' } } };
		}
		case 'dots:close':
			if (state.priorities.status === 'closed') return unchanged(state);
			if (state.priorities.status !== 'open') return fail('voting_closed', 'The vote is not open.');
			return { ok: true, state: { ...state, priorities: { ...state.priorities, status: 'closed' } } };
		case 'session:end':
			if ((state.endedAt !== null) === command.ended) return unchanged(state);
			return { ok: true, state: { ...state, endedAt: command.ended ? now : null } };
		case 'screen:show': {
			const { display } = command;
			if (display.kind === 'group' && !hasGroup(state, display.groupId)) {
				return fail('unknown_group', `There is no group ${display.groupId}.`);
			}
			return { ok: true, state: { ...state, display } };
		}
	}
}

/** What a phone hears when it sends anything after the workshop ended. */
export const ended: SessionError = { code: 'session_ended', message: 'The workshop has ended.' };

export function hasGroup(state: SessionState, groupId: string): boolean {
	return state.groups.list.some((group) => group.id === groupId);
}

/**
 * Whether a participant may rate `itemId` now: its model is being rated in the current step
 * and the facilitator has not locked it.
 */
export function checkRating(state: SessionState, itemId: string, value: number): SessionError | null {
	if (state.endedAt !== null) return ended;
	if (!Number.isInteger(value) || value < SCALE_MIN || value > SCALE_MAX) {
		return { code: 'invalid_payload', message: `A rating is a whole number from ${SCALE_MIN} to ${SCALE_MAX}.` };
	}
	const item = state.items.find((candidate) => candidate.id === itemId);
	if (!item) return { code: 'unknown_item', message: `There is no item ${itemId}.` };
	const step = currentStep(state);
	if (step.kind !== 'rating' || step.model !== item.model) {
		return { code: 'not_a_rating_step', message: 'This model is not being rated right now.' };
	}
	if (state.votes[step.id]?.locked) return { code: 'vote_locked', message: 'The facilitator has locked the ratings.' };
	return null;
}
