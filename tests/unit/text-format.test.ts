import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatList, formatNumber } from '../../src/lib/client/text';
import { formatDate as exportDate, formatMean, intlLocale } from '../../src/lib/server/export/labels';

describe('numbers, dates and lists in the reader’s language', () => {
	it('writes decimals with a comma in Danish and a point in English', () => {
		expect(formatNumber(3.14, 1, 'da')).toBe('3,1');
		expect(formatNumber(3.14, 1, 'en')).toBe('3.1');
		expect(formatNumber(2, 1, 'da')).toBe('2,0');
	});

	it('writes a calendar date out, on its own day whatever the time zone', () => {
		expect(formatDate('2027-02-23', 'da')).toBe('23. februar 2027');
		expect(formatDate('2027-02-23', 'en')).toBe('23 February 2027');
		expect(formatDate('2026-12-31', 'en')).toBe('31 December 2026');
	});

	it('joins names as a sentence does', () => {
		expect(formatList(['Anna'], 'da')).toBe('Anna');
		expect(formatList(['Anna', 'Bo', 'Carl'], 'da')).toBe('Anna, Bo og Carl');
		expect(formatList(['Anna', 'Bo', 'Carl'], 'en')).toBe('Anna, Bo and Carl');
	});

	it('counts down as mm:ss, with a minus once time is over', () => {
		expect(formatDuration(125_000)).toBe('2:05');
		expect(formatDuration(-61_000)).toBe('−1:01');
	});

	it('agrees with the exports', () => {
		expect(exportDate('2027-02-23', 'da')).toBe(formatDate('2027-02-23', 'da'));
		expect(exportDate('2027-02-23', 'en')).toBe(formatDate('2027-02-23', 'en'));
		expect(formatMean(3.14, 'da')).toBe(formatNumber(3.14, 1, 'da'));
		expect(formatMean(3.14, 'en')).toBe(formatNumber(3.14, 1, 'en'));
		expect([intlLocale('da'), intlLocale('en')]).toEqual(['da-DK', 'en-GB']);
	});
});
