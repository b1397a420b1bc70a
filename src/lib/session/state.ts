import type { ModelId, Step, Template, VaegtenItem } from '../template/types';
import type { Group, GroupMode } from './groups';
import { DEFAULT_DOTS, type Candidate } from './priorities';

/**
 * The step timer. Times are epoch milliseconds from the server's clock, so a timer keeps
 * running across a server restart and every client derives the same remaining time.
 */
export interface TimerState {
	plannedMs: number;
	addedMs: number;
	/** Time run before `runningSince` (pauses split a step into runs). */
	elapsedMs: number;
	/** When the current run started; null while paused. */
	runningSince: number | null;
}

/** What the screen shows besides the current step. */
export type Display = { kind: 'step' } | { kind: 'group'; groupId: string } | { kind: 'groups' } | { kind: 'agreement' };

export interface GroupsState {
	/** Null until the facilitator sets groups up. */
	mode: GroupMode | null;
	list: Group[];
	/** Next group number: ids are never reused, so a new grouping never inherits old text. */
	seq: number;
}

/** The dot vote on candidate points: built in `draft`, phones spend dots while `open`. */
export interface PrioritiesState {
	candidates: Candidate[];
	dots: number;
	status: 'draft' | 'open' | 'closed';
	/** Next candidate number: ids are never reused. */
	seq: number;
}

export interface VoteState {
	locked: boolean;
	/** "Vis fordeling": the spread per item is shown on the screen. */
	revealed: boolean;
}

/** Everything the facilitator steers. Serialisable; persisted after every accepted command. */
export interface SessionState {
	id: string;
	code: string;
	title: string;
	createdAt: number;
	/** The session's own copy of the agenda, so a facilitator's changes stay with the session. */
	steps: Step[];
	items: VaegtenItem[];
	stepIndex: number;
	timer: TimerState;
	/** Per rating step id. */
	votes: Record<string, VoteState>;
	groups: GroupsState;
	display: Display;
	priorities: PrioritiesState;
}

export function timerFor(step: Step, now: number | null): TimerState {
	return { plannedMs: step.durationMin * 60_000, addedMs: 0, elapsedMs: 0, runningSince: now };
}

/** A new session from a template: first step, timer not yet started, nothing locked. */
export function initialState(template: Template, init: { id: string; code: string; createdAt: number }): SessionState {
	const steps = structuredClone(template.steps);
	const votes: Record<string, VoteState> = {};
	for (const step of steps) if (step.kind === 'rating') votes[step.id] = { locked: false, revealed: false };
	return {
		...init,
		title: template.title.da,
		steps,
		items: structuredClone(template.items),
		stepIndex: 0,
		timer: timerFor(steps[0], null),
		votes,
		groups: { mode: null, list: [], seq: 1 },
		display: { kind: 'step' },
		priorities: emptyPriorities()
	};
}

function emptyPriorities(): PrioritiesState {
	return { candidates: [], dots: DEFAULT_DOTS, status: 'draft', seq: 1 };
}

/** Fills in what sessions stored by an earlier version lack. */
export function upgradeState(stored: SessionState): SessionState {
	return {
		...stored,
		groups: stored.groups ?? { mode: null, list: [], seq: 1 },
		display: stored.display ?? { kind: 'step' },
		priorities: stored.priorities ?? emptyPriorities()
	};
}

export function currentStep(state: SessionState): Step {
	return state.steps[state.stepIndex];
}

export function itemsOf(state: SessionState, model: ModelId): VaegtenItem[] {
	return state.items.filter((item) => item.model === model);
}

export function elapsedMs(timer: TimerState, now: number): number {
	return timer.elapsedMs + (timer.runningSince === null ? 0 : Math.max(0, now - timer.runningSince));
}

/** Negative once the step runs over its time. */
export function remainingMs(timer: TimerState, now: number): number {
	return timer.plannedMs + timer.addedMs - elapsedMs(timer, now);
}
