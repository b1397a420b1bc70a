import type { Awareness } from 'y-protocols/awareness';
import type { Logger } from '../log';
import { TokenBucket } from '../rate-limit';
import { changing, type CollabMessage } from './protocol';
import { COLLAB_CLOSE, DEFAULT_COLLAB_LIMITS, type CloseReason, type CollabLimits, type CollabStats } from './types';

/** The per-connection rates times `scale`, as RATE_LIMIT_SCALE scales every other rate limit (server/guard.ts). */
export function scaledCollabRates(scale: number): Pick<CollabLimits, 'sync' | 'awareness'> {
	const { sync, awareness } = DEFAULT_COLLAB_LIMITS;
	return {
		sync: { burst: Math.ceil(sync.burst * scale), perSecond: sync.perSecond * scale },
		awareness: { burst: Math.ceil(awareness.burst * scale), perSecond: awareness.perSecond * scale }
	};
}

export const emptyStats = (): CollabStats => ({ syncMessages: 0, awarenessMessages: 0, refused: 0, peakSyncBurst: 0, peakAwarenessBurst: 0 });

/**
 * One connection's budgets, as the socket.io side has one per connection: sync messages and
 * awareness messages that change something each have a token bucket, and an awareness message
 * a size cap. Over any of them the connection is closed (COLLAB_CLOSE.tooMuch): one client
 * cannot make the server send its group mates megabytes, nor apply thousands of updates at
 * once. An awareness message that changes nothing (y-websocket echoes every change it hears,
 * so a phone sends one for each change of its group) is forwarded to nobody: it costs a sync
 * message's token, as any other work does.
 */
export class MessageBudget {
	readonly #name: string;
	readonly #log: Logger;
	readonly #limits: CollabLimits;
	readonly #stats: CollabStats;
	readonly #sync: TokenBucket;
	readonly #awareness: TokenBucket;

	constructor(name: string, limits: CollabLimits, stats: CollabStats, log: Logger) {
		this.#name = name;
		this.#log = log;
		this.#limits = limits;
		this.#stats = stats;
		this.#sync = new TokenBucket(limits.sync);
		this.#awareness = new TokenBucket(limits.awareness);
	}

	/**
	 * Null while `message` is within the budgets (and then spends from them); else why the
	 * connection must close. `awareness`: the document's, where the peer's awareness would
	 * apply (null for a reader, whose awareness is dropped).
	 */
	admit(message: CollabMessage, awareness: Awareness | null, now = Date.now()): CloseReason | null {
		if (message.kind === 'awareness') {
			this.#stats.awarenessMessages += 1;
			if (message.update.length > this.#limits.maxAwarenessBytes) return this.#over('an awareness message over maxAwarenessBytes');
			if (awareness && changing(awareness, message.entries).length > 0) {
				if (!this.#awareness.take(now)) return this.#over('awareness messages over their rate');
				this.#stats.peakAwarenessBurst = Math.max(this.#stats.peakAwarenessBurst, this.#limits.awareness.burst - this.#awareness.remaining);
				return null;
			}
		} else {
			this.#stats.syncMessages += 1;
		}
		// Sync steps and updates alike (and types this server ignores, and awareness that changes nothing): each is work for the server.
		if (!this.#sync.take(now)) return this.#over('sync messages over their rate');
		this.#stats.peakSyncBurst = Math.max(this.#stats.peakSyncBurst, this.#limits.sync.burst - this.#sync.remaining);
		return null;
	}

	#over(what: string): CloseReason {
		this.#log.warn({ doc: this.#name, reason: what }, 'collab: over a limit, connection closed');
		return COLLAB_CLOSE.tooMuch;
	}
}
