import type { Server as HttpServer } from 'node:http';
import { collabTickets } from './sheets/access';
import { redraftAgreement } from './sheets/agreement';
import { personalCounts } from './sheets/personal';
import { followRooms } from './sheets/revocation';
import { attachCollab } from './collab/server';
import type { CollabServer } from './collab/types';
import type { AppContext } from './context';
import { attachRealtime, type RealtimeServer } from './realtime/attach';
import { followUpOfRoom, keepResults } from './follow-up';
import { handOver } from './next-programme';

export interface Services {
	io: RealtimeServer;
	collab: CollabServer;
	close(): Promise<void>;
}

/**
 * Both WebSocket endpoints on one HTTP server: socket.io for the session, /collab/ for the
 * groups' sheets, with the app's policy for the sheets (server/sheets/) between them.
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
		collabTicket: tickets.issue,
		ownership: context.ownership,
		createFollowUp: (room) => followUpOfRoom(context, room),
		keepResults: async (room) => void (await keepResults(context, room.id)),
		handOver: (room, programme, key, allowed) => handOver(context, room, programme, key, allowed)
	});
	// Who has written a lederaftale, counted from the documents (the count only leaves the room).
	const counts = personalCounts(context.rooms, () => collab, context.log);
	const collab = attachCollab(httpServer, {
		store: context.store.collab,
		log: context.log,
		authorise: tickets.authorise,
		limits: context.config.collabLimits,
		onChange: counts.onChange
	});
	context.collab = collab;

	followRooms(context.rooms, collab, context.log);

	return {
		io,
		collab,
		async close() {
			await io.close();
			await collab.close();
		}
	};
}
