import { MAX_ADDED_ITEMS, MAX_CANDIDATE_TEXT, MAX_CANDIDATES, MAX_DOTS, MAX_GROUP_NAME, MAX_GROUPS, MAX_ITEM_LABEL } from '../limits';
import { fail, type Change } from './change';
import type { Command } from './commands';
import { effectsOf, type Effect } from './effects';
import type { SessionError } from './errors';
import { newGroups } from './groups';
import { addMaterial } from './material';
import { hasGroup } from './participant-rules';
import { moveStep, playableIndex, setDuration, setLanguage, setTitle, skipStep } from './prepare';
import { isListed } from './priorities';
import { refusalFor, type Actor } from './roles';
import { currentStep, elapsedMs, timerFor, type Display, type SessionState } from './state';

/**
 * An accepted command's new state and what follows from it (./effects.ts); a repeat gives the
 * very same state and no effects. A refusal changes nothing.
 */
export type Result = { ok: true; state: SessionState; effects: Effect[] } | { ok: false; error: SessionError };

/**
 * A repeat of what has already happened (a double click, a second facilitator pressing the same
 * button): accepted, and the very same state comes back, so nothing is stored or broadcast.
 */
const unchanged = (state: SessionState): Change => ({ ok: true, state });

/** Whether a step command was pressed on another step than the one running now. */
function pressedElsewhere(state: SessionState, command: Command): boolean {
	return 'from' in command && command.from !== undefined && command.from !== currentStep(state).id;
}

function goTo(state: SessionState, index: number, now: number): Change {
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
 * The session's rules: state + command → new state and what follows from it, or a refusal that
 * changes nothing. Pure: no clock (the caller passes `now`), no I/O, never mutates its input.
 */
export function reduce(state: SessionState, actor: Actor, command: Command, now: number): Result {
	const refusal = refusalFor(actor, command.type);
	if (refusal) return { ok: false, error: refusal };
	const change = apply(state, command, now);
	if (!change.ok) return change;
	return { ok: true, state: change.state, effects: change.state === state ? [] : effectsOf(state, change.state, command) };
}

function apply(state: SessionState, command: Command, now: number): Change {
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
		case 'material:add':
			return addMaterial(state, command.material);
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
