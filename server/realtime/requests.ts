import type { AckResponse } from '../../src/lib/protocol';

/** How many answered requests each room remembers; a phone retries within seconds, not thousands of requests later. */
const REMEMBERED = 4_096;

/**
 * The answers to recent requests that carried a client's `requestId`, per room. A request
 * sent again (a phone retrying after its connection dropped before the answer came) gets the
 * first answer again and is not applied twice: an old rating retried after a newer one was
 * made cannot overwrite it. In memory: after a restart a retried request is applied once more,
 * which for the events that carry ids (ratings, dots, table choices: whole values, not
 * increments) changes nothing.
 */
export class RecentRequests {
	readonly #answers = new Map<string, Promise<AckResponse<unknown>>>();

	/** The answer of `key`'s first run; `run` runs only the first time. Internal failures and a lost lease are not remembered: a retry may succeed. */
	once(key: string, run: () => Promise<AckResponse<unknown>>): Promise<AckResponse<unknown>> {
		const known = this.#answers.get(key);
		if (known) return known;
		const answer = run();
		this.#answers.set(key, answer);
		if (this.#answers.size > REMEMBERED) this.#answers.delete(this.#answers.keys().next().value!);
		void answer.then((response) => {
			if ('error' in response && (response.error.code === 'internal' || response.error.code === 'moved')) this.#answers.delete(key);
		});
		return answer;
	}
}
