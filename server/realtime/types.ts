/** The socket.io server and socket of this app, typed by its protocol (src/lib/protocol.ts). */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, FollowUpCreated, NextCreated, NextProgrammeInput, SelfView, ServerToClientEvents } from '../../src/lib/protocol';
import type { Guard } from '../guard';
import type { Logger } from '../log';
import type { Ownership } from '../rooms/ownership';
import type { RoomRegistry } from '../rooms/registry';
import type { Done, Room } from '../rooms/room';
import type { CollabTickets } from '../sheets/access';
import type { Store } from '../store/types';

export interface SocketData {
	role: 'facilitator' | 'screen' | 'participant';
	room: Room;
	/** Set for participants only. */
	participantId?: number;
	self?: SelfView;
	/** Where a failing handler is reported. */
	log: Logger;
	/** The client's address (facilitators only): making a follow-up is rate-limited per address, as making a session. */
	address?: string;
}

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type RealtimeSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export interface RealtimeDeps {
	rooms: RoomRegistry;
	guard: Guard;
	/** Writes the draft agreement afresh from the room's ranking (the Yjs side owns the document). */
	redraftAgreement: (room: Room) => Promise<void>;
	/** For whether a participant token has joined a session before, and whether other processes share the database. */
	store: Pick<Store, 'participantByToken' | 'leases'>;
	/** Asks another process to hand over a session whose connections arrive here. */
	ownership: Pick<Ownership, 'requestHandover'>;
	log: Logger;
	/** Tickets for the Yjs endpoint, issued to a connection as its role allows. */
	collabTicket: CollabTickets['issue'];
	/** Makes a follow-up of the room's session (server/follow-up.ts); undefined when the session is gone. */
	createFollowUp: (room: Room) => Promise<FollowUpCreated | undefined>;
	/** Keeps what a comparison needs of the session (an ended workshop: server/follow-up.ts). */
	keepResults: (room: Room) => Promise<void>;
	/** Starts a tool as the room's next session, opened by `key` (server/next-programme.ts); `allowed` asks the rate limit. */
	handOver: (room: Room, programme: NextProgrammeInput['programme'], key: string, allowed: () => boolean) => Promise<Done<NextCreated>>;
}
