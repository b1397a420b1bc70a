import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distribute, groupCountForSize, newGroups, smallestGroup } from '../../src/lib/session/groups';
import { reduce, type Result } from '../../src/lib/session/reducer';
import { initialState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';

const fresh = () => initialState(introTool, { id: 'session-1', code: 'ABCDEF', createdAt: 0 });
function ok(result: Result): SessionState {
	if (!result.ok) throw new Error(result.error.code);
	return result.state;
}

describe('spreading people over groups', () => {
	it('deals everyone out so that group sizes differ by at most one', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 40 }), (people, groups) => {
				const ids = newGroups(groups, 1).map((group) => group.id);
				const placed = distribute(Array.from({ length: people }, (_, i) => i), ids);
				const sizes = ids.map((id) => [...placed.values()].filter((g) => g === id).length);
				expect(placed.size).toBe(people);
				expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
			})
		);
	});

	it('puts a late joiner in the smallest group, the first one on a tie', () => {
		expect(smallestGroup(['g1', 'g2', 'g3'], new Map([['g1', 3], ['g2', 2], ['g3', 2]]))).toBe('g2');
		expect(smallestGroup(['g1', 'g2'], new Map([['g1', 1]]))).toBe('g2');
		expect(smallestGroup([], new Map())).toBeUndefined();
	});

	it('keeps groups even as people arrive one by one', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 100 }), (groups, arrivals) => {
				const ids = newGroups(groups, 1).map((group) => group.id);
				const sizes = new Map<string, number>();
				for (let i = 0; i < arrivals; i++) {
					const id = smallestGroup(ids, sizes)!;
					sizes.set(id, (sizes.get(id) ?? 0) + 1);
				}
				const counts = ids.map((id) => sizes.get(id) ?? 0);
				expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
			})
		);
	});

	it('finds how many groups a group size needs', () => {
		expect(groupCountForSize(20, 4)).toBe(5);
		expect(groupCountForSize(21, 4)).toBe(6);
		expect(groupCountForSize(0, 4)).toBe(1);
		expect(groupCountForSize(5000, 3)).toBe(100);
	});
});

describe('group commands', () => {
	it('sets up numbered groups whose ids are never reused', () => {
		let state = ok(reduce(fresh(), 'facilitator', { type: 'groups:setup', count: 3, mode: 'auto' }, 0));
		expect(state.groups.list).toEqual([
			{ id: 'g1', name: 'Gruppe 1' },
			{ id: 'g2', name: 'Gruppe 2' },
			{ id: 'g3', name: 'Gruppe 3' }
		]);
		state = ok(reduce(state, 'facilitator', { type: 'groups:setup', count: 2, mode: 'choose' }, 0));
		expect(state.groups).toMatchObject({ mode: 'choose', list: [{ id: 'g4' }, { id: 'g5' }] });
	});

	it('renames a group, and refuses unknown groups and empty names', () => {
		const state = ok(reduce(fresh(), 'facilitator', { type: 'groups:setup', count: 2, mode: 'auto' }, 0));
		expect(ok(reduce(state, 'facilitator', { type: 'group:rename', groupId: 'g2', name: ' Bord ved vinduet ' }, 0)).groups.list[1].name).toBe('Bord ved vinduet');
		expect(reduce(state, 'facilitator', { type: 'group:rename', groupId: 'g9', name: 'x' }, 0)).toMatchObject({ ok: false, error: { code: 'unknown_group' } });
		expect(reduce(state, 'facilitator', { type: 'group:rename', groupId: 'g1', name: ' ' }, 0)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
	});

	it('shows a group, all groups or the step on the screen, and takes a vanished group down', () => {
		let state = ok(reduce(fresh(), 'facilitator', { type: 'groups:setup', count: 2, mode: 'auto' }, 0));
		expect(reduce(state, 'facilitator', { type: 'screen:show', display: { kind: 'group', groupId: 'g7' } }, 0)).toMatchObject({ ok: false });
		state = ok(reduce(state, 'facilitator', { type: 'screen:show', display: { kind: 'group', groupId: 'g2' } }, 0));
		expect(state.display).toEqual({ kind: 'group', groupId: 'g2' });
		state = ok(reduce(state, 'facilitator', { type: 'groups:setup', count: 2, mode: 'auto' }, 0));
		expect(state.display).toEqual({ kind: 'step' });
		state = ok(reduce(state, 'facilitator', { type: 'screen:show', display: { kind: 'groups' } }, 0));
		expect(state.display).toEqual({ kind: 'groups' });
	});

	it('refuses group commands from participants and screens', () => {
		for (const actor of ['participant', 'screen'] as const) {
			expect(reduce(fresh(), actor, { type: 'groups:setup', count: 2, mode: 'auto' }, 0)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
			expect(reduce(fresh(), actor, { type: 'screen:show', display: { kind: 'groups' } }, 0)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
		}
	});
});
