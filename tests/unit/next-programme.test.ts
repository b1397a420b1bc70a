import { describe, expect, it } from 'vitest';
import { knownNext, TOOL_PROGRAMME_IDS, type NextLink } from '../../src/lib/session/next-programme';
import { initialState, upgradeState, type SessionState } from '../../src/lib/session/state';
import { followUpTool } from '../../src/lib/template/follow-up-tool';
import { introTool, vaegtenItems, vaegtenModels } from '../../src/lib/template/intro-tool';
import { TOOL_PROGRAMMES } from '../../src/lib/template/programmes';

describe('the link to the next tool', () => {
	const link: NextLink = { programme: 'leader-group', sessionId: 'abcdefgh12', code: 'ABCDEF', title: 'Ledergruppen' };

	it('accepts exactly the registry’s three tools, in the seeds’ order', () => {
		expect([...TOOL_PROGRAMME_IDS]).toEqual([TOOL_PROGRAMMES[1], TOOL_PROGRAMMES[2], TOOL_PROGRAMMES[3]]);
	});

	it('is found again for the same tool only: another tool makes a new session', () => {
		expect(knownNext(link, 'leader-group')).toBe(link);
		expect(knownNext(link, 'wellbeing-plan')).toBeNull();
		expect(knownNext(null, 'leader-group')).toBeNull();
	});

	it('starts empty, and a session stored before it existed has none', () => {
		const state = initialState(introTool, { id: 'new', code: 'ABCDEF', createdAt: 0 });
		expect(state.next).toBeNull();
		const { next: _dropped, ...older } = state;
		expect(upgradeState(older as SessionState).next).toBeNull();
		expect(upgradeState({ ...state, next: link }).next).toEqual(link);
	});

	it('keeps the tools out of Vægten: not a balance for the screen, not a model to add items to, not in a follow-up', () => {
		expect(introTool.items.filter((item) => item.model === 'tools').map((item) => item.id)).toEqual(['tools-1', 'tools-2', 'tools-3']);
		expect(vaegtenModels.map((model) => model.id)).toEqual(['general', 'leader']);
		expect(vaegtenItems.some((item) => item.model === 'tools')).toBe(false);
		expect(followUpTool.models.some((model) => model.id === 'tools')).toBe(false);
		expect(followUpTool.items.some((item) => item.model === 'tools')).toBe(false);
	});
});
