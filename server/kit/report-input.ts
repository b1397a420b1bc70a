import type { ReportInput } from '../../src/lib/server/report';
import type { SessionSnapshot } from '../../src/lib/server/session-json';
import { currentAgreement } from '../sheets/agreement';
import type { AppContext } from '../context';
import type { Room } from '../rooms/room';

/** A live room as the API's session view takes it. */
export function snapshotOf(room: Room, now = Date.now()): SessionSnapshot {
	return { state: room.state, results: room.resultsView(), timer: room.sessionView(now).timer };
}

/** Everything a report of `room` is made from: its state, published results, the agreement and every group's sheet. */
export async function reportInput(app: AppContext, room: Room): Promise<ReportInput> {
	const { collab } = app;
	if (!collab) throw new Error('The collaboration endpoint is not attached.');
	const state = room.state;
	const sheets: ReportInput['sheets'] = {};
	for (const group of state.groups.list) {
		sheets[group.id] = await collab.read(`${state.id}/${group.id}`, (doc) => {
			const texts: Record<string, string> = {};
			// A group's sheet holds one Y.Text per field (src/lib/documents.ts).
			for (const key of doc.share.keys()) texts[key] = doc.getText(key).toString();
			return texts;
		});
	}
	return { state, results: room.resultsView(), agreement: await currentAgreement(collab, state.id), sheets };
}
