import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_GROUP_SIZE } from '../../src/lib/session/aggregate';
import { Publication } from '../../src/lib/session/publication';

type Step = { kind: 'rate'; contributor: number; value: number } | { kind: 'publish' };

const steps = fc.array(
	fc.oneof(
		{ weight: 4, arbitrary: fc.record({ kind: fc.constant('rate' as const), contributor: fc.integer({ min: 1, max: 8 }), value: fc.integer({ min: 0, max: 4 }) }) },
		{ weight: 1, arbitrary: fc.constant({ kind: 'publish' as const }) }
	),
	{ maxLength: 120 }
);

/** What an observer sees of one item: count, sum (mean × count) and the histogram. */
function view(published: Map<number, number>) {
	const values = [...published.values()];
	return { count: values.length, sum: values.reduce((a, b) => a + b, 0), histogram: [0, 1, 2, 3, 4].map((v) => values.filter((x) => x === v).length) };
}

describe('results in batches', () => {
	it('never lets two consecutive publications differ by fewer than three people', () => {
		fc.assert(
			fc.property(steps, (sequence: Step[]) => {
				const publication = new Publication<number>();
				const shown = new Map<number, number>();
				for (const step of sequence) {
					if (step.kind === 'rate') {
						publication.set(step.contributor, step.value);
						continue;
					}
					const before = new Map(shown);
					for (const { contributor, value } of publication.publish()) shown.set(contributor, value);
					const changed = [...shown].filter(([contributor, value]) => before.get(contributor) !== value).length;
					// Nothing, or at least three people's contributions: no difference isolates one.
					expect(changed === 0 || changed >= MIN_GROUP_SIZE).toBe(true);
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('leaves no rating derivable from any two consecutive messages', () => {
		fc.assert(
			fc.property(steps, (sequence: Step[]) => {
				const publication = new Publication<number>();
				const shown = new Map<number, number>();
				const truth = new Map<number, number>();
				for (const step of sequence) {
					if (step.kind === 'rate') {
						publication.set(step.contributor, step.value);
						truth.set(step.contributor, step.value);
						continue;
					}
					const before = view(shown);
					const previous = new Map(shown);
					for (const { contributor, value } of publication.publish()) shown.set(contributor, value);
					const after = view(shown);
					// The outside attack: one more rater and nothing else, and the difference of the sums is their rating.
					const newcomers = [...shown.keys()].filter((contributor) => !previous.has(contributor)).length;
					if (after.count - before.count === 1 && newcomers === 1 && after.sum !== before.sum) {
						expect([...shown.keys()].filter((contributor) => previous.get(contributor) !== shown.get(contributor)).length).toBeGreaterThanOrEqual(MIN_GROUP_SIZE);
					}
					// Whoever changed between the two messages did so in a crowd of at least three.
					const movers = [...shown.keys()].filter((contributor) => previous.get(contributor) !== shown.get(contributor));
					expect(movers.length === 0 || movers.length >= MIN_GROUP_SIZE).toBe(true);
					// Everything shown is somebody's true latest value at the time it was published.
					for (const [contributor, value] of shown) expect(truth.has(contributor) && value >= 0).toBe(true);
				}
			}),
			{ numRuns: 500 }
		);
	});

	it('holds back only the changes short of a whole batch, whatever the timing', () => {
		fc.assert(
			fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 40 }), (publishAfter) => {
				const publication = new Publication<number>();
				publishAfter.forEach((publishNow, index) => {
					publication.set(index + 1, index % 5);
					if (publishNow) publication.publish();
				});
				publication.publish();
				expect(publication.pending).toBe(publishAfter.length % MIN_GROUP_SIZE);
				expect([...publication.published()]).toHaveLength(publishAfter.length - (publishAfter.length % MIN_GROUP_SIZE));
			})
		);
	});

	it('takes a rating changed back to what was published as no change', () => {
		const publication = new Publication<number>();
		for (const contributor of [1, 2, 3]) publication.set(contributor, 2);
		publication.publish();
		publication.set(1, 4);
		publication.set(2, 4);
		publication.set(1, 2);
		publication.set(3, 0);
		expect(publication.pending).toBe(2);
		expect(publication.publish()).toEqual([]);
	});

	it('publishes whole what waited when the round closed, and nothing that came after it', () => {
		const publication = new Publication<number>();
		publication.set(1, 2);
		publication.set(2, 3);
		// The facilitator moves on: the two ratings of the round are its final result.
		publication.seal();
		// A rating of the next round lands before the broadcast goes out: it waits for its batch.
		publication.set(3, 4);
		expect(publication.publish().map(({ contributor }) => contributor)).toEqual([1, 2]);
		expect(publication.pending).toBe(1);
		publication.set(4, 1);
		expect(publication.publish()).toEqual([]);
		publication.set(5, 0);
		expect(publication.publish().map(({ contributor }) => contributor)).toEqual([3, 4, 5]);
	});

	it('starts afresh after a restart from what was published, not from what was merely committed', () => {
		const publication = new Publication<number>();
		publication.load(1, 3, 3);
		publication.load(2, 4, 1);
		publication.load(3, 2, undefined);
		expect(publication.pending).toBe(2);
		expect([...publication.published()].sort()).toEqual([1, 3]);
	});
});
