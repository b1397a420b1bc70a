import { TokenBucket } from '../rate-limit';
import type { CollabMessage } from './protocol';
import { COLLAB_CLOSE, type CloseReason, type CollabLimits, type CollabStats } from './types';

export const emptyStats = (): CollabStats => ({ syncMessages: 0, awarenessMessages: 0, refused: 0, peakSyncBurst: 0, peakAwarenessBurst: 0 });

/**
 * One connection's budgets, as the socket.io side has one per connection: sync messages and
 * awareness messages each have a token bucket, and an awareness message a size cap. Over any
 * of them the connection is closed (COLLAB_CLOSE.tooMuch): one client cannot make the server
 * send its group mates megabytes, nor apply thousands of updates at once.
 */
export class MessageBudget {
	readonly #limits: CollabLimits;
	readonly #stats: CollabStats;
	readonly #sync: TokenBucket;
	readonly #awareness: TokenBucket;

	constructor(limits: CollabLimits, stats: CollabStats) {
		this.#limits = limits;
		this.#stats = stats;
		this.#sync = new TokenBucket(limits.sync);
		this.#awareness = new TokenBucket(limits.awareness);
	}

	/** Null while `message` is within the budgets (and then spends from them); else why the connection must close. */
	admit(message: CollabMessage, now = Date.now()): CloseReason | null {
		if (message.kind === 'awareness') {
			this.#stats.awarenessMessages += 1;
			if (message.update.length > this.#limits.maxAwarenessBytes || !this.#awareness.take(now)) return COLLAB_CLOSE.tooMuch;
			this.#stats.peakAwarenessBurst = Math.max(this.#stats.peakAwarenessBurst, this.#limits.awareness.burst - this.#awareness.remaining);
			return null;
		}
		// Sync steps and updates alike (and types this server ignores): each is work for the server.
		this.#stats.syncMessages += 1;
		if (!this.#sync.take(now)) return COLLAB_CLOSE.tooMuch;
		this.#stats.peakSyncBurst = Math.max(this.#stats.peakSyncBurst, this.#limits.sync.burst - this.#sync.remaining);
		return null;
	}
}
