import { describe, expect, it } from 'vitest';
import { summarise, tallyOf } from '../../src/lib/session/aggregate';
import { markedCount, markResults } from '../../src/lib/session/marks';
import { safeTeamItems } from '../../src/lib/template/slides';

describe('a marked list’s results', () => {
	it('counts the marks of everyone who touched an item, nothing below three', () => {
		expect(markedCount(summarise('a', tallyOf([1, 1, 0, 1])))).toBe(3);
		expect(markedCount(summarise('a', tallyOf([0, 0, 0])))).toBe(0);
		expect(markedCount(summarise('a', tallyOf([1, 1])))).toBeNull();
		expect(markedCount(undefined)).toBeNull();
	});
	it('puts the most marked first, then those held back in the list’s order', () => {
		const [a, b, c, d] = safeTeamItems;
		const results = [summarise(b.id, tallyOf([1, 1, 1])), summarise(c.id, tallyOf([1, 0, 0, 1, 1, 1])), summarise(d.id, tallyOf([1]))];
		expect(markResults([a, b, c, d], results).map(({ item, marked }) => [item.id, marked])).toEqual([
			[c.id, 4],
			[b.id, 3],
			[a.id, null],
			[d.id, null]
		]);
	});
});
