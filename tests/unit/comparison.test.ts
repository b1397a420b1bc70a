import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_GROUP_SIZE, summarise, tallyOf, type ItemResult } from '../../src/lib/session/aggregate';
import { compare } from '../../src/lib/session/comparison';
import { rolesOf } from '../../src/lib/session/content';
import { reportComparison } from '../../src/lib/server/report-comparison';
import { measure, type Measurement } from '../../src/lib/session/follow-up';
import { introTool } from '../../src/lib/template/intro-tool';
import { VAEGTEN_MODELS, type VaegtenItem } from '../../src/lib/template/types';

/** Vægten's items: the introduction's list of tools to mark is no balance to compare. */
const items: VaegtenItem[] = introTool.items.filter((item) => (VAEGTEN_MODELS as readonly string[]).includes(item.model));
const agreement = { title: 'Aftale', points: [{ what: 'Faste pauser', who: ['Topledelsen'], firstStep: 'Kalender', followUp: '2027-03-01' }] };

/** Published results from each item's ratings (the room's `summarise`). */
const resultsOf = (ratings: Record<string, number[]>): ItemResult[] => Object.entries(ratings).map(([itemId, values]) => summarise(itemId, tallyOf(values)));

const measurement = (id: string, date: string, ratings: Record<string, number[]>): Measurement =>
	measure({ id, createdAt: Date.parse(date), date, title: `Workshop ${id}`, items, results: resultsOf(ratings), ranking: [{ text: 'Faste pauser', dots: 5 }], agreement });

const now = (ratings: Record<string, number[]>, extra: VaegtenItem[] = []) => ({ date: '2027-03-01', title: 'Opfølgning', items: [...items, ...extra], results: resultsOf(ratings) });

describe('compare (Før og nu)', () => {
	it('is null for a session that follows nothing up', () => {
		expect(compare([], now({}))).toBeNull();
	});

	it('gives per item the mean then, now and the change, the largest change first', () => {
		const chain = [measurement('a', '2026-12-01', { 'general-mening': [1, 1, 1], 'general-urealistiske-krav': [3, 3, 3, 3] })];
		const comparison = compare(chain, now({ 'general-mening': [3, 3, 3], 'general-urealistiske-krav': [3, 2, 3, 2] }))!;
		expect(comparison.items.map(({ itemId, then, now, change, countThen, countNow }) => ({ itemId, then, now, change, countThen, countNow }))).toEqual([
			{ itemId: 'general-mening', then: 1, now: 3, change: 2, countThen: 3, countNow: 3 },
			{ itemId: 'general-urealistiske-krav', then: 3, now: 2.5, change: -0.5, countThen: 4, countNow: 4 }
		]);
		expect(comparison.then).toEqual({ sessionId: 'a', date: '2026-12-01', title: 'Workshop a' });
		expect(comparison.agreed.map((point) => point.what)).toEqual(['Faste pauser']);
		// An export names who was to do it in its own language, a role once.
		const roles = rolesOf(introTool.steps);
		expect(reportComparison(comparison, 'en', roles).agreed.map((point) => point.who)).toEqual([['Top management']]);
		expect(reportComparison(comparison, 'da', roles).agreed.map((point) => point.who)).toEqual([['Topledelsen']]);
	});

	it('shows an item only where at least three rated it in both sessions', () => {
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 6 }), (before, after) => {
				const chain = [measurement('a', '2026-12-01', { 'general-mening': Array(before).fill(2) })];
				const comparison = compare(chain, now({ 'general-mening': Array(after).fill(3) }))!;
				const shown = comparison.items.some((item) => item.itemId === 'general-mening');
				expect(shown).toBe(before >= MIN_GROUP_SIZE && after >= MIN_GROUP_SIZE);
				const general = comparison.balances.find((entry) => entry.model === 'general')!;
				expect(general.items).toBe(shown ? 1 : 0);
				if (!shown) expect(general.then).toEqual({ load: null, resource: null, tilt: 0 });
			})
		);
	});

	it('never holds a mean that was not published, whatever the chain claims', () => {
		const chain = [measurement('a', '2026-12-01', { 'general-mening': [4, 4, 4] })];
		// A measurement tampered with (or stored by a faulty version): a mean beside a count of two.
		chain[0].items.find((item) => item.itemId === 'general-mening')!.count = 2;
		expect(compare(chain, now({ 'general-mening': [1, 1, 1] }))!.items).toEqual([]);
	});

	it('draws both balances over the same compared items', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 8 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 8 }), (a, b) => {
				const chain = [measurement('a', '2026-12-01', { 'leader-krydspres': a, 'leader-gode-relationer': b, 'leader-hoej-kompleksitet': a })];
				const comparison = compare(chain, now({ 'leader-krydspres': b, 'leader-gode-relationer': a }))!;
				const leader = comparison.balances.find((entry) => entry.model === 'leader')!;
				const mean = (values: number[]) => values.reduce((x, y) => x + y, 0) / values.length;
				expect(leader.items).toBe(2);
				expect(leader.then.load).toBeCloseTo(mean(a), 9);
				expect(leader.then.resource).toBeCloseTo(mean(b), 9);
				expect(leader.now.load).toBeCloseTo(mean(b), 9);
				expect(leader.now.resource).toBeCloseTo(mean(a), 9);
			})
		);
	});

	it('sorts by the size of the change, whichever way', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: items.length, maxLength: items.length }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: items.length, maxLength: items.length }), (a, b) => {
				const chain = [measurement('a', '2026-12-01', Object.fromEntries(items.map((item, i) => [item.id, [a[i], a[i], a[i]]])))];
				const comparison = compare(chain, now(Object.fromEntries(items.map((item, i) => [item.id, [b[i], b[i], b[i]]]))))!;
				expect(comparison.items).toHaveLength(items.length);
				const sizes = comparison.items.map((item) => Math.abs(item.change));
				expect(sizes).toEqual([...sizes].sort((x, y) => y - x));
				for (const item of comparison.items) expect(item.change).toBeCloseTo(item.now - item.then, 9);
			})
		);
	});

	it('follows each item over a chain of three measurements, with a gap where fewer than three rated', () => {
		const chain = [measurement('a', '2026-06-01', { 'general-mening': [1, 1, 1], 'general-anerkendelse': [2, 2] }), measurement('b', '2026-09-01', { 'general-mening': [2, 2, 2], 'general-anerkendelse': [2, 2, 2] })];
		const comparison = compare(chain, now({ 'general-mening': [4, 4, 4], 'general-anerkendelse': [3, 3, 3] }))!;
		expect(comparison.then.sessionId).toBe('b');
		expect(comparison.course!.measurements.map((entry) => entry.sessionId)).toEqual(['a', 'b', null]);
		expect(comparison.course!.items).toEqual([
			{ itemId: 'general-mening', means: [1, 2, 4] },
			{ itemId: 'general-anerkendelse', means: [null, 2, 3] }
		]);
		expect(compare(chain.slice(1), now({ 'general-mening': [4, 4, 4] }))!.course).toBeNull();
	});

	it('gives progress per agreed point as a mean and the spread as published', () => {
		const progress: VaegtenItem[] = [
			{ id: 'progress-1', model: 'progress', kind: 'progress', label: { da: 'Faste pauser', en: 'Faste pauser' } },
			{ id: 'progress-2', model: 'progress', kind: 'progress', label: { da: 'Sparring', en: 'Sparring' } }
		];
		const chain = [measurement('a', '2026-12-01', {})];
		const comparison = compare(chain, now({ 'progress-1': [0, 4, 4, 2], 'progress-2': [3, 3] }, progress))!;
		expect(comparison.progress).toEqual([
			{ itemId: 'progress-1', label: progress[0].label, count: 4, mean: 2.5, histogram: [1, 0, 1, 0, 2] },
			{ itemId: 'progress-2', label: progress[1].label, count: 2, mean: null, histogram: null }
		]);
		// Progress items are never compared as Vægten items.
		expect(comparison.items).toEqual([]);
	});
});
