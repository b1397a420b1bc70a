/**
 * What a participant may do now, beside the facilitator's commands: rate, spend dots, choose a
 * table. Pure checks: each returns the refusal, or null when the room may go ahead.
 */
import { SCALE_MAX, SCALE_MIN } from './aggregate';
import { MARKED } from './marks';
import { ended, type SessionError } from './errors';
import { checkAllocation, type Allocation } from './priorities';
import { currentStep, type SessionState } from './state';

const refusal = (code: SessionError['code'], message: string): SessionError => ({ code, message });

export function hasGroup(state: SessionState, groupId: string): boolean {
	return state.groups.list.some((group) => group.id === groupId);
}

/**
 * Whether a participant may rate `itemId` now: its model is being rated in the current step
 * and the facilitator has not locked it. A list's line (`mark`) takes 1 or 0, Vægten 0–4.
 */
export function checkRating(state: SessionState, itemId: string, value: number): SessionError | null {
	if (state.endedAt !== null) return ended;
	if (!Number.isInteger(value) || value < SCALE_MIN || value > SCALE_MAX) {
		return refusal('invalid_payload', `A rating is a whole number from ${SCALE_MIN} to ${SCALE_MAX}.`);
	}
	const item = state.items.find((candidate) => candidate.id === itemId);
	if (!item) return refusal('unknown_item', `There is no item ${itemId}.`);
	if (item.kind === 'mark' && value > MARKED) return refusal('invalid_payload', `A mark is ${MARKED} (marked) or 0 (taken back).`);
	const step = currentStep(state);
	if (step.kind !== 'rating' || step.model !== item.model) return refusal('not_a_rating_step', 'This model is not being rated right now.');
	if (state.votes[step.id]?.locked) return refusal('vote_locked', 'The facilitator has locked the ratings.');
	return null;
}

/** Whether a phone may spend its dots so: the vote is open and the allocation fits (checkAllocation). */
export function checkDots(state: SessionState, allocation: Allocation): SessionError | null {
	const { priorities } = state;
	if (state.endedAt !== null) return ended;
	if (priorities.status !== 'open') return refusal('voting_closed', 'The vote is not open.');
	const problem = checkAllocation(allocation, priorities.dots, new Set(priorities.candidates.map((candidate) => candidate.id)));
	return problem ? refusal('invalid_payload', problem) : null;
}

/** Whether a group can take someone: it exists, or it is null (out of every group). */
export function checkPlace(state: SessionState, groupId: string | null): SessionError | null {
	return groupId !== null && !hasGroup(state, groupId) ? refusal('unknown_group', `There is no group ${groupId}.`) : null;
}

/** Whether a participant may pick its own table: the workshop runs and the facilitator lets the room choose. */
export function checkChoice(state: SessionState, groupId: string): SessionError | null {
	if (state.endedAt !== null) return ended;
	if (state.groups.mode !== 'choose') return refusal('forbidden', 'The facilitator places people in groups.');
	return checkPlace(state, groupId);
}
