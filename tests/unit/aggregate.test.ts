import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balance, changeRating, emptyTally, MIN_GROUP_SIZE, summarise, tallyOf } from '../../src/lib/session/aggregate';

/** A stream of (participant, rating-or-withdrawal) changes for one item. */
const changes = fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 4 })), { maxLength: 300 });

describe('tally', () => {
	it('kept incrementally equals the tally recomputed from the final ratings', () => {
		fc.assert(
			fc.property(changes, (stream) => {
				const latest = new Map<number, number>();
				const tally = emptyTally();
				for (const [participant, value] of stream) {
					changeRating(tally, latest.get(participant), value);
					latest.set(participant, value);
				}
				expect(tally).toEqual(tallyOf(latest.values()));
			})
		);
	});

	it('summarises mean, spread and histogram exactly', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: MIN_GROUP_SIZE, maxLength: 200 }), (values) => {
				const result = summarise('item', tallyOf(values));
				const mean = values.reduce((a, b) => a + b, 0) / values.length;
				const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
				expect(result.count).toBe(values.length);
				expect(result.mean).toBeCloseTo(mean, 9);
				expect(result.sd).toBeCloseTo(sd, 6);
				expect(result.histogram).toEqual([0, 1, 2, 3, 4].map((v) => values.filter((x) => x === v).length));
			})
		);
	});

	it('shows nothing but the count while fewer than three have rated', () => {
		for (const values of [[], [4], [0, 4]]) {
			expect(summarise('item', tallyOf(values))).toEqual({ itemId: 'item', count: values.length, mean: null, sd: null, histogram: null });
		}
		expect(summarise('item', tallyOf([4, 4, 1])).mean).toBe(3);
	});
});

describe('balance', () => {
	it('tips toward the pan with the higher average, whatever the number of items', () => {
		expect(balance([4, 4], [0, 0, 0, 0, 0]).tilt).toBe(1);
		expect(balance([0], [4, 4, 4]).tilt).toBe(-1);
		expect(balance([2, 2, 2, 2], [2]).tilt).toBe(0);
		expect(balance([3, 1], [1, 1, 1, 1, 1, 1, 1]).tilt).toBeCloseTo(0.25);
	});

	it('stays level until both pans have a shown result', () => {
		expect(balance([], [3])).toEqual({ load: null, resource: 3, tilt: 0 });
		expect(balance([3], [])).toEqual({ load: 3, resource: null, tilt: 0 });
	});

	it('always tilts within -1…1 and in the direction of the difference', () => {
		const means = fc.array(fc.double({ min: 0, max: 4, noNaN: true }), { minLength: 1, maxLength: 12 });
		fc.assert(
			fc.property(means, means, (loads, resources) => {
				const result = balance(loads, resources);
				expect(Math.abs(result.tilt)).toBeLessThanOrEqual(1);
				// Same direction as the difference (a difference too small to survive the division may give 0).
				expect(result.tilt * ((result.load ?? 0) - (result.resource ?? 0))).toBeGreaterThanOrEqual(0);
				if (Math.abs((result.load ?? 0) - (result.resource ?? 0)) > 1e-9) expect(result.tilt).not.toBe(0);
			})
		);
	});
});
