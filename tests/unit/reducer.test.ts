import { describe, expect, it } from 'vitest';
import { checkRating } from '../../src/lib/session/participant-rules';
import { MAX_ADDED_ITEMS, MAX_ITEM_LABEL } from '../../src/lib/limits';
import { reduce, type Result } from '../../src/lib/session/reducer';
import type { Actor } from '../../src/lib/session/roles';
import type { Command } from '../../src/lib/session/commands';
import { currentStep, initialState, remainingMs, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const fresh = () => initialState(introTool, { id: 'session-1', code: 'ABCDEF', createdAt: T0 });
const indexOf = (state: SessionState, id: string) => state.steps.findIndex((step) => step.id === id);

function ok(result: Result): SessionState {
	if (!result.ok) throw new Error(`refused: ${result.error.code}`);
	return result.state;
}

function refused(result: Result): string {
	if (result.ok) throw new Error('accepted');
	return result.error.code;
}

const run = (state: SessionState, command: Command, now = T0) => reduce(state, 'facilitator', command, now);

describe('initial state', () => {
	it('starts at the first step with the timer stopped and every rating step open', () => {
		const state = fresh();
		expect(state.stepIndex).toBe(0);
		expect(state.steps[0].kind).toBe('join');
		expect(state.timer.runningSince).toBeNull();
		expect(remainingMs(state.timer, T0 + 60_000)).toBe(state.steps[0].durationMin * 60_000);
		expect(Object.keys(state.votes).sort()).toEqual(['general-model', 'leader-model', 'tools-vote']);
		expect(Object.values(state.votes).every((vote) => !vote.locked && !vote.revealed)).toBe(true);
	});

	it('copies the template, so changing a session never changes the template', () => {
		const state = ok(run(fresh(), { type: 'item:add', model: 'leader', kind: 'load', label: 'Politisk pres' }));
		expect(state.items).toHaveLength(introTool.items.length + 1);
		expect(introTool.items.some((item) => item.custom)).toBe(false);
	});
});

describe('steps', () => {
	it('next, previous and goto move the step and restart its timer', () => {
		let state = ok(run(fresh(), { type: 'step:next' }, T0 + 1000));
		expect(state.stepIndex).toBe(1);
		expect(state.timer).toEqual({ plannedMs: state.steps[1].durationMin * 60_000, addedMs: 0, elapsedMs: 0, runningSince: T0 + 1000 });
		state = ok(run(state, { type: 'step:goto', index: 5 }, T0 + 2000));
		expect(state.stepIndex).toBe(5);
		state = ok(run(state, { type: 'step:previous' }, T0 + 3000));
		expect(state.stepIndex).toBe(4);
		expect(state.timer.runningSince).toBe(T0 + 3000);
	});

	it('refuses to leave the agenda at either end, and a step that does not exist', () => {
		const first = fresh();
		expect(refused(run(first, { type: 'step:previous' }))).toBe('no_such_step');
		const last = ok(run(first, { type: 'step:goto', index: first.steps.length - 1 }));
		expect(refused(run(last, { type: 'step:next' }))).toBe('no_such_step');
		for (const index of [-1, first.steps.length, 1.5, Number.NaN]) {
			expect(refused(run(first, { type: 'step:goto', index }))).toBe('no_such_step');
		}
	});
});

describe('timer', () => {
	it('pauses, resumes and counts only running time', () => {
		let state = ok(run(fresh(), { type: 'step:next' }, T0));
		const planned = state.timer.plannedMs;
		state = ok(run(state, { type: 'timer:pause' }, T0 + 60_000));
		expect(remainingMs(state.timer, T0 + 10 * 60_000)).toBe(planned - 60_000);
		state = ok(run(state, { type: 'timer:resume' }, T0 + 10 * 60_000));
		expect(remainingMs(state.timer, T0 + 11 * 60_000)).toBe(planned - 2 * 60_000);
	});

	it('adds minutes, and runs over into negative time', () => {
		let state = ok(run(fresh(), { type: 'step:next' }, T0));
		state = ok(run(state, { type: 'timer:add', minutes: 2 }, T0));
		expect(remainingMs(state.timer, T0)).toBe(state.timer.plannedMs + 120_000);
		expect(remainingMs(state.timer, T0 + state.timer.plannedMs + 180_000)).toBe(-60_000);
	});

	it('takes pausing a paused timer, or resuming a running one, as a repeat that changes nothing', () => {
		const paused = fresh();
		expect(ok(run(paused, { type: 'timer:pause' }))).toBe(paused);
		const running = ok(run(paused, { type: 'timer:resume' }));
		expect(ok(run(running, { type: 'timer:resume' }))).toBe(running);
	});
});

describe('a double click does one thing', () => {
	it('moves one step when "next" is pressed twice on the same step', () => {
		const start = fresh();
		const from = currentStep(start).id;
		const once = ok(run(start, { type: 'step:next', from }, T0 + 1000));
		expect(once.stepIndex).toBe(start.stepIndex + 1);
		expect(ok(run(once, { type: 'step:next', from }, T0 + 1200))).toBe(once);
		expect(ok(run(once, { type: 'step:previous', from }, T0 + 1200))).toBe(once);
		expect(ok(run(once, { type: 'step:goto', index: 5, from }, T0 + 1200))).toBe(once);
	});

	it('still steps when pressed on the step that runs, and without a step named', () => {
		const start = fresh();
		const once = ok(run(start, { type: 'step:next', from: currentStep(start).id }));
		expect(ok(run(once, { type: 'step:next', from: currentStep(once).id })).stepIndex).toBe(once.stepIndex + 1);
		expect(ok(run(once, { type: 'step:next' })).stepIndex).toBe(once.stepIndex + 1);
	});

	it('does not restart the clock of the step that runs', () => {
		const running = ok(run(fresh(), { type: 'timer:resume' }, T0));
		expect(ok(run(running, { type: 'step:goto', index: running.stepIndex }, T0 + 5000))).toBe(running);
	});

	it('takes closing a closed vote, or opening an open one with the same dots, as a repeat', () => {
		let state = ok(run(fresh(), { type: 'candidate:add', text: 'Sparring', source: { kind: 'own' } }));
		state = ok(run(state, { type: 'dots:open', dots: 3 }));
		expect(ok(run(state, { type: 'dots:open', dots: 3 }))).toBe(state);
		const closed = ok(run(state, { type: 'dots:close' }));
		expect(ok(run(closed, { type: 'dots:close' }))).toBe(closed);
		expect(refused(run(fresh(), { type: 'dots:close' }))).toBe('voting_closed');
	});
});

describe('votes', () => {
	it('locks, unlocks, reveals and hides a rating step', () => {
		let state = ok(run(fresh(), { type: 'vote:lock', stepId: 'general-model', locked: true }));
		expect(state.votes['general-model']).toEqual({ locked: true, revealed: false });
		state = ok(run(state, { type: 'vote:reveal', stepId: 'general-model', revealed: true }));
		expect(state.votes['general-model']).toEqual({ locked: true, revealed: true });
		state = ok(run(state, { type: 'vote:lock', stepId: 'general-model', locked: false }));
		expect(state.votes['general-model']).toEqual({ locked: false, revealed: true });
		expect(state.votes['leader-model']).toEqual({ locked: false, revealed: false });
	});

	it('refuses steps that have no rating', () => {
		expect(refused(run(fresh(), { type: 'vote:lock', stepId: 'why', locked: true }))).toBe('not_a_rating_step');
		expect(refused(run(fresh(), { type: 'vote:reveal', stepId: 'nope', revealed: true }))).toBe('not_a_rating_step');
	});
});

describe('items', () => {
	it('adds a facilitator item to a model, shown as written', () => {
		const state = ok(run(fresh(), { type: 'item:add', model: 'general', kind: 'resource', label: '  Humor  ' }));
		expect(state.items.at(-1)).toEqual({ id: 'custom-1', model: 'general', kind: 'resource', label: { da: 'Humor', en: 'Humor' }, custom: true });
	});

	it('refuses an empty or overlong label, and more than the limit', () => {
		expect(refused(run(fresh(), { type: 'item:add', model: 'general', kind: 'load', label: '   ' }))).toBe('invalid_payload');
		expect(refused(run(fresh(), { type: 'item:add', model: 'general', kind: 'load', label: 'x'.repeat(MAX_ITEM_LABEL + 1) }))).toBe('invalid_payload');
		let state = fresh();
		for (let i = 0; i < MAX_ADDED_ITEMS; i++) state = ok(run(state, { type: 'item:add', model: 'leader', kind: 'load', label: `Punkt ${i}` }));
		expect(refused(run(state, { type: 'item:add', model: 'leader', kind: 'load', label: 'One too many' }))).toBe('invalid_payload');
	});
});

describe('who may steer', () => {
	const commands: Command[] = [
		{ type: 'step:next' },
		{ type: 'step:previous' },
		{ type: 'step:goto', index: 2 },
		{ type: 'timer:pause' },
		{ type: 'timer:resume' },
		{ type: 'timer:add', minutes: 1 },
		{ type: 'vote:lock', stepId: 'general-model', locked: true },
		{ type: 'vote:reveal', stepId: 'general-model', revealed: true },
		{ type: 'item:add', model: 'general', kind: 'load', label: 'x' }
	];

	it.each(['participant', 'screen'] as Actor[])('refuses every command from a %s and leaves the state as it was', (actor) => {
		const state = ok(run(fresh(), { type: 'step:next' }));
		const before = structuredClone(state);
		for (const command of commands) {
			expect(refused(reduce(state, actor, command, T0))).toBe('forbidden');
		}
		expect(state).toEqual(before);
	});

	it('never mutates the state it is given', () => {
		const state = ok(run(fresh(), { type: 'step:goto', index: 2 }));
		const before = structuredClone(state);
		for (const command of commands) run(state, command, T0 + 5000);
		expect(state).toEqual(before);
	});
});

describe('checkRating', () => {
	const atGeneral = () => ok(run(fresh(), { type: 'step:goto', index: indexOf(fresh(), 'general-model') }));

	it('accepts a 0–4 rating of an item of the model being rated', () => {
		for (const value of [0, 1, 2, 3, 4]) expect(checkRating(atGeneral(), 'general-mening', value)).toBeNull();
	});

	it('refuses values off the scale, unknown items, other models, other steps and locked steps', () => {
		expect(checkRating(atGeneral(), 'general-mening', 5)?.code).toBe('invalid_payload');
		expect(checkRating(atGeneral(), 'general-mening', 2.5)?.code).toBe('invalid_payload');
		expect(checkRating(atGeneral(), 'general-mening', -1)?.code).toBe('invalid_payload');
		expect(checkRating(atGeneral(), 'nope', 2)?.code).toBe('unknown_item');
		expect(checkRating(atGeneral(), 'leader-krydspres', 2)?.code).toBe('not_a_rating_step');
		expect(checkRating(fresh(), 'general-mening', 2)?.code).toBe('not_a_rating_step');
		const locked = ok(run(atGeneral(), { type: 'vote:lock', stepId: 'general-model', locked: true }));
		expect(checkRating(locked, 'general-mening', 2)?.code).toBe('vote_locked');
	});
});
