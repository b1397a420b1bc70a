/**
 * Follow-ups on the server: what is kept of a session when its raw data goes (its
 * measurement, server/store/types.ts KeptResults), and a follow-up session made from it.
 * The rules are pure and in src/lib/session/follow-up.ts; this gathers and stores.
 */
import { localDate, whoOf } from '../src/lib/agreement';
import type { FollowUpCreated } from '../src/lib/protocol';
import { rolesOf } from '../src/lib/session/content';
import { endsInPlan, followUpSeed, measure } from '../src/lib/session/follow-up';
import type { SessionState } from '../src/lib/session/state';
import { VAEGTEN_MODELS } from '../src/lib/template/types';
import type { AppContext } from './context';
import type { Room } from './rooms/room';
import { currentAgreement } from './sheets/agreement';
import type { KeptResults } from './store/types';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a session's retention starts: its creation, or for a follow-up its planned day when
 * that is later. A follow-up made today for three months on is not swept before it has run.
 */
export function retentionStart(state: Pick<SessionState, 'createdAt' | 'followUp'>): number {
	const planned = state.followUp?.plannedFor ? Date.parse(`${state.followUp.plannedFor}T00:00:00Z`) + DAY_MS : Number.NaN;
	return Number.isFinite(planned) ? Math.max(state.createdAt, planned) : state.createdAt;
}

/** What is kept of `room`'s session: its published results, ranking and agreement, with its key's hash. */
export async function keptOf(app: AppContext, room: Room, keyHash: string): Promise<KeptResults> {
	const state = room.state;
	const results = room.resultsView();
	const agreement = app.collab ? await currentAgreement(app.collab, state.id) : { title: '', points: [] };
	const measurement = measure({
		id: state.id,
		createdAt: state.createdAt,
		date: localDate(new Date(state.createdAt)),
		title: state.title,
		items: state.items,
		results: results.items,
		ranking: results.ranking,
		agreement: {
			title: agreement.title,
			points: agreement.points.map((point) => ({ what: point.what, who: whoOf(point, rolesOf(state.steps), state.locale), firstStep: point.firstStep, followUp: point.followUp })),
			plan: endsInPlan(state)
		}
	});
	return {
		sessionId: state.id,
		keyHash,
		retainFrom: retentionStart(state),
		locale: state.locale,
		items: state.items.filter((item) => (VAEGTEN_MODELS as readonly string[]).includes(item.model)),
		measurement,
		earlier: state.followUp?.chain ?? []
	};
}

/** Keeps what a comparison needs of the session (replacing what was kept before); false when the session is gone. */
export async function keepResults(app: AppContext, sessionId: string): Promise<boolean> {
	const record = await app.store.sessionById(sessionId);
	const room = record && (await app.rooms.view(sessionId));
	if (!record || !room) return false;
	await app.store.keepResults(await keptOf(app, room, record.keyHash));
	return true;
}

/** The links of a new session, as `POST /api/sessions` answers them. The key is in this answer only. */
export function sessionLinks(app: AppContext, created: { id: string; code: string; facilitatorKey: string }) {
	const base = app.config.publicUrl;
	const { id, code, facilitatorKey } = created;
	return { id, code, joinUrl: `${base}/j/${code}`, screenUrl: `${base}/s/${id}/screen`, facilitatorUrl: `${base}/s/${id}/facilitate`, facilitatorKey };
}

export type FollowUpLinks = FollowUpCreated;

/**
 * A follow-up of the session `source` describes (from its live room or its kept results):
 * the same instrument, its agreed points to rate, its chain of measurements.
 */
export async function createFollowUp(app: AppContext, source: KeptResults, now = Date.now()): Promise<FollowUpLinks> {
	const { content, followUp } = followUpSeed(source.measurement, source.items, source.locale, source.earlier);
	const created = await app.rooms.create(now, content, followUp);
	app.log.info({ sessionId: created.id, followUpOf: source.sessionId }, 'follow-up created');
	return { ...sessionLinks(app, created), followUpOf: source.sessionId };
}

/** A follow-up of a live room's session (the console's button, or the API while the raw data is there). */
export async function followUpOfRoom(app: AppContext, room: Room, now = Date.now()): Promise<FollowUpLinks | undefined> {
	const record = await app.store.sessionById(room.id);
	if (!record) return undefined;
	return createFollowUp(app, await keptOf(app, room, record.keyHash), now);
}
