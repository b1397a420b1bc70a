import type { SaveStatus } from '$lib/components/RatingGroup.svelte';
import type { ErrorCode } from '$lib/session/reducer';
import type { LiveSession } from './live-session.svelte';

/**
 * This phone's own ratings. A choice shows at once; it counts as saved only when the
 * server acknowledges it, and a refused one falls back to the last saved value.
 */
export class MyRatings {
	values = $state<Record<string, number>>({});
	status = $state<Record<string, SaveStatus>>({});
	lastError = $state<ErrorCode | null>(null);
	#saved: Record<string, number> = {};

	/** The server's record, on every (re)connect. */
	adopt(saved: Record<string, number>): void {
		this.#saved = { ...saved };
		this.values = { ...saved };
	}

	async rate(live: LiveSession, itemId: string, value: number): Promise<void> {
		this.values[itemId] = value;
		this.status[itemId] = 'saving';
		const response = await live.rate(itemId, value);
		if (this.values[itemId] !== value) return; // a newer choice is on its way
		if ('data' in response) {
			this.#saved[itemId] = value;
			this.status[itemId] = 'saved';
			this.lastError = null;
		} else {
			this.status[itemId] = 'failed';
			this.lastError = response.error.code;
			if (itemId in this.#saved) this.values[itemId] = this.#saved[itemId];
			else delete this.values[itemId];
		}
	}
}
