import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reduce, type Result } from '../../src/lib/session/reducer';
import type { Command } from '../../src/lib/session/commands';
import { initialState, spentOn, upgradeState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const fresh = () => initialState(introTool, { id: 'session-1', code: 'ABCDEF', createdAt: T0 });

function ok(result: Result): SessionState {
	if (!result.ok) throw new Error(`refused: ${result.error.code}`);
	return result.state;
}
const run = (state: SessionState, command: Command, now: number) => ok(reduce(state, 'facilitator', command, now));

describe('time spent per step', () => {
	it('keeps what each visit took, and adds the current visit', () => {
		let state = run(fresh(), { type: 'timer:resume' }, T0);
		state = run(state, { type: 'step:next' }, T0 + 90_000);
		expect(state.spentMs).toEqual({ [state.steps[0].id]: 90_000 });
		expect(spentOn(state, state.steps[1].id, T0 + 100_000)).toBe(10_000);
		state = run(state, { type: 'step:previous' }, T0 + 130_000);
		expect(spentOn(state, state.steps[0].id, T0 + 145_000)).toBe(90_000 + 15_000);
		expect(spentOn(state, state.steps[1].id, T0 + 145_000)).toBe(40_000);
	});

	it('counts only running time: a paused step gains nothing', () => {
		let state = run(fresh(), { type: 'timer:resume' }, T0);
		state = run(state, { type: 'timer:pause' }, T0 + 20_000);
		state = run(state, { type: 'step:next' }, T0 + 600_000);
		expect(state.spentMs[state.steps[0].id]).toBe(20_000);
	});

	it('adds up to the running time, whatever the facilitator does', () => {
		const command = fc.oneof(
			fc.constant<Command>({ type: 'step:next' }),
			fc.constant<Command>({ type: 'step:previous' }),
			fc.integer({ min: 0, max: introTool.steps.length - 1 }).map<Command>((index) => ({ type: 'step:goto', index })),
			fc.constant<Command>({ type: 'timer:pause' }),
			fc.constant<Command>({ type: 'timer:resume' })
		);
		fc.assert(
			fc.property(fc.array(fc.tuple(command, fc.integer({ min: 0, max: 120_000 })), { maxLength: 40 }), (script) => {
				let state = fresh();
				let now = T0;
				let running = 0;
				for (const [next, gap] of script) {
					if (state.timer.runningSince !== null) running += gap;
					now += gap;
					const result = reduce(state, 'facilitator', next, now);
					if (result.ok) state = result.state;
				}
				const total = state.steps.reduce((sum, step) => sum + spentOn(state, step.id, now), 0);
				expect(total).toBe(running);
			})
		);
	});

	it('starts empty for sessions stored before it existed', () => {
		const { spentMs: _, ...old } = fresh();
		expect(upgradeState(old as SessionState).spentMs).toEqual({});
	});
});

describe('what the screen can show', () => {
	it('takes either model’s Vægten and the ranking, whatever the step', () => {
		let state = fresh();
		state = run(state, { type: 'screen:show', display: { kind: 'vaegten', model: 'leader' } }, T0);
		expect(state.display).toEqual({ kind: 'vaegten', model: 'leader' });
		state = run(state, { type: 'screen:show', display: { kind: 'ranking' } }, T0);
		expect(state.display).toEqual({ kind: 'ranking' });
	});
});
