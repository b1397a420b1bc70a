import type { Locale, ModelId, Step, Template, VaegtenItem } from '../template/types';
import type { Group, GroupMode } from './groups';
import { contentOf, firstPlayable, type SessionContent } from './content';
import { DEFAULT_DOTS, type Candidate } from './priorities';
import type { FollowUpLink } from './follow-up';
import type { ProgrammeId } from '../template/programmes';
import type { NextLink } from './next-programme';

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
export type Display =
	| { kind: 'step' }
	| { kind: 'group'; groupId: string }
	| { kind: 'groups' }
	| { kind: 'agreement' }
	/** One model's Vægten, whatever the step. */
	| { kind: 'vaegten'; model: ModelId }
	/** The dot vote's ranking. */
	| { kind: 'ranking' };

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
	/** The session's language: the screen's and new phones' unless a device chose its own. */
	locale: Locale;
	createdAt: number;
	/** The session's own copy of the agenda, so a facilitator's changes stay with the session. */
	steps: Step[];
	items: VaegtenItem[];
	stepIndex: number;
	timer: TimerState;
	/** Time spent on each step (by id) in earlier visits; the current visit is the timer's. */
	spentMs: Record<string, number>;
	/** Per rating step id. */
	votes: Record<string, VoteState>;
	groups: GroupsState;
	display: Display;
	priorities: PrioritiesState;
	/** When the facilitator ended the workshop ("Afslut workshop"); null while it runs. */
	endedAt: number | null;
	/** A follow-up's link to the sessions it measures against (docs/follow-up.md); null for any other session. */
	followUp: FollowUpLink | null;
	/** The programme it was started from (issue 16); sessions stored before it knew are the introduction. */
	programme: ProgrammeId;
	/** The tool session the console started next for the same people (src/lib/session/next-programme.ts); null until then. */
	next: NextLink | null;
}

export function timerFor(step: Step, now: number | null): TimerState {
	return { plannedMs: step.durationMin * 60_000, addedMs: 0, elapsedMs: 0, runningSince: now };
}

/**
 * A new session from a template, or from content a facilitator saved: its first step that is
 * not skipped, timer not yet started, nothing locked.
 */
export function initialState(
	source: Template | SessionContent,
	{ followUp = null, ...init }: { id: string; code: string; createdAt: number; followUp?: FollowUpLink | null }
): SessionState {
	const content = 'parts' in source ? contentOf(source) : structuredClone(source);
	const { steps } = content;
	const stepIndex = firstPlayable(steps);
	if (steps[stepIndex].skipped) steps[stepIndex] = { ...steps[stepIndex], skipped: false };
	const votes: Record<string, VoteState> = {};
	for (const step of steps) if (step.kind === 'rating') votes[step.id] = { locked: false, revealed: false };
	return {
		...init,
		title: content.title,
		locale: content.locale,
		steps,
		items: content.items,
		stepIndex,
		timer: timerFor(steps[stepIndex], null),
		spentMs: {},
		votes,
		groups: { mode: null, list: [], seq: 1 },
		display: { kind: 'step' },
		priorities: emptyPriorities(),
		endedAt: null,
		followUp,
		programme: content.programme ?? 'intro',
		next: null
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
		priorities: stored.priorities ?? emptyPriorities(),
		locale: stored.locale ?? 'da',
		spentMs: stored.spentMs ?? {},
		endedAt: stored.endedAt ?? null,
		followUp: stored.followUp ?? null,
		programme: stored.programme ?? 'intro',
		next: stored.next ?? null
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

/** Time spent on the step with this id so far, the current visit included. */
export function spentOn(state: Pick<SessionState, 'steps' | 'stepIndex' | 'timer' | 'spentMs'>, stepId: string, now: number): number {
	const earlier = state.spentMs[stepId] ?? 0;
	return state.steps[state.stepIndex]?.id === stepId ? earlier + elapsedMs(state.timer, now) : earlier;
}

/** Negative once the step runs over its time. */
export function remainingMs(timer: TimerState, now: number): number {
	return timer.plannedMs + timer.addedMs - elapsedMs(timer, now);
}
