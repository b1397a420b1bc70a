import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAllocation, offerFromResults, ranking, tally, type Allocation, type Candidate } from '../../src/lib/session/priorities';
import { summarise, tallyOf } from '../../src/lib/session/aggregate';
import { introTool } from '../../src/lib/template/intro-tool';

const leader = introTool.items.filter((item) => item.model === 'leader');
const ids = ['c1', 'c2', 'c3', 'c4'];
const allocation = fc.dictionary(fc.constantFrom(...ids), fc.integer({ min: 0, max: 4 }), { maxKeys: 4 });

describe('candidates offered from the Vægten results', () => {
	it('offers the heaviest loads and the weakest resources, strongest signal first', () => {
		const results = leader.map((item, i) => summarise(item.id, tallyOf([i % 5, i % 5, (i + 1) % 5])));
		const offers = offerFromResults(leader, results, (item) => item.label.da, 2);
		const loads = offers.filter((offer) => offer.source.kind === 'load');
		const resources = offers.filter((offer) => offer.source.kind === 'resource');
		expect(loads).toHaveLength(2);
		expect(resources).toHaveLength(2);
		const loadMeans = results.filter((r) => leader.find((item) => item.id === r.itemId)!.kind === 'load').map((r) => r.mean!);
		expect(loads[0].mean).toBe(Math.max(...loadMeans));
		expect(loads[0].mean).toBeGreaterThanOrEqual(loads[1].mean);
		expect(resources[0].mean).toBeLessThanOrEqual(resources[1].mean);
	});

	it('offers nothing for items rated by fewer than three people', () => {
		const results = leader.map((item) => summarise(item.id, tallyOf([4, 4])));
		expect(offerFromResults(leader, results, (item) => item.label.da)).toEqual([]);
	});
});

describe('dots', () => {
	it('accepts exactly the allocations that spend at most the dots a phone has, on existing points', () => {
		fc.assert(
			fc.property(allocation, fc.integer({ min: 1, max: 10 }), (spend, dots) => {
				const spent = Object.values(spend).reduce((a, b) => a + b, 0);
				expect(checkAllocation(spend, dots, new Set(ids)) === null).toBe(spent <= dots);
			})
		);
		expect(checkAllocation({ c9: 1 }, 3, new Set(ids))).toMatch(/no point/);
		expect(checkAllocation({ c1: -1 }, 3, new Set(ids))).toMatch(/non-negative/);
		expect(checkAllocation({ c1: 1.5 }, 3, new Set(ids))).toMatch(/whole/);
	});

	it('totals equal the sum of every accepted allocation, and no phone is counted beyond its dots', () => {
		fc.assert(
			fc.property(fc.array(allocation, { maxLength: 40 }), fc.integer({ min: 1, max: 10 }), (allocations, dots) => {
				const accepted = allocations.filter((spend) => checkAllocation(spend, dots, new Set(ids)) === null);
				const totals = tally(accepted);
				const sum = (list: Allocation[]) => list.reduce((all, spend) => all + Object.values(spend).reduce((a, b) => a + b, 0), 0);
				expect([...totals.values()].reduce((a, b) => a + b, 0)).toBe(sum(accepted));
				expect(sum(accepted)).toBeLessThanOrEqual(accepted.length * dots);
				for (const id of ids) expect(totals.get(id) ?? 0).toBe(accepted.reduce((all, spend) => all + (spend[id] ?? 0), 0));
			})
		);
	});

	it('ranks by dots, ties in the order the points were added', () => {
		const candidates: Candidate[] = ids.map((id) => ({ id, text: id, source: { kind: 'own' } }));
		const ranked = ranking(candidates, new Map([['c3', 5], ['c2', 2], ['c4', 2]]));
		expect(ranked.map((candidate) => `${candidate.id}:${candidate.dots}`)).toEqual(['c3:5', 'c2:2', 'c4:2', 'c1:0']);
	});
});
