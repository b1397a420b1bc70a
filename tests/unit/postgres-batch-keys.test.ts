import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keysOf, takeDisjoint } from '../../server/store/postgres-batch';
import type { HotWrite } from '../../server/store/postgres-hot-writes';

const participant = fc.integer({ min: 1, max: 3 });
const item = fc.constantFrom('a', 'b', 'c');
const write: fc.Arbitrary<HotWrite> = fc.oneof(
	fc.record({ participantId: participant, itemId: item, value: fc.integer({ min: 0, max: 4 }) }).map(({ participantId, itemId, value }): HotWrite => ({ kind: 'rating', sessionId: 's', participantId, itemId, value, now: 1 })),
	participant.map((participantId): HotWrite => ({ kind: 'dots', sessionId: 's', participantId, allocation: '{}', now: 1 })),
	fc.array(fc.record({ participantId: participant, itemId: item, value: fc.integer({ min: 0, max: 4 }) }), { maxLength: 3 }).map((ratings): HotWrite => ({ kind: 'publish', sessionId: 's', batch: { ratings, dots: [] } })),
	fc.constantFrom('g1', 'g2').map((doc): HotWrite => ({ kind: 'append', sessionId: 's', doc, data: [] })),
	fc.constantFrom('t1', 't2').map((tokenHash): HotWrite => ({ kind: 'join', sessionId: 's', tokenHash, nickname: '', groupId: null, now: 1 }))
);

describe('a batch sent while others are in flight (takeDisjoint)', () => {
	it('takes only writes sharing no row with those in flight, keeps each row’s writes in order, and loses none', () => {
		fc.assert(
			fc.property(fc.array(write, { maxLength: 20 }), fc.array(write, { maxLength: 5 }), (writes, inFlight) => {
				const queue = writes.map((w, at) => ({ write: w, at }));
				const busy = new Set(inFlight.flatMap(keysOf));
				const { taken, left, keys } = takeDisjoint(queue, busy);
				// Nothing lost or doubled, each part in the order asked.
				expect([...taken, ...left].map((p) => p.at).sort((x, y) => x - y)).toEqual(queue.map((p) => p.at));
				for (const part of [taken, left]) expect(part.map((p) => p.at)).toEqual([...part.map((p) => p.at)].sort((x, y) => x - y));
				// What is taken touches no row in flight; `keys` are exactly its rows.
				for (const p of taken) for (const key of keysOf(p.write)) expect(busy.has(key)).toBe(false);
				expect(keys).toEqual(new Set(taken.flatMap((p) => keysOf(p.write))));
				// A row's writes: every one taken comes before every one left, so they commit in order.
				for (const p of left)
					for (const key of keysOf(p.write)) for (const q of taken) if (keysOf(q.write).includes(key)) expect(q.at).toBeLessThan(p.at);
			})
		);
	});

	it('gives a publication the keys of the rows it publishes', () => {
		const publish: HotWrite = { kind: 'publish', sessionId: 's', batch: { ratings: [{ participantId: 1, itemId: 'a', value: 2 }], dots: [{ participantId: 1, allocation: {} }] } };
		const rating: HotWrite = { kind: 'rating', sessionId: 's', participantId: 1, itemId: 'a', value: 3, now: 1 };
		expect(keysOf(publish)).toEqual([...keysOf(rating), keysOf({ kind: 'dots', sessionId: 's', participantId: 1, allocation: '{}', now: 1 })[0]]);
		expect(takeDisjoint([{ write: publish }], new Set(keysOf(rating))).taken).toEqual([]);
	});
});
