import type { AppContext } from './context';
import { keepResults, retentionStart } from './follow-up';

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often the retention sweep looks for expired sessions (it also runs at start). */
export const SWEEP_EVERY_MS = 60 * 60 * 1000;

/**
 * Removes a session's raw data: everyone connected is disconnected, the groups' sheets and the
 * agreement are removed, then the session's rows (participants, ratings, dots and its lease go
 * with it). Any process may delete: the one that holds the session is told (`deleted`), and
 * closes its room; until it hears, its writes are refused, for the lease is gone with the session.
 */
async function removeRaw(app: AppContext, id: string): Promise<void> {
	await app.rooms.unload(id);
	await app.collab?.remove(`${id}/`);
	await app.store.deleteSession(id);
	if (app.store.leases.shared) await app.store.signals.publish({ type: 'deleted', sessionId: id });
}

/** Deletes a session and everything of it (`DELETE /api/sessions/ID`): its raw data and its kept results. */
export async function deleteSession(app: AppContext, id: string): Promise<void> {
	await removeRaw(app, id);
	await app.store.deleteKeptResults(id);
}

/**
 * The retention sweep; returns the ids of the sessions whose raw data it removed. A session's
 * raw data goes `retentionDays` after its retention started (its creation, or a follow-up's
 * planned day: server/follow-up.ts, retentionStart); what a comparison needs is kept first
 * (KeptResults). Kept results go `resultsRetentionDays` after their retention started.
 * One process at a time sweeps (`store.exclusively`): another finding it running sweeps nothing.
 */
export async function sweepExpired(app: AppContext, now = Date.now()): Promise<string[]> {
	const swept = await app.store.exclusively('retention-sweep', async () => {
		const cutoff = now - app.config.retentionDays * DAY_MS;
		const expired: string[] = [];
		for (const id of await app.store.sessionsCreatedBefore(cutoff)) {
			// The row's creation time (the sweep's own column), and the link, which never changes.
			const record = await app.store.sessionById(id);
			if (record && retentionStart({ createdAt: record.createdAt, followUp: record.state.followUp ?? null }) >= cutoff) continue;
			// The raw data goes whatever happens here: a session whose results cannot be kept is not kept forever.
			await keepResults(app, id).catch((error: unknown) => app.log.error({ err: error, sessionId: id }, 'results could not be kept'));
			await removeRaw(app, id);
			expired.push(id);
		}
		for (const id of await app.store.keptResultsBefore(now - app.config.resultsRetentionDays * DAY_MS)) await app.store.deleteKeptResults(id);
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
