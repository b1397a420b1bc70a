import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAllocation, isListed, offerFromResults, offersByModel, pointKey, ranking, tally, type Allocation, type Candidate } from '../../src/lib/session/priorities';
import { reduce } from '../../src/lib/session/reducer';
import { initialState } from '../../src/lib/session/state';
import { summarise, tallyOf } from '../../src/lib/session/aggregate';
import { introTool } from '../../src/lib/template/intro-tool';

const leader = introTool.items.filter((item) => item.model === 'leader');
const general = introTool.items.filter((item) => item.model === 'general');
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

	it('draws on both models, each suggestion named by the model it comes from, the leader model first', () => {
		const results = introTool.items.map((item, i) => summarise(item.id, tallyOf([i % 5, (i + 2) % 5, 3])));
		const groups = offersByModel(introTool.items, results, (item) => item.label.da, 2);
		expect(groups.map((group) => group.model)).toEqual(['leader', 'general']);
		for (const { model, offers } of groups) {
			expect(offers).toHaveLength(4);
			const own = model === 'leader' ? leader : general;
			for (const offer of offers) {
				expect(offer.model).toBe(model);
				expect(own.some((item) => 'itemId' in offer.source && item.id === offer.source.itemId)).toBe(true);
			}
		}
	});

	it('leaves out a model nobody has rated enough, and still offers the other', () => {
		const results = general.map((item) => summarise(item.id, tallyOf([1, 2, 3])));
		const groups = offersByModel(introTool.items, results, (item) => item.label.da);
		expect(groups.map((group) => group.model)).toEqual(['general']);
		expect(groups[0].offers.every((offer) => offer.model === 'general')).toBe(true);
		expect(offersByModel(introTool.items, [], (item) => item.label.da)).toEqual([]);
	});
});

describe('the same point twice', () => {
	const state = () => initialState(introTool, { id: 'session-1', code: 'ABCDEF', createdAt: 0 });
	const add = (from: ReturnType<typeof state>, text: string) => reduce(from, 'facilitator', { type: 'candidate:add', text, source: { kind: 'own' } }, 0);

	it('compares points trimmed, with white space collapsed and case folded', () => {
		expect(pointKey('  Faste \t pauser\n på   MØDERNE ')).toBe('faste pauser på møderne');
		const listed = [{ text: 'Faste pauser på møderne' }];
		for (const same of ['faste pauser på møderne', ' FASTE  PAUSER PÅ MØDERNE', 'Faste\npauser på møderne']) expect(isListed(listed, same)).toBe(true);
		for (const other of ['Faste pauser på møder', 'Faste pauser på møderne!', 'Fastepauser på møderne']) expect(isListed(listed, other)).toBe(false);
	});

	it('is refused with `duplicate`, whatever its source, and the list stays as it was', () => {
		const first = add(state(), 'Faste pauser på møderne');
		if (!first.ok) throw new Error('refused');
		const again = reduce(first.state, 'facilitator', { type: 'candidate:add', text: '  faste PAUSER  på møderne ', source: { kind: 'answer', groupId: 'g1', field: 'q.0' } }, 0);
		expect(again).toEqual({ ok: false, error: { code: 'duplicate', message: expect.any(String) } });
		expect(first.state.priorities.candidates).toHaveLength(1);
		// Another point is still welcome, and a removed point may come back.
		const second = add(first.state, 'Sparring hver måned');
		expect(second.ok && second.state.priorities.candidates.map((candidate) => candidate.text)).toEqual(['Faste pauser på møderne', 'Sparring hver måned']);
		const removed = reduce(first.state, 'facilitator', { type: 'candidate:remove', candidateId: 'c1' }, 0);
		if (!removed.ok) throw new Error(removed.error.code);
		expect(add(removed.state, 'faste pauser på møderne').ok).toBe(true);
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
