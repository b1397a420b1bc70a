import { describe, expect, it } from 'vitest';
import { knownNext, TOOL_PROGRAMME_IDS, type NextLink } from '../../src/lib/session/next-programme';
import { initialState, upgradeState, type SessionState } from '../../src/lib/session/state';
import { introTool } from '../../src/lib/template/intro-tool';
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
});
