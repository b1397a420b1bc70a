import type * as Y from 'yjs';
import { documentName, personalDoc } from '../../src/lib/documents';
import { hasWritten, personalOwner, readPersonal, type PersonalAgreement } from '../../src/lib/personal-agreement';
import type { CollabServer } from '../collab/types';
import type { Logger } from '../log';
import type { Room } from '../rooms/room';
import type { RoomRegistry } from '../rooms/registry';

/**
 * How many have written their own lederaftale, derived by the server from the documents
 * themselves (the count travels in ResultsView.personal to the console and the screen; the
 * text goes nowhere but to its owner). A room that loads counts what its participants' stored
 * documents hold; from then on every change to one is counted as it happens (`onChange`, the
 * collab endpoint's listener). Only whether a document has text is read, never kept.
 */
export function personalCounts(rooms: RoomRegistry, collab: () => CollabServer, log: Logger) {
	rooms.onLoad((room) => {
		if (!room.state.steps.some((step) => step.kind === 'personal')) return;
		void countStored(room, collab()).catch((error: unknown) => log.error({ err: error, sessionId: room.id }, 'lederaftaler: counting failed'));
	});

	/** The collab endpoint's listener: a personal document changed; its room (if it is loaded here) hears whether it has text. */
	function onChange(docName: string, doc: Y.Doc): void {
		// Every keystroke in every sheet passes here: a group's sheet is let go at the first check.
		const [sessionId, docId] = docName.split('/');
		const owner = personalOwner(docId ?? '');
		if (owner === null || !rooms.isLoaded(sessionId)) return;
		const written = hasWritten(doc);
		void rooms.byId(sessionId).then(
			(room) => room?.notePersonal(owner, written),
			() => undefined
		);
	}

	return { onChange };
}

async function countStored(room: Room, collab: CollabServer): Promise<void> {
	for (const { id } of room.membersView().members) {
		const written = await collab.read(documentName(room.id, personalDoc(id)), hasWritten);
		room.notePersonal(id, written);
	}
}

/** One participant's own lederaftale as it is now (in memory here, or as committed). */
export function personalAgreement(collab: CollabServer, room: Room, participantId: number): Promise<PersonalAgreement> {
	return collab.read(documentName(room.id, personalDoc(participantId)), (doc) => readPersonal(doc, room.state.createdAt));
}
