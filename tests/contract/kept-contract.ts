import { describe, expect, it } from 'vitest';
import type { KeptResults } from '../../server/store/types';
import { measure } from '../../src/lib/session/follow-up';
import { introTool } from '../../src/lib/template/intro-tool';
import { newSession, readElsewhere, uniqueId, type Current } from './fixture';

/** Kept results of a session: its measurement, with a mean and an agreement to tell copies apart. */
export function keptRecord(sessionId: string, createdAt: number, title = 'Ledergruppen'): KeptResults {
	const measurement = measure({
		id: sessionId,
		createdAt,
		date: '2026-12-01',
		title,
		items: introTool.items,
		results: [{ itemId: 'general-mening', count: 3, mean: 2, sd: 0, histogram: [0, 0, 3, 0, 0] }],
		ranking: [{ text: 'Faste pauser', dots: 4 }],
		agreement: { title: 'Aftale', points: [{ what: 'Faste pauser', who: ['Topledelsen'], firstStep: 'Kalender', followUp: '2027-03-01' }] }
	});
	return { sessionId, keyHash: 'b'.repeat(64), retainFrom: createdAt, locale: 'da', items: introTool.items, measurement, earlier: [] };
}

/** What is kept of a session after its raw data goes (server/store/types.ts, KeptResults). */
export function keptContract(current: Current): void {
	describe('kept results', () => {
		it('keeps a session’s results, committed when the promise resolves, and replaces them when kept again', async () => {
			const subject = current();
			const { store } = subject;
			const id = uniqueId();
			const first = keptRecord(id, 1_000);
			await store.keepResults(first);
			expect(await readElsewhere(subject, (other) => other.keptResults(id))).toEqual(first);
			const again = { ...keptRecord(id, 1_000, 'Renamed'), earlier: [keptRecord(uniqueId(), 500).measurement] };
			await store.keepResults(again);
			expect(await store.keptResults(id)).toEqual(again);
			expect(await store.keptResults(uniqueId())).toBeUndefined();
		});

		it('outlives its session, and goes only when deleted itself', async () => {
			const { store } = current();
			const { id, createdAt } = await newSession(store);
			await store.keepResults(keptRecord(id, createdAt));
			await store.deleteSession(id);
			expect(await store.sessionById(id)).toBeUndefined();
			expect((await store.keptResults(id))?.measurement.sessionId).toBe(id);
			await store.deleteKeptResults(id);
			expect(await store.keptResults(id)).toBeUndefined();
			await expect(store.deleteKeptResults(id)).resolves.toBeUndefined();
		});

		it('lists the kept results whose retention started strictly before a time', async () => {
			const { store } = current();
			const [old, edge, recent] = [uniqueId(), uniqueId(), uniqueId()];
			await store.keepResults(keptRecord(old, 1_000));
			await store.keepResults(keptRecord(edge, 2_000));
			await store.keepResults(keptRecord(recent, 3_000));
			expect((await store.keptResultsBefore(2_000)).sort()).toEqual([old]);
			expect((await store.keptResultsBefore(3_001)).sort()).toEqual([old, edge, recent].sort());
		});
	});
}
