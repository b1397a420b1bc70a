import type { CollabServer } from '../collab/types';
import type { Logger } from '../log';
import type { RoomRegistry } from '../rooms/registry';
import { isPersonal } from '../../src/lib/personal-agreement';
import { isShown } from './access';
import { redraftAgreement } from './agreement';

/**
 * What a room's changes mean for its sheets: a sheet taken off the screen, or a person moved to
 * another group, closes the connections that lost their right to it (never a phone's own
 * lederaftale); each time the vote closes,
 * the draft agreement is made afresh from its final ranking, whatever an earlier look at it
 * (before the close) filled in. A room leaving for another process takes its sheets with it:
 * their connections close with `moved` (and connect again to the new process), and they are
 * saved first on a handover, dropped unsaved when the lease was lost.
 */
export function followRooms(rooms: RoomRegistry, collab: CollabServer, log: Logger): void {
	rooms.onLeave((room, reason) => collab.release(`${room.id}/`, { save: reason === 'handover' }));
	rooms.onLoad((room) => {
		const ofRoom = (docName: string) => docName.startsWith(`${room.id}/`);
		let voteStatus = room.state.priorities.status;
		room.on('session', () => {
			collab.closeWhere((docName, access) => access.role === 'screen' && ofRoom(docName) && !isShown(room.state, docName.split('/')[1]));
			const { status } = room.state.priorities;
			if (status === 'closed' && voteStatus !== 'closed') {
				room
					.publishNow()
					.then(() => redraftAgreement(collab, room))
					.catch((error: unknown) => log.error({ err: error, sessionId: room.id }, 'agreement: filling in failed'));
			}
			voteStatus = status;
		});
		// A participant's own lederaftale is its own whatever group it is in.
		room.on('self', (participantId, self) =>
			collab.closeWhere(
				(docName, access) =>
					access.role === `participant:${participantId}` && ofRoom(docName) && docName !== `${room.id}/${self.groupId}` && !isPersonal(docName.split('/')[1])
			)
		);
	});
}
