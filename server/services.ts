import type { Server as HttpServer } from 'node:http';
import { redraftAgreement } from './agreement';
import { collabTickets, isShown } from './collab-access';
import { attachCollab } from './collab/server';
import type { CollabServer } from './collab/types';
import type { AppContext } from './context';
import { attachRealtime, type RealtimeServer } from './realtime/attach';

export interface Services {
	io: RealtimeServer;
	collab: CollabServer;
	close(): Promise<void>;
}

/**
 * Both WebSocket endpoints on one HTTP server: socket.io for the session, /collab/ for the
 * groups' sheets. When a sheet leaves the screen or a person leaves a group, the
 * connections that lost their right to a sheet are closed.
 */
export function attachServices(httpServer: HttpServer, context: AppContext): Services {
	// Issued and used in this process, which holds the sessions' rooms.
	const tickets = collabTickets(context.rooms, context.guard, context.config.now);
	// `collab` is made just below; the realtime handlers use it only once clients are connected.
	const io = attachRealtime(httpServer, {
		rooms: context.rooms,
		guard: context.guard,
		store: context.store,
		log: context.log,
		redraftAgreement: (room) => redraftAgreement(collab, room),
		collabTicket: tickets.issue
	});
	const collab = attachCollab(httpServer, {
		store: context.store.collab,
		log: context.log,
		authorise: tickets.authorise,
		limits: context.config.collabLimits
	});
	context.collab = collab;

	context.rooms.onLoad((room) => {
		const ofRoom = (docName: string) => docName.startsWith(`${room.id}/`);
		let voteStatus = room.state.priorities.status;
		room.on('session', () => {
			collab.closeWhere((docName, access) => access.role === 'screen' && ofRoom(docName) && !isShown(room.state, docName.split('/')[1]));
			// Each time the vote closes, the draft agreement is made afresh from its final ranking,
			// whatever an earlier look at it (before the close) filled in.
			const { status } = room.state.priorities;
			if (status === 'closed' && voteStatus !== 'closed') {
				room
					.publishNow()
					.then(() => redraftAgreement(collab, room))
					.catch((error: unknown) => context.log.error({ err: error, sessionId: room.id }, 'agreement: filling in failed'));
			}
			voteStatus = status;
		});
		room.on('self', (participantId, self) =>
			collab.closeWhere((docName, access) => access.role === `participant:${participantId}` && ofRoom(docName) && docName !== `${room.id}/${self.groupId}`)
		);
	});

	return {
		io,
		collab,
		async close() {
			await io.close();
			await collab.close();
		}
	};
}
