import { describe, expect, it } from 'vitest';
import { MyRatings } from '../../src/lib/client/my-ratings.svelte';
import type { LiveSession } from '../../src/lib/client/live-session.svelte';

/** Nothing is pending here, so adopting sends nothing: any use of the session fails the test. */
const unused = new Proxy({}, {
	get() {
		throw new Error('adopt sent something');
	}
}) as LiveSession;

describe('my ratings', () => {
	it('counts what the server has as saved, as after a reload', () => {
		const mine = new MyRatings();
		mine.adopt({ a: 3, b: 0 }, unused);
		expect(mine.values).toEqual({ a: 3, b: 0 });
		expect(mine.status).toEqual({ a: 'saved', b: 'saved' });
	});
});

describe('a rating whose answer was lost with the connection', () => {
	it('stays "saving" and is sent again, with the same request id, once the server says what it has', async () => {
		const sent: Array<{ itemId: string; value: number; requestId: string }> = [];
		const answers = [
			{ error: { code: 'moved' as const, message: 'The connection was lost before the answer came.' } },
			{ data: { itemId: 'a', value: 2 } }
		];
		const live = {
			rate: async (itemId: string, value: number, requestId: string) => {
				sent.push({ itemId, value, requestId });
				return answers.shift()!;
			}
		} as unknown as LiveSession;
		const mine = new MyRatings();
		await mine.rate(live, 'a', 2);
		expect(mine.status.a).toBe('saving');
		expect(mine.values.a).toBe(2);

		// Reconnected: the server's record lacks it, so it goes again.
		mine.adopt({}, live);
		await new Promise((resolve) => setTimeout(resolve, 0));
		expect(sent).toHaveLength(2);
		expect(sent[1]).toEqual(sent[0]);
		expect(mine.status.a).toBe('saved');
	});
});

describe('a rating stored before its answer was lost', () => {
	it('is saved once the server\'s record has it, and is not sent again', async () => {
		let sent = 0;
		const live = {
			rate: async () => {
				sent++;
				return { error: { code: 'moved' as const, message: 'The connection was lost before the answer came.' } };
			}
		} as unknown as LiveSession;
		const mine = new MyRatings();
		await mine.rate(live, 'a', 1);
		mine.adopt({ a: 1 }, live);
		expect(sent).toBe(1);
		expect(mine.status.a).toBe('saved');
		mine.adopt({ a: 1 }, unused);
	});
});
