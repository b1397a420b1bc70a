import { describe, expect, it } from 'vitest';
import type { Command } from '../../src/lib/session/commands';
import { reduce, type Result } from '../../src/lib/session/reducer';
import { initialState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';

const T0 = 1_700_000_000_000;
const fresh = () => initialState(introTool, { id: 's1', code: '234567', createdAt: T0 });
const generalStep = introTool.steps.findIndex((step) => step.id === 'general-model');

function ok(result: Result): Extract<Result, { ok: true }> {
	if (!result.ok) throw new Error(`refused: ${result.error.code}`);
	return result;
}
/** Applies commands one after another, as the facilitator; the last one's result. */
function after(state: SessionState, ...commands: Command[]): Extract<Result, { ok: true }> {
	let result: Extract<Result, { ok: true }> = { ok: true, state, effects: [] };
	for (const command of commands) result = ok(reduce(result.state, 'facilitator', command, T0));
	return result;
}
const effects = (state: SessionState, command: Command) => after(state, command).effects;

describe('what follows from a command', () => {
	it('a repeat: the same state and no effects', () => {
		const state = after(fresh(), { type: 'timer:pause' }).state;
		expect(after(state, { type: 'timer:pause' })).toEqual({ ok: true, state, effects: [] });
		const open = after(fresh(), { type: 'candidate:add', text: 'Pauser', source: { kind: 'own' } }, { type: 'dots:open', dots: 3 }).state;
		expect(effects(open, { type: 'dots:open', dots: 3 })).toEqual([]);
	});

	it('a new grouping regroups everyone, and the facilitator hears who is where', () => {
		expect(effects(fresh(), { type: 'groups:setup', count: 2, mode: 'auto' })).toEqual([{ kind: 'regroup' }, { kind: 'membersChanged' }]);
	});

	it('another number of dots clears the vote; results follow, coalesced', () => {
		const listed = after(fresh(), { type: 'candidate:add', text: 'Pauser', source: { kind: 'own' } }).state;
		expect(effects(listed, { type: 'dots:open', dots: 5 })).toEqual([{ kind: 'clearDots' }, { kind: 'publishResults', whole: false, now: false }]);
		expect(effects(listed, { type: 'dots:open', dots: listed.priorities.dots })).toEqual([{ kind: 'publishResults', whole: false, now: false }]);
	});

	it('a change of title, language, steps or items is a change of content', () => {
		expect(effects(fresh(), { type: 'title:set', title: 'Marts' })).toEqual([{ kind: 'contentChanged' }]);
		expect(effects(fresh(), { type: 'language:set', locale: 'en' })).toEqual([{ kind: 'contentChanged' }]);
		expect(effects(fresh(), { type: 'duration:set', stepId: 'research', minutes: 11 })).toEqual([{ kind: 'contentChanged' }]);
		expect(effects(fresh(), { type: 'item:add', model: 'leader', kind: 'load', label: 'Mails' })).toEqual([
			{ kind: 'contentChanged' },
			{ kind: 'publishResults', whole: false, now: false }
		]);
		expect(effects(fresh(), { type: 'timer:add', minutes: 1 })).toEqual([]);
	});

	it('closing a round publishes its whole result now; taking the spread down publishes now, not whole', () => {
		const rating = after(fresh(), { type: 'step:goto', index: generalStep }).state;
		const whole = [{ kind: 'publishResults', whole: true, now: true }];
		expect(effects(rating, { type: 'vote:lock', stepId: 'general-model', locked: true })).toEqual(whole);
		expect(effects(rating, { type: 'vote:reveal', stepId: 'general-model', revealed: true })).toEqual(whole);
		expect(effects(rating, { type: 'step:next' })).toEqual(whole);
		expect(effects(rating, { type: 'session:end', ended: true })).toEqual(whole);
		const revealed = after(rating, { type: 'vote:reveal', stepId: 'general-model', revealed: true }).state;
		expect(effects(revealed, { type: 'vote:reveal', stepId: 'general-model', revealed: false })).toEqual([{ kind: 'publishResults', whole: false, now: true }]);
		const locked = after(rating, { type: 'vote:lock', stepId: 'general-model', locked: true }).state;
		expect(effects(locked, { type: 'vote:lock', stepId: 'general-model', locked: false })).toEqual([]);
		const voting = after(fresh(), { type: 'candidate:add', text: 'Pauser', source: { kind: 'own' } }, { type: 'dots:open', dots: 3 }).state;
		expect(effects(voting, { type: 'dots:close' })).toEqual(whole);
	});
});
