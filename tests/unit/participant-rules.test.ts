import { describe, expect, it } from 'vitest';
import { MAX_DOTS } from '../../src/lib/limits';
import { CLIENT_EVENTS, COMMAND_TYPES } from '../../src/lib/session/commands';
import { checkChoice, checkDots, checkPlace, checkRating } from '../../src/lib/session/participant-rules';
import { reduce } from '../../src/lib/session/reducer';
import { EVENT_ROLES, refusalFor } from '../../src/lib/session/roles';
import { initialState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';
import { unsafeTeamItems, unsafeTeamModel } from '../../src/lib/template/slides';

const T0 = 1_700_000_000_000;
const fresh = () => initialState(introTool, { id: 's1', code: '234567', createdAt: T0 });
const code = (error: { code: string } | null) => error?.code ?? null;

function voting(dots = 3): SessionState {
	let state = fresh();
	for (const command of [
		{ type: 'candidate:add', text: 'Pauser', source: { kind: 'own' } },
		{ type: 'candidate:add', text: 'Sparring', source: { kind: 'own' } },
		{ type: 'dots:open', dots }
	] as const) {
		const result = reduce(state, 'facilitator', command, T0);
		if (!result.ok) throw new Error(result.error.code);
		state = result.state;
	}
	return state;
}

describe('spending dots', () => {
	it('takes whole dots on listed points, no more than the phone has, while the vote is open', () => {
		expect(checkDots(voting(), { c1: 2, c2: 1 })).toBeNull();
		expect(checkDots(voting(MAX_DOTS), { c1: MAX_DOTS })).toBeNull();
		expect(code(checkDots(voting(), { c1: 4 }))).toBe('invalid_payload');
		expect(code(checkDots(voting(), { c9: 1 }))).toBe('invalid_payload');
		expect(code(checkDots(voting(), { c1: 0.5 }))).toBe('invalid_payload');
		expect(code(checkDots(fresh(), { c1: 1 }))).toBe('voting_closed');
		expect(code(checkDots({ ...voting(), endedAt: T0 }, { c1: 1 }))).toBe('session_ended');
	});
});

describe('choosing a table', () => {
	const groups = (mode: 'auto' | 'choose') => {
		const result = reduce(fresh(), 'facilitator', { type: 'groups:setup', count: 2, mode }, T0);
		if (!result.ok) throw new Error(result.error.code);
		return result.state;
	};
	it('is for rooms the facilitator lets choose, for groups that exist, while the workshop runs', () => {
		expect(checkChoice(groups('choose'), 'g1')).toBeNull();
		expect(code(checkChoice(groups('auto'), 'g1'))).toBe('forbidden');
		expect(code(checkChoice(groups('choose'), 'g9'))).toBe('unknown_group');
		expect(code(checkChoice({ ...groups('choose'), endedAt: T0 }, 'g1'))).toBe('session_ended');
	});
	it('a move may take someone out of every group, not into one that does not exist', () => {
		expect(checkPlace(groups('auto'), null)).toBeNull();
		expect(code(checkPlace(groups('auto'), 'g7'))).toBe('unknown_group');
	});
});

describe('the table of roles', () => {
	it('has a row for every client event; commands are the facilitator’s', () => {
		expect(Object.keys(EVENT_ROLES).sort()).toEqual([...CLIENT_EVENTS].sort());
		for (const type of COMMAND_TYPES) expect(EVENT_ROLES[type].roles).toEqual(['facilitator']);
	});
	it('refuses everyone else with forbidden and says why', () => {
		expect(refusalFor('participant', 'rating:set')).toBeNull();
		expect(refusalFor('screen', 'rating:set')).toEqual({ code: 'forbidden', message: 'Only participants rate.' });
		expect(refusalFor('facilitator', 'group:choose')).toMatchObject({ code: 'forbidden' });
		expect(refusalFor('participant', 'participant:move')).toMatchObject({ code: 'forbidden' });
	});
});

describe('marking a list', () => {
	/** A session whose current step asks the phones to mark the unsafe team's signs (seed 003). */
	const marking = (): SessionState => {
		const state = initialState(
			{
				...introTool,
				models: [unsafeTeamModel],
				items: unsafeTeamItems,
				steps: [{ id: 'unsafe', part: 1, kind: 'rating', model: 'unsafe-team', title: { da: 'Utryg', en: 'Unsafe' }, durationMin: 5, questions: [] }]
			},
			{ id: 's1', code: '234567', createdAt: T0 }
		);
		return state;
	};
	const item = unsafeTeamItems[0].id;
	it('takes a mark (1) and taking it back (0), nothing else', () => {
		expect(checkRating(marking(), item, 1)).toBeNull();
		expect(checkRating(marking(), item, 0)).toBeNull();
		for (const value of [2, 4, -1, 0.5]) expect(code(checkRating(marking(), item, value)), String(value)).toBe('invalid_payload');
	});
	it('still takes 0–4 on Vægten', () => {
		const state = fresh();
		const rating = { ...state, stepIndex: state.steps.findIndex((step) => step.id === 'general-model') };
		expect(checkRating(rating, 'general-mening', 4)).toBeNull();
	});
});
