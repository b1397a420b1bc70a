import type { Logger } from '../log';
import type { Store } from '../store/types';
import { LEASE_TTL_MS, type RoomRegistry } from './registry';

export interface OwnershipTiming {
	/** How long a lease lasts unless renewed; a dead process's sessions are taken over after it. */
	ttlMs: number;
	/** How often every lease this process holds is renewed (well inside `ttlMs`). */
	renewMs: number;
	/** A session taken less than this long ago is not handed over again (no ping-pong while the proxy settles). */
	minHoldMs: number;
}

export const OWNERSHIP_TIMING: OwnershipTiming = { ttlMs: LEASE_TTL_MS, renewMs: 1_500, minHoldMs: 3_000 };

export interface Ownership {
	/**
	 * A connection for `sessionId` reached this process while another holds it: the proxy routes
	 * the session here now (a process came back), so its holder is asked to hand it over. At
	 * most once a second per session.
	 */
	requestHandover(sessionId: string): void;
	/** Hands every session held here over (SIGTERM): each is settled, saved and released. */
	drain(): Promise<void>;
	stop(): void;
}

/**
 * Keeps this process's leases (server/store/types.ts, Leases) and acts on what the other
 * processes say: renews every lease every `renewMs`, drops the rooms whose lease was taken
 * (their clients reconnect to the new owner), closes a room deleted elsewhere, and hands a
 * session over when another process asks for it. With one process (SQLite) there is nothing
 * to renew or hear, and a deletion is carried out where it is asked.
 */
export function watchOwnership(rooms: RoomRegistry, store: Store, log: Logger, timing: OwnershipTiming = OWNERSHIP_TIMING): Ownership {
	const { leases, signals } = store;
	const asked = new Map<string, number>();
	let renewing = false;

	const renew = async () => {
		if (renewing) return;
		renewing = true;
		try {
			const lost = await leases.renewAll(timing.ttlMs);
			for (const sessionId of lost) {
				// Deleted by another process (its lease went with it): everyone here hears so.
				if (!(await store.sessionById(sessionId))) {
					void rooms.unload(sessionId);
					continue;
				}
				log.warn({ sessionId }, 'lease lost: another process holds the session');
				void rooms.leave(sessionId, 'lost');
			}
		} catch (error) {
			log.error({ err: error }, 'lease renewal failed');
		} finally {
			renewing = false;
		}
	};
	const timer = leases.shared ? setInterval(() => void renew(), timing.renewMs) : undefined;
	timer?.unref();

	const unsubscribe = signals.subscribe((signal) => {
		if (signal.type === 'deleted') {
			void rooms.unload(signal.sessionId);
			return;
		}
		if (signal.to === leases.owner) return;
		const since = rooms.claimedAt(signal.sessionId);
		if (since === undefined || Date.now() - since < timing.minHoldMs) return;
		log.info({ sessionId: signal.sessionId }, 'handing the session over');
		void rooms.leave(signal.sessionId, 'handover');
	});

	return {
		requestHandover(sessionId) {
			if (!leases.shared) return;
			const now = Date.now();
			if (now - (asked.get(sessionId) ?? 0) < 1_000) return;
			asked.set(sessionId, now);
			if (asked.size > 10_000) asked.clear();
			signals.publish({ type: 'handover', sessionId, to: leases.owner }).catch((error: unknown) => log.error({ err: error }, 'handover request failed'));
		},
		async drain() {
			rooms.stopTaking();
			await Promise.all(rooms.loadedIds().map((id) => rooms.leave(id, 'handover')));
		},
		stop() {
			clearInterval(timer);
			unsubscribe();
		}
	};
}
