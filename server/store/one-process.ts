import { randomUUID } from 'node:crypto';
import type { ClusterSignal, Leases, Signals, Store } from './types';

/**
 * Leases for a store only one process uses (SQLite): every claim is granted at epoch 1, so
 * the process that loads a session owns it. `held()` still says what this process has claimed,
 * so draining and handover code reads the same whichever store is behind it.
 */
export function oneProcessLeases(): Leases {
	const held = new Map<string, number>();
	return {
		owner: `local-${randomUUID()}`,
		shared: false,
		async claim(sessionId) {
			held.set(sessionId, 1);
			return { held: true, epoch: 1 };
		},
		async renewAll() {
			return [];
		},
		async release(sessionId) {
			held.delete(sessionId);
		},
		held: () => held
	};
}

/** Signals within the process: delivered to its own listeners, after the publisher's turn (as a database would). */
export function oneProcessSignals(): Signals {
	const listeners = new Set<(signal: ClusterSignal) => void>();
	return {
		async publish(signal) {
			setImmediate(() => {
				for (const listener of listeners) listener(signal);
			});
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		}
	};
}

/** One process: work under a lock name runs one at a time within it; a second asker does not wait. */
export function oneProcessExclusively(): Store['exclusively'] {
	const running = new Set<string>();
	return async (lock, work) => {
		if (running.has(lock)) return { ran: false };
		running.add(lock);
		try {
			return { ran: true, value: await work() };
		} finally {
			running.delete(lock);
		}
	};
}
