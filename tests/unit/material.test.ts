import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../src/lib/protocol';
import { MATERIAL_IDS, materialPresent } from '../../src/lib/session/material';
import { reduce, type Result } from '../../src/lib/session/reducer';
import { initialState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';
import { leaderGroupTool } from '../../src/lib/template/leader-group-tool';
import { protectiveItems, warningSignItems } from '../../src/lib/template/slides';
import type { Template } from '../../src/lib/template/types';

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);
const fresh = (template: Template = introTool) => initialState(template, { id: 'session-1', code: 'ABCDEF', createdAt: T0 });

function ok(result: Result): SessionState {
	if (!result.ok) throw new Error(`refused: ${result.error.code} ${result.error.message}`);
	return result.state;
}

const add = (state: SessionState, material: string, actor: 'facilitator' | 'participant' | 'screen' = 'facilitator') =>
	reduce(state, actor, { type: 'material:add', material } as never, T0);

describe('the slides’ material, one click away (material:add)', () => {
	it('adds "Tegn (uden)på…" as a mark step with its 14 items, before the agreement, with votes state', () => {
		const before = fresh();
		const result = add(before, 'warning-signs');
		const state = ok(result);
		const step = state.steps.find((candidate) => candidate.kind === 'rating' && candidate.model === 'warning-signs');
		expect(step).toBeDefined();
		expect(step?.title.da).toBe('Tegn (uden)på…');
		expect(step?.source).toEqual({ seed: '003', heading: 'Tegn (uden)på…' });
		expect(state.items.filter((item) => item.model === 'warning-signs').map((item) => item.id)).toEqual(warningSignItems.map((item) => item.id));
		expect(state.votes[step!.id]).toEqual({ locked: false, revealed: false });
		// The agreement stays the last step; the step added comes right before it, in its part.
		const ids = state.steps.map((candidate) => candidate.id);
		expect(ids.at(-1)).toBe('priorities');
		expect(ids.at(-2)).toBe(step?.id);
		expect(step?.part).toBe(2);
		expect(result.ok && result.effects.map((effect) => effect.kind)).toContain('contentChanged');
		expect(materialPresent(state, 'warning-signs')).toBe(true);
		expect(materialPresent(before, 'warning-signs')).toBe(false);
	});

	it('keeps the current step current when a step is added before it', () => {
		const start = fresh();
		const atEnd = ok(reduce(start, 'facilitator', { type: 'step:goto', index: start.steps.length - 1 }, T0));
		const state = ok(add(atEnd, 'safe-team'));
		expect(state.steps[state.stepIndex].id).toBe('priorities');
	});

	it('is idempotent: a second click or a resend gives the very same state and no effects', () => {
		for (const material of MATERIAL_IDS) {
			const once = ok(add(fresh(), material));
			const twice = add(once, material);
			expect(twice.ok && twice.state).toBe(once);
			expect(twice.ok && twice.effects).toEqual([]);
		}
	});

	it('adds nothing where the programme has the list already (Ledergruppen’s safe and unsafe team)', () => {
		const state = fresh(leaderGroupTool);
		expect(materialPresent(state, 'safe-team')).toBe(true);
		expect(materialPresent(state, 'unsafe-team')).toBe(true);
		for (const material of ['safe-team', 'unsafe-team'] as const) {
			const result = add(state, material);
			expect(result.ok && result.state).toBe(state);
		}
	});

	it('adds "Hvad kan især beskytte lederes trivsel?" to Ledervægten: loads and resources, once', () => {
		const state = ok(add(fresh(), 'protective'));
		const leader = state.items.filter((item) => item.model === 'leader');
		for (const item of protectiveItems) expect(leader).toContainEqual(item);
		expect(leader.filter((item) => item.kind === 'load').length).toBeGreaterThan(5);
		expect(state.steps.length).toBe(fresh().steps.length);
		expect(materialPresent(state, 'protective')).toBe(true);
	});

	it('refuses the protective factors where there is no Ledervægten step, changing nothing', () => {
		const none: Template = { ...introTool, steps: introTool.steps.filter((step) => step.model !== 'leader') };
		const state = fresh(none);
		const result = add(state, 'protective');
		expect(!result.ok && result.error.code).toBe('no_such_step');
		expect(!result.ok && result.error.message).toMatch(/Ledervægten/);
	});

	it('refuses a participant and the screen, and an id outside the catalogue, changing nothing', () => {
		const state = fresh();
		for (const actor of ['participant', 'screen'] as const) {
			const result = add(state, 'warning-signs', actor);
			expect(!result.ok && result.error.code).toBe('forbidden');
		}
		const bad = add(state, 'nonsense');
		expect(!bad.ok && bad.error.code).toBe('invalid_payload');
		expect(!bad.ok && bad.error.message).toMatch(/warning-signs/);
	});

	it('the protocol takes only an id from the catalogue: no free-form steps', () => {
		const schema = commandSchemas['material:add'];
		for (const material of MATERIAL_IDS) expect(v.safeParse(schema, { material }).success).toBe(true);
		expect(v.safeParse(schema, { material: 'nonsense' }).success).toBe(false);
		expect(v.safeParse(schema, { material: 'warning-signs', step: { id: 'x', kind: 'rating' } }).success).toBe(false);
		expect(v.safeParse(schema, {}).success).toBe(false);
	});
});
