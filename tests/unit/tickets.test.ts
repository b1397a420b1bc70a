import { describe, expect, it } from 'vitest';
import { TicketBook } from '../../server/collab/tickets';

describe('TicketBook', () => {
	it('issues 128-bit tickets that open their document once, until they expire', () => {
		let now = 0;
		const book = new TicketBook<string>({ ttlMs: 60_000, max: 10, now: () => now });
		const first = book.issue('s/g1', 'phone 1')!;
		const second = book.issue('s/g1', 'phone 1')!;
		expect(first).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(second).not.toBe(first);
		expect(book.redeem(first, 's/g1')).toBe('phone 1');
		expect(book.redeem(first, 's/g1')).toBeNull();
		now = 60_000;
		expect(book.redeem(second, 's/g1')).toBeNull();
		expect(book.size).toBe(0);
	});

	it('issues none while `max` are outstanding, and forgets expired ones as it issues', () => {
		let now = 0;
		const book = new TicketBook<number>({ ttlMs: 1_000, max: 3, now: () => now });
		const tickets = [1, 2, 3].map((n) => book.issue('s/g1', n));
		expect(tickets.every(Boolean)).toBe(true);
		expect(book.issue('s/g1', 4)).toBeNull();
		now = 1_000;
		expect(book.issue('s/g1', 5)).not.toBeNull();
		expect(book.size).toBe(1);
	});
});
