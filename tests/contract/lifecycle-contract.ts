import { describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/types';
import { newSession, readElsewhere, titled, token, uniqueCode, uniqueId, type Current } from './fixture';
import { templateRecord } from './results-contract';

const update = (byte: number) => new Uint8Array([byte, byte + 1, byte + 2]);

/** Fills a session with one of everything a session can have. */
async function populate(store: Store, id: string) {
	const [a, b] = [await store.joinParticipant(id, token(), 'a', 'g1', 1), await store.joinParticipant(id, token(), 'b', null, 1)];
	await store.setRating(id, { participantId: a.id, itemId: 'x', value: 3 }, 2);
	await store.setRating(id, { participantId: b.id, itemId: 'x', value: 1 }, 2);
	await store.setDots(id, { participantId: a.id, allocation: { c1: 3 } }, 2);
	await store.markPublished(id, { ratings: [{ participantId: a.id, itemId: 'x', value: 3 }], dots: [{ participantId: a.id, allocation: { c1: 3 } }] });
	await store.collab.append(`${id}/g1`, [update(1), update(2)]);
	await store.collab.append(`${id}/agreement`, [update(3)]);
}

/** Durability and deletion. */
export function lifecycleContract(current: Current): void {
	describe('commits and deletion', () => {
		it('has committed every write when its promise resolves: a newly opened store reads it back', async () => {
			const subject = current();
			const { store } = subject;
			const elsewhere = <T>(read: (other: Store) => Promise<T>) => readElsewhere(subject, read);

			const { id, code, state } = await newSession(store);
			expect((await elsewhere((other) => other.sessionByCode(code)))?.id).toBe(id);
			await store.saveState(titled(state, 'saved'), 1);
			expect(await elsewhere((other) => other.sessionById(id))).toMatchObject({ version: 2, state: { title: 'saved' } });
			const tokenHash = token();
			const a = await store.joinParticipant(id, tokenHash, 'a', null, 1);
			expect(await elsewhere((other) => other.participantByToken(id, tokenHash))).toEqual({ id: a.id, nickname: 'a', groupId: null });
			await store.saveGroups(titled(state, 'grouped'), 2, [{ participantId: a.id, groupId: 'g1' }]);
			expect(await elsewhere((other) => other.participants(id))).toEqual([{ id: a.id, nickname: 'a', groupId: 'g1' }]);
			expect(await elsewhere((other) => other.sessionById(id))).toMatchObject({ version: 3, state: { title: 'grouped' } });
			await store.setRating(id, { participantId: a.id, itemId: 'x', value: 2 }, 2);
			expect(await elsewhere((other) => other.ratings(id))).toEqual([{ participantId: a.id, itemId: 'x', value: 2 }]);
			await store.setDots(id, { participantId: a.id, allocation: { c1: 1 } }, 2);
			expect(await elsewhere((other) => other.dots(id))).toEqual([{ participantId: a.id, allocation: { c1: 1 } }]);
			await store.markPublished(id, { ratings: [{ participantId: a.id, itemId: 'x', value: 2 }], dots: [{ participantId: a.id, allocation: { c1: 1 } }] });
			expect(await elsewhere((other) => other.ratings(id))).toEqual([{ participantId: a.id, itemId: 'x', value: 2, published: 2 }]);
			expect(await elsewhere((other) => other.dots(id))).toEqual([{ participantId: a.id, allocation: { c1: 1 }, published: { c1: 1 } }]);
			await store.clearDots(id);
			expect(await elsewhere((other) => other.dots(id))).toEqual([]);

			await store.collab.append(`${id}/g1`, [update(1), update(5)]);
			expect(await elsewhere((other) => other.collab.load(`${id}/g1`))).toEqual([update(1), update(5)]);
			await store.collab.compact(`${id}/g1`, update(9));
			expect(await elsewhere((other) => other.collab.load(`${id}/g1`))).toEqual([update(9)]);
			await store.collab.removeAll(`${id}/`);
			expect(await elsewhere((other) => other.collab.load(`${id}/g1`))).toEqual([]);

			const template = templateRecord('kept');
			expect(await store.saveTemplate(template, 5)).toBe(true);
			expect(await elsewhere((other) => other.templateById(template.id))).toEqual(template);
			await store.deleteTemplate(template.id);
			expect(await elsewhere((other) => other.templates())).toEqual([]);

			await store.deleteSession(id);
			expect(await elsewhere((other) => other.sessionById(id))).toBeUndefined();
		});

		it('deletes a session with everything in it (people, ratings, dots, what was published, its documents), and nothing else', async () => {
			const { store } = current();
			// The other session's id starts with the doomed one's: only exact `<id>/` documents go.
			const doomed = await newSession(store, { id: uniqueId() });
			const kept = await newSession(store, { id: `${doomed.id}0` });
			await populate(store, doomed.id);
			await populate(store, kept.id);
			const keptBefore = { participants: await store.participants(kept.id), ratings: await store.ratings(kept.id), dots: await store.dots(kept.id) };
			const tokenHash = token();
			await store.joinParticipant(doomed.id, tokenHash, 'late', null, 3);

			await store.deleteSession(doomed.id);
			expect(await store.sessionById(doomed.id)).toBeUndefined();
			expect(await store.sessionByCode(doomed.code)).toBeUndefined();
			expect(await store.sessionsCreatedBefore(Date.now() + 1)).toEqual([kept.id]);
			expect(await store.participantByToken(doomed.id, tokenHash)).toBeUndefined();
			expect(await store.participants(doomed.id)).toEqual([]);
			expect(await store.ratings(doomed.id)).toEqual([]);
			expect(await store.dots(doomed.id)).toEqual([]);
			expect(await store.collab.load(`${doomed.id}/g1`)).toEqual([]);
			expect(await store.collab.load(`${doomed.id}/agreement`)).toEqual([]);

			// Made again with the same id and code, it starts empty: nothing of the old one lingers.
			await newSession(store, { id: doomed.id, code: doomed.code });
			const again = await store.joinParticipant(doomed.id, tokenHash, 'new', null, 4);
			expect(again.created).toBe(true);
			expect(await store.ratings(doomed.id)).toEqual([]);
			expect(await store.dots(doomed.id)).toEqual([]);

			expect(await store.sessionById(kept.id)).toEqual(kept);
			expect({ participants: await store.participants(kept.id), ratings: await store.ratings(kept.id), dots: await store.dots(kept.id) }).toEqual(keptBefore);
			expect(await store.collab.load(`${kept.id}/g1`)).toEqual([update(1), update(2)]);
			expect(await store.collab.load(`${kept.id}/agreement`)).toEqual([update(3)]);
		});

		it('deletes a session that does not exist without complaint', async () => {
			const { store } = current();
			const kept = await newSession(store, { code: uniqueCode() });
			await store.deleteSession('nobody');
			expect(await store.sessionById(kept.id)).toEqual(kept);
		});
	});
}
