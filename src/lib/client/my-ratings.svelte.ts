import type { ErrorCode } from '$lib/session/errors';
import type { LiveSession } from './live-session.svelte';
import { randomId } from './random-id';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'failed';

/**
 * This phone's own ratings. A choice shows at once; it counts as saved only when the
 * server acknowledges it, and a refused one falls back to the last saved value.
 */
export class MyRatings {
	values = $state<Record<string, number>>({});
	status = $state<Record<string, SaveStatus>>({});
	lastError = $state<ErrorCode | null>(null);
	#saved: Record<string, number> = {};
	/**
	 * Choices sent but not yet acknowledged (they may be waiting for the network), each with
	 * the request id it is sent with every time: the server applies one id once, so a late
	 * retry of an older choice cannot overwrite a newer one.
	 */
	readonly #pending = new Map<string, { value: number; requestId: string }>();

	/**
	 * The server's record, on every (re)connect: what it has is saved, after a reload too.
	 * Choices still on their way stay shown (and saving), and any the server does not have
	 * are sent again: one sent just before a crash may never be answered, and setting a
	 * rating to the same value twice changes nothing.
	 */
	adopt(saved: Record<string, number>, live: LiveSession): void {
		this.#saved = { ...saved };
		this.values = { ...saved, ...Object.fromEntries([...this.#pending].map(([itemId, { value }]) => [itemId, value])) };
		for (const itemId of Object.keys(saved)) if (!this.#pending.has(itemId)) this.status[itemId] = 'saved';
		for (const [itemId, pending] of this.#pending) {
			if (saved[itemId] !== pending.value) {
				void this.#send(live, itemId, pending);
				continue;
			}
			// Stored before its answer was lost with the connection: it is saved.
			this.#pending.delete(itemId);
			this.status[itemId] = 'saved';
		}
	}

	rate(live: LiveSession, itemId: string, value: number): Promise<void> {
		this.values[itemId] = value;
		this.status[itemId] = 'saving';
		const pending = { value, requestId: randomId(16) };
		this.#pending.set(itemId, pending);
		return this.#send(live, itemId, pending);
	}

	async #send(live: LiveSession, itemId: string, pending: { value: number; requestId: string }): Promise<void> {
		const { value } = pending;
		const response = await live.rate(itemId, value, pending.requestId);
		if (this.#pending.get(itemId) !== pending) return; // a newer choice is on its way, or already answered
		// The answer was lost with the connection (or the session moved to another server process):
		// still saving, and sent again by `adopt` once the server says what it has.
		if ('error' in response && response.error.code === 'moved') return;
		this.#pending.delete(itemId);
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
