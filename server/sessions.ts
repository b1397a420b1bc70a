import type { AppContext } from './context';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the retention sweep looks for expired sessions (it also runs at start). */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes a session and everything in it: everyone connected is disconnected, the groups'
 * sheets and the agreement are removed, then the session's rows (participants, ratings,
 * dots and its lease go with it). Any process may delete: the one that holds the session is
 * told (`deleted`), and closes its room; until it hears, its writes are refused, for the lease
 * is gone with the session.
 */
export async function deleteSession(app: AppContext, id: string): Promise<void> {
	await app.rooms.unload(id);
	await app.collab?.remove(`${id}/`);
	await app.store.deleteSession(id);
	if (app.store.leases.shared) await app.store.signals.publish({ type: 'deleted', sessionId: id });
}

/**
 * Deletes every session created more than `retentionDays` before `now`; returns their ids.
 * One process at a time sweeps (`store.exclusively`): another finding it running sweeps nothing.
 */
export async function sweepExpired(app: AppContext, now = Date.now()): Promise<string[]> {
	const swept = await app.store.exclusively('retention-sweep', async () => {
		const expired = await app.store.sessionsCreatedBefore(now - app.config.retentionDays * DAY_MS);
		for (const id of expired) await deleteSession(app, id);
		return expired;
	});
	return swept.ran ? swept.value : [];
}

/** Runs the sweep at start and every hour; returns a function that stops it. */
export function startRetention(app: AppContext): () => void {
	const sweep = () =>
		sweepExpired(app).then(
			(deleted) => app.log.info({ deleted: deleted.length, sessionIds: deleted, retentionDays: app.config.retentionDays }, 'retention sweep'),
			(error: unknown) => app.log.error({ err: error }, 'retention sweep failed')
		);
	void sweep();
	const timer = setInterval(sweep, SWEEP_EVERY_MS);
	timer.unref();
	// Rooms nobody uses leave memory; checked a few times per idle period.
	const idle = setInterval(() => app.rooms.releaseIdle(app.config.roomIdleMs), Math.max(1_000, Math.min(60_000, app.config.roomIdleMs / 4)));
	idle.unref();
	return () => {
		clearInterval(timer);
		clearInterval(idle);
	};
}
