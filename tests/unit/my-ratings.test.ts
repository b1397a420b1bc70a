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
