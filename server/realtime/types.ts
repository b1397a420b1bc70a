/** The socket.io server and socket of this app, typed by its protocol (src/lib/protocol.ts). */
import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, SelfView, ServerToClientEvents } from '../../src/lib/protocol';
import type { Logger } from '../log';
import type { Room } from '../rooms/room';

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
