/**
 * Preparing a session: its title and language, which steps run, in which order and for how
 * long. Pure helpers for the reducer (`reduce` in ./reducer.ts calls them); every one returns
 * a new state or a refusal and never mutates its input. Step ids never change, so votes,
 * ratings and the groups' sheets (all keyed by step id) follow a step wherever it goes.
 */
import { MAX_DURATION, MAX_TITLE, MIN_DURATION } from '../limits';
import { locales, type Locale, type Step } from '../template/types';
import { fail, type Change } from './change';
import type { MoveDirection } from './commands';
import type { SessionState } from './state';

export { agendaPosition, contentOf, firstPlayable, playableIndex, type SessionContent } from './content';
export type { MoveDirection } from './commands';

/** Parts are numbered 1 and 2 (`Step['part']`). */
const FIRST_PART = 1;
const LAST_PART = 2;

function find(state: SessionState, stepId: string): number {
	return state.steps.findIndex((step) => step.id === stepId);
}

const noStep = (stepId: string) => fail('no_such_step', `There is no step ${stepId}.`);

function withStep(state: SessionState, index: number, change: Partial<Step>): SessionState {
	const steps = state.steps.map((step, at) => (at === index ? { ...step, ...change } : step));
	return { ...state, steps };
}

export function setTitle(state: SessionState, raw: string): Change {
	const title = raw.trim();
	if (title.length === 0 || title.length > MAX_TITLE) return fail('invalid_payload', `A title has 1 to ${MAX_TITLE} characters.`);
	return { ok: true, state: { ...state, title } };
}

export function setLanguage(state: SessionState, locale: string): Change {
	if (!(locales as readonly string[]).includes(locale)) return fail('invalid_payload', `The language is one of ${locales.join(', ')}.`);
	return { ok: true, state: { ...state, locale: locale as Locale } };
}

/** Skipped steps stay in the agenda; the current step cannot be skipped, so it is never one of them. */
export function skipStep(state: SessionState, stepId: string, skipped: boolean): Change {
	const index = find(state, stepId);
	if (index < 0) return noStep(stepId);
	if (skipped && index === state.stepIndex) return fail('current_step', 'The current step cannot be skipped: move on first.');
	if (Boolean(state.steps[index].skipped) === skipped) return { ok: true, state };
	return { ok: true, state: withStep(state, index, { skipped }) };
}

/**
 * Moves a step one place up or down. Parts stay together: the first step of part 2 moved up
 * becomes the last of part 1 (same place, other part), and the other way round. The current
 * step stays current wherever it goes, and its timer runs on.
 */
export function moveStep(state: SessionState, stepId: string, direction: MoveDirection): Change {
	const index = find(state, stepId);
	if (index < 0) return noStep(stepId);
	const step = state.steps[index];
	const offset = direction === 'up' ? -1 : 1;
	const neighbour = state.steps[index + offset];
	const steps = [...state.steps];
	if (neighbour && neighbour.part === step.part) {
		steps[index] = neighbour;
		steps[index + offset] = step;
	} else {
		const part = step.part + offset;
		if (part < FIRST_PART || part > LAST_PART) {
			return fail('no_such_step', `Step ${stepId} is already the ${direction === 'up' ? 'first' : 'last'}.`);
		}
		steps[index] = { ...step, part: part as Step['part'] };
	}
	const currentId = state.steps[state.stepIndex].id;
	return { ok: true, state: { ...state, steps, stepIndex: steps.findIndex((candidate) => candidate.id === currentId) } };
}

/** A new planned duration; for the current step, its running timer gets the new plan too. */
export function setDuration(state: SessionState, stepId: string, minutes: number): Change {
	if (!Number.isInteger(minutes) || minutes < MIN_DURATION || minutes > MAX_DURATION) {
		return fail('invalid_payload', `A step lasts ${MIN_DURATION} to ${MAX_DURATION} minutes.`);
	}
	const index = find(state, stepId);
	if (index < 0) return noStep(stepId);
	const next = withStep(state, index, { durationMin: minutes });
	if (index !== state.stepIndex) return { ok: true, state: next };
	return { ok: true, state: { ...next, timer: { ...state.timer, plannedMs: minutes * 60_000 } } };
}
