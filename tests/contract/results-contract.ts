import { describe, expect, it } from 'vitest';
import { contentOf } from '../../src/lib/session/prepare';
import { introTool } from '../../src/lib/template/intro-tool';
import type { TemplateRecord } from '../../server/store/types';
import { newSession, token, uniqueId, type Current } from './fixture';

const byParticipant = <T extends { participantId: number }>(rows: T[]) => [...rows].sort((a, b) => a.participantId - b.participantId);

export const templateRecord = (name: string, createdAt = Date.now()): TemplateRecord => ({
	id: uniqueId(),
	name,
	createdAt,
	ownerKeyHash: 'b'.repeat(64),
	content: { ...contentOf(introTool), title: name }
});

/** Ratings, dots, what was published of them, and templates. */
export function resultsContract(current: Current): void {
	describe('ratings, dots and templates', () => {
		it('keeps one rating per participant and item, the latest', async () => {
			const { store } = current();
			const { id } = await newSession(store);
			const a = await store.joinParticipant(id, token(), '', null, 1);
			await Promise.all([store.setRating(id, { participantId: a.id, itemId: 'x', value: 1 }, 2), store.setRating(id, { participantId: a.id, itemId: 'y', value: 4 }, 2)]);
			await store.setRating(id, { participantId: a.id, itemId: 'x', value: 3 }, 3);
			const rows = (await store.ratings(id)).sort((p, q) => p.itemId.localeCompare(q.itemId));
			expect(rows).toEqual([
				{ participantId: a.id, itemId: 'x', value: 3 },
				{ participantId: a.id, itemId: 'y', value: 4 }
			]);
		});

		it('round-trips what a batch published, beside the latest values, and clears dots', async () => {
			const { store } = current();
			const { id } = await newSession(store);
			const [a, b] = [await store.joinParticipant(id, token(), '', null, 1), await store.joinParticipant(id, token(), '', null, 1)];
			await store.setRating(id, { participantId: a.id, itemId: 'x', value: 2 }, 2);
			await store.setRating(id, { participantId: b.id, itemId: 'x', value: 0 }, 2);
			await store.setDots(id, { participantId: a.id, allocation: { c1: 2, c2: 1 } }, 2);
			await store.setDots(id, { participantId: b.id, allocation: { c2: 3 } }, 2);
			expect(byParticipant(await store.dots(id))).toEqual([
				{ participantId: a.id, allocation: { c1: 2, c2: 1 } },
				{ participantId: b.id, allocation: { c2: 3 } }
			]);

			await store.markPublished(id, { ratings: [{ participantId: a.id, itemId: 'x', value: 2 }], dots: [{ participantId: b.id, allocation: { c2: 3 } }] });
			await store.setRating(id, { participantId: a.id, itemId: 'x', value: 4 }, 3);
			await store.setDots(id, { participantId: b.id, allocation: { c1: 1 } }, 3);
			expect(byParticipant(await store.ratings(id))).toEqual([
				{ participantId: a.id, itemId: 'x', value: 4, published: 2 },
				{ participantId: b.id, itemId: 'x', value: 0 }
			]);
			expect(byParticipant(await store.dots(id))).toEqual([
				{ participantId: a.id, allocation: { c1: 2, c2: 1 } },
				{ participantId: b.id, allocation: { c1: 1 }, published: { c2: 3 } }
			]);

			await store.clearDots(id);
			expect(await store.dots(id)).toEqual([]);
			expect(await store.ratings(id)).toHaveLength(2);
		});

		it('keeps the template limit when 20 saves race with a limit of 5 (from two connections)', async () => {
			const { store } = current();
			const other = await current().another();
			try {
				const saved = await Promise.all(Array.from({ length: 20 }, (_, index) => (index % 2 ? other : store).saveTemplate(templateRecord(`t${index}`), 5)));
				expect(saved.filter(Boolean)).toHaveLength(5);
				expect(await store.templates()).toHaveLength(5);
				expect(await store.saveTemplate(templateRecord('one more'), 5)).toBe(false);
				expect(await store.saveTemplate(templateRecord('with room'), 6)).toBe(true);
			} finally {
				await other.close();
			}
		});

		it('lists templates newest first, finds one whole, and deletes it', async () => {
			const { store } = current();
			const older = templateRecord('older', 1_000);
			const newer = templateRecord('newer', 2_000);
			await store.saveTemplate(older, 10);
			await store.saveTemplate(newer, 10);
			expect(await store.templates()).toEqual([newer, older].map(({ id, name, createdAt }) => ({ id, name, createdAt })));
			expect(await store.templateById(older.id)).toEqual(older);
			await store.deleteTemplate(older.id);
			expect(await store.templateById(older.id)).toBeUndefined();
			expect((await store.templates()).map((template) => template.id)).toEqual([newer.id]);
		});
	});
}
