import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../src/lib/protocol';
import { agendaPosition, contentOf, playableIndex, type SessionContent } from '../../src/lib/session/prepare';
import { MAX_DURATION, MAX_TITLE, MIN_DURATION } from '../../src/lib/limits';
import { checkRating } from '../../src/lib/session/participant-rules';
import { reduce, type Result } from '../../src/lib/session/reducer';
import type { Actor } from '../../src/lib/session/roles';
import type { Command } from '../../src/lib/session/commands';
import { initialState, remainingMs, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';

const T0 = Date.UTC(2026, 10, 23, 9, 0, 0);
const fresh = () => initialState(introTool, { id: 'session-1', code: 'ABCDEF', createdAt: T0 });
const ids = (state: SessionState) => state.steps.map((step) => step.id);
const indexOf = (state: SessionState, id: string) => state.steps.findIndex((step) => step.id === id);
const current = (state: SessionState) => state.steps[state.stepIndex];

function ok(result: Result): SessionState {
	if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
	return result.state;
}

function refused(result: Result): string {
	if (result.ok) throw new Error('accepted');
	return result.error.code;
}

const run = (state: SessionState, command: Command, now = T0) => reduce(state, 'facilitator', command, now);
const at = (id: string) => ok(run(fresh(), { type: 'step:goto', index: indexOf(fresh(), id) }));

const prepareCommands: Command[] = [
	{ type: 'title:set', title: 'Ledere af ledere' },
	{ type: 'language:set', locale: 'en' },
	{ type: 'step:skip', stepId: 'research', skipped: true },
	{ type: 'step:move', stepId: 'research', direction: 'up' },
	{ type: 'duration:set', stepId: 'research', minutes: 10 }
];

describe('preparing: who may', () => {
	it('refuses every preparing command from a participant and from the screen, changing nothing', () => {
		const state = fresh();
		for (const actor of ['participant', 'screen'] as Actor[]) {
			for (const command of prepareCommands) {
				const result = reduce(state, actor, command, T0);
				expect(refused(result), `${actor} ${command.type}`).toBe('forbidden');
			}
		}
		expect(state).toEqual(fresh());
	});

	it('accepts each from the facilitator without touching the state it was given', () => {
		for (const command of prepareCommands) {
			const before = fresh();
			const copy = structuredClone(before);
			expect(run(before, command).ok, command.type).toBe(true);
			expect(before, command.type).toEqual(copy);
		}
	});
});

describe('title and language', () => {
	it('starts in Danish with the template’s Danish title', () => {
		expect(fresh().locale).toBe('da');
		expect(fresh().title).toBe(introTool.title.da);
	});

	it('sets a trimmed title of 1 to 80 characters, and refuses others', () => {
		expect(ok(run(fresh(), { type: 'title:set', title: '  Ledere i Region Nord  ' })).title).toBe('Ledere i Region Nord');
		expect(ok(run(fresh(), { type: 'title:set', title: 'x'.repeat(MAX_TITLE) })).title).toHaveLength(MAX_TITLE);
		for (const title of ['', '   ', 'x'.repeat(MAX_TITLE + 1)]) expect(refused(run(fresh(), { type: 'title:set', title }))).toBe('invalid_payload');
	});

	it('sets the session’s language to Danish or English only', () => {
		const english = ok(run(fresh(), { type: 'language:set', locale: 'en' }));
		expect(english.locale).toBe('en');
		expect(ok(run(english, { type: 'language:set', locale: 'da' })).locale).toBe('da');
		expect(refused(run(fresh(), { type: 'language:set', locale: 'de' as 'da' }))).toBe('invalid_payload');
	});
});

describe('skipping a step', () => {
	it('keeps the step in the agenda, and next and previous pass over it', () => {
		let state = ok(run(fresh(), { type: 'step:skip', stepId: 'why', skipped: true }));
		expect(ids(state)).toEqual(ids(fresh()));
		expect(state.steps[1]).toMatchObject({ id: 'why', skipped: true });
		state = ok(run(state, { type: 'step:next' }, T0 + 1_000));
		expect(current(state).id).toBe('general-model');
		expect(state.timer.runningSince).toBe(T0 + 1_000);
		state = ok(run(state, { type: 'step:previous' }));
		expect(current(state).id).toBe('welcome');
	});

	it('passes over several skipped steps in a row, and refuses to go on when only skipped steps are left', () => {
		let state = at('leader-model');
		for (const stepId of ['balance-dialogue', 'roles', 'tools', 'tools-vote', 'priorities']) state = ok(run(state, { type: 'step:skip', stepId, skipped: true }));
		expect(refused(run(state, { type: 'step:next' }))).toBe('no_such_step');
		state = ok(run(state, { type: 'step:skip', stepId: 'priorities', skipped: false }));
		expect(current(ok(run(state, { type: 'step:next' }))).id).toBe('priorities');
	});

	it('never skips the current step', () => {
		const state = at('research');
		expect(refused(run(state, { type: 'step:skip', stepId: 'research', skipped: true }))).toBe('current_step');
		// Un-skipping the current step is a no-op that is allowed (it never is skipped).
		expect(ok(run(state, { type: 'step:skip', stepId: 'research', skipped: false }))).toBe(state);
	});

	it('refuses to go to a skipped step until it is taken back', () => {
		let state = ok(run(fresh(), { type: 'step:skip', stepId: 'research', skipped: true }));
		const index = indexOf(state, 'research');
		expect(refused(run(state, { type: 'step:goto', index }))).toBe('step_skipped');
		state = ok(run(state, { type: 'step:skip', stepId: 'research', skipped: false }));
		expect(state.steps[index].skipped).toBe(false);
		expect(current(ok(run(state, { type: 'step:goto', index }))).id).toBe('research');
	});

	it('keeps a skipped rating step’s vote, and refuses a step that does not exist', () => {
		const locked = ok(run(fresh(), { type: 'vote:lock', stepId: 'leader-model', locked: true }));
		const state = ok(run(locked, { type: 'step:skip', stepId: 'leader-model', skipped: true }));
		expect(state.votes['leader-model']).toEqual({ locked: true, revealed: false });
		expect(refused(run(fresh(), { type: 'step:skip', stepId: 'nope', skipped: true }))).toBe('no_such_step');
	});
});

describe('moving a step', () => {
	it('swaps it with its neighbour, keeping every id', () => {
		const state = ok(run(fresh(), { type: 'step:move', stepId: 'research', direction: 'up' }));
		expect(ids(state).slice(0, 4)).toEqual(['welcome', 'why', 'research', 'general-model']);
		expect([...ids(state)].sort()).toEqual([...ids(fresh())].sort());
		expect(ids(ok(run(state, { type: 'step:move', stepId: 'research', direction: 'down' })))).toEqual(ids(fresh()));
	});

	it('keeps the current step current, whether it moves or a neighbour moves past it', () => {
		let state = at('general-model');
		state = ok(run(state, { type: 'step:move', stepId: 'general-model', direction: 'down' }));
		expect(current(state).id).toBe('general-model');
		expect(state.stepIndex).toBe(3);
		state = ok(run(state, { type: 'step:move', stepId: 'theme-influence', direction: 'up' }));
		expect(current(state).id).toBe('general-model');
		expect(state.stepIndex).toBe(4);
	});

	it('leaves the current step’s timer running as it was', () => {
		let state = ok(run(at('general-model'), { type: 'timer:add', minutes: 2 }));
		const timer = state.timer;
		state = ok(run(state, { type: 'step:move', stepId: 'general-model', direction: 'up' }, T0 + 60_000));
		expect(state.timer).toBe(timer);
	});

	it('keeps a rating step’s votes and ratings with it: the phones rate it wherever it is', () => {
		let state = at('general-model');
		state = ok(run(state, { type: 'step:move', stepId: 'general-model', direction: 'up' }));
		state = ok(run(state, { type: 'step:move', stepId: 'general-model', direction: 'up' }));
		expect(state.stepIndex).toBe(0);
		const item = state.items.find((candidate) => candidate.model === 'general')!;
		expect(checkRating(state, item.id, 3)).toBeNull();
		state = ok(run(state, { type: 'vote:lock', stepId: 'general-model', locked: true }));
		expect(checkRating(state, item.id, 3)?.code).toBe('vote_locked');
	});

	it('moves between the parts at their boundary: part 2’s first step goes up into part 1, in its place', () => {
		const fromTwo = ok(run(fresh(), { type: 'step:move', stepId: 'balance-dialogue', direction: 'up' }));
		expect(ids(fromTwo)).toEqual(ids(fresh()));
		expect(fromTwo.steps[indexOf(fromTwo, 'balance-dialogue')].part).toBe(1);
		const fromOne = ok(run(fresh(), { type: 'step:move', stepId: 'leader-model', direction: 'down' }));
		expect(ids(fromOne)).toEqual(ids(fresh()));
		expect(fromOne.steps[indexOf(fromOne, 'leader-model')].part).toBe(2);
	});

	it('refuses to move the first step up, the last down, or a step that does not exist', () => {
		expect(refused(run(fresh(), { type: 'step:move', stepId: 'welcome', direction: 'up' }))).toBe('no_such_step');
		expect(refused(run(fresh(), { type: 'step:move', stepId: 'priorities', direction: 'down' }))).toBe('no_such_step');
		expect(refused(run(fresh(), { type: 'step:move', stepId: 'nope', direction: 'up' }))).toBe('no_such_step');
	});
});

describe('changing a duration', () => {
	it('changes a later step’s plan and leaves the running timer alone', () => {
		const state = ok(run(fresh(), { type: 'duration:set', stepId: 'research', minutes: 12 }));
		expect(state.steps[indexOf(state, 'research')].durationMin).toBe(12);
		expect(state.timer).toEqual(fresh().timer);
		expect(ok(run(state, { type: 'step:goto', index: indexOf(state, 'research') })).timer.plannedMs).toBe(12 * 60_000);
	});

	it('changes the current step’s running timer, keeping the time run and the time added', () => {
		let state = ok(run(fresh(), { type: 'timer:resume' }, T0));
		state = ok(run(state, { type: 'timer:add', minutes: 1 }, T0));
		state = ok(run(state, { type: 'duration:set', stepId: 'welcome', minutes: 20 }, T0 + 3 * 60_000));
		expect(state.timer).toMatchObject({ plannedMs: 20 * 60_000, addedMs: 60_000, runningSince: T0 });
		expect(remainingMs(state.timer, T0 + 3 * 60_000)).toBe(18 * 60_000);
	});

	it('takes whole minutes from 1 to 120 only', () => {
		for (const minutes of [MIN_DURATION, MAX_DURATION]) expect(run(fresh(), { type: 'duration:set', stepId: 'why', minutes }).ok).toBe(true);
		for (const minutes of [MIN_DURATION - 1, MAX_DURATION + 1, 1.5, -5, Number.NaN]) {
			expect(refused(run(fresh(), { type: 'duration:set', stepId: 'why', minutes })), String(minutes)).toBe('invalid_payload');
		}
		expect(refused(run(fresh(), { type: 'duration:set', stepId: 'nope', minutes: 5 }))).toBe('no_such_step');
	});
});

describe('the wire: each command’s schema', () => {
	const accepts = (type: keyof typeof commandSchemas, payload: unknown) => v.is(commandSchemas[type], payload);

	it('takes what the console sends and refuses the rest', () => {
		expect(accepts('title:set', { title: 'Workshop' })).toBe(true);
		expect(accepts('title:set', { title: 'x'.repeat(MAX_TITLE + 1) })).toBe(false);
		expect(accepts('title:set', { title: 'ok', extra: 1 })).toBe(false);
		expect(accepts('language:set', { locale: 'en' })).toBe(true);
		expect(accepts('language:set', { locale: 'de' })).toBe(false);
		expect(accepts('step:skip', { stepId: 'why', skipped: true })).toBe(true);
		expect(accepts('step:skip', { stepId: 'why', skipped: 'yes' })).toBe(false);
		expect(accepts('step:move', { stepId: 'why', direction: 'down' })).toBe(true);
		expect(accepts('step:move', { stepId: 'why', direction: 'left' })).toBe(false);
		expect(accepts('duration:set', { stepId: 'why', minutes: MAX_DURATION })).toBe(true);
		for (const minutes of [MIN_DURATION - 1, MAX_DURATION + 1, 2.5, '5']) expect(accepts('duration:set', { stepId: 'why', minutes })).toBe(false);
	});
});

describe('a session from saved content', () => {
	const saved = (): SessionContent => {
		let state = ok(run(fresh(), { type: 'title:set', title: 'Mellemledere' }));
		state = ok(run(state, { type: 'language:set', locale: 'en' }));
		state = ok(run(state, { type: 'step:skip', stepId: 'why', skipped: true }));
		state = ok(run(state, { type: 'step:move', stepId: 'research', direction: 'up' }));
		state = ok(run(state, { type: 'duration:set', stepId: 'tools', minutes: 15 }));
		state = ok(run(state, { type: 'item:add', model: 'leader', kind: 'load', label: 'Politisk pres' }));
		const { title, locale, steps, items } = state;
		return structuredClone({ title, locale, steps, items });
	};

	it('has the saved title, language, steps and items, and starts afresh', () => {
		const content = saved();
		const state = initialState(content, { id: 'session-2', code: 'GHJKMN', createdAt: T0 });
		expect(state).toMatchObject({ title: 'Mellemledere', locale: 'en', steps: content.steps, items: content.items, stepIndex: 0 });
		expect(state.steps.find((step) => step.id === 'tools')?.durationMin).toBe(15);
		expect(Object.keys(state.votes).sort()).toEqual(['general-model', 'leader-model', 'tools-vote']);
		expect(state.timer).toEqual({ plannedMs: state.steps[0].durationMin * 60_000, addedMs: 0, elapsedMs: 0, runningSince: null });
		// The next facilitator adds items after the saved ones, with fresh ids.
		const more = ok(run(state, { type: 'item:add', model: 'general', kind: 'resource', label: 'Humor' }));
		expect(new Set(more.items.map((item) => item.id)).size).toBe(more.items.length);
	});

	it('starts at the first step that is not skipped', () => {
		const content = saved();
		content.steps[0] = { ...content.steps[0], skipped: true };
		const state = initialState(content, { id: 'session-3', code: 'GHJKMP', createdAt: T0 });
		expect(current(state).id).toBe('research');
		expect(state.timer.plannedMs).toBe(current(state).durationMin * 60_000);
	});

	it('builds the same state from the built-in template as from its content', () => {
		expect(initialState(contentOf(introTool), { id: 'session-1', code: 'ABCDEF', createdAt: T0 })).toEqual(fresh());
	});
});

describe('counting the agenda', () => {
	it('counts only the steps that run', () => {
		const state = ok(run(fresh(), { type: 'step:skip', stepId: 'why', skipped: true }));
		expect(agendaPosition(state.steps, 0)).toEqual({ index: 1, total: state.steps.length - 1 });
		expect(agendaPosition(state.steps, 2)).toEqual({ index: 2, total: state.steps.length - 1 });
		expect(playableIndex(state.steps, 0, 1)).toBe(2);
		expect(playableIndex(state.steps, 0, -1)).toBeNull();
	});
});

// ---- Properties --------------------------------------------------------------------

const stepIds = introTool.steps.map((step) => step.id);
const anyStep = fc.constantFrom(...stepIds);
const anyCommand: fc.Arbitrary<Command> = fc.oneof(
	fc.record({ type: fc.constant('step:move' as const), stepId: anyStep, direction: fc.constantFrom('up' as const, 'down' as const) }),
	fc.record({ type: fc.constant('step:skip' as const), stepId: anyStep, skipped: fc.boolean() }),
	fc.record({ type: fc.constant('duration:set' as const), stepId: anyStep, minutes: fc.integer({ min: MIN_DURATION, max: MAX_DURATION }) }),
	fc.constant({ type: 'step:next' as const }),
	fc.constant({ type: 'step:previous' as const }),
	fc.record({ type: fc.constant('step:goto' as const), index: fc.integer({ min: 0, max: stepIds.length - 1 }) })
);

describe('properties of any sequence of preparing and steering', () => {
	it('keeps the steps a permutation of the same ids, parts in order, and the current step never skipped', () => {
		fc.assert(
			fc.property(fc.array(anyCommand, { maxLength: 60 }), (commands) => {
				let state = fresh();
				for (const command of commands) {
					const before = state;
					const result = run(state, command);
					if (!result.ok) continue;
					state = result.state;
					if (command.type === 'step:move' || command.type === 'step:skip' || command.type === 'duration:set') {
						// Preparing never changes which step is current, nor its run.
						expect(current(state).id).toBe(current(before).id);
						expect(state.timer.runningSince).toBe(before.timer.runningSince);
					}
					expect([...ids(state)].sort()).toEqual([...stepIds].sort());
					const parts = state.steps.map((step) => step.part);
					expect(parts).toEqual([...parts].sort());
					expect(current(state).skipped ?? false).toBe(false);
					expect(state.stepIndex).toBeGreaterThanOrEqual(0);
					expect(state.stepIndex).toBeLessThan(state.steps.length);
				}
			}),
			{ numRuns: 300 }
		);
	});

	it('next and previous land on the nearest step that is not skipped, passing only skipped ones', () => {
		fc.assert(
			fc.property(fc.array(anyCommand, { maxLength: 40 }), fc.constantFrom(1 as const, -1 as const), (commands, direction) => {
				let state = fresh();
				for (const command of commands) {
					const result = run(state, command);
					if (result.ok) state = result.state;
				}
				const result = run(state, { type: direction === 1 ? 'step:next' : 'step:previous' });
				const between = (from: number, to: number) => state.steps.slice(Math.min(from, to) + 1, Math.max(from, to));
				if (!result.ok) {
					// Refused only when every step that way is skipped.
					const rest = direction === 1 ? state.steps.slice(state.stepIndex + 1) : state.steps.slice(0, state.stepIndex);
					expect(rest.every((step) => step.skipped)).toBe(true);
					return;
				}
				const landed = result.state.stepIndex;
				expect(Math.sign(landed - state.stepIndex)).toBe(direction);
				expect(result.state.steps[landed].skipped ?? false).toBe(false);
				expect(between(state.stepIndex, landed).every((step) => step.skipped)).toBe(true);
			}),
			{ numRuns: 300 }
		);
	});

	it('moving a step up then down (or down then up) puts everything back', () => {
		fc.assert(
			fc.property(fc.array(anyCommand, { maxLength: 30 }), anyStep, fc.constantFrom('up' as const, 'down' as const), (commands, stepId, direction) => {
				let state = fresh();
				for (const command of commands) {
					const result = run(state, command);
					if (result.ok) state = result.state;
				}
				const moved = run(state, { type: 'step:move', stepId, direction });
				if (!moved.ok) return;
				const back = ok(run(moved.state, { type: 'step:move', stepId, direction: direction === 'up' ? 'down' : 'up' }));
				expect(back.steps).toEqual(state.steps);
				expect(back.stepIndex).toBe(state.stepIndex);
			}),
			{ numRuns: 300 }
		);
	});
});
