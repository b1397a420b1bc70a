import { Encoder, PacketType } from 'socket.io-parser';
import type { PhoneContentView } from '../../src/lib/protocol';
import type { Room } from '../rooms/room';
import type { RealtimeServer, RealtimeSocket } from './types';

/**
 * `phone:content` for a room's phones (issue 17): what a phone shows, encoded once per version
 * and written as it is to every phone that connects, rather than serialised once per connection
 * (a join storm of 5,000 phones). A new version (another step, changed content) is broadcast to
 * the room's phones once; the console and the screen keep `session:content`.
 */
export function phoneContent(io: RealtimeServer, phonesOf: (sessionId: string) => string, notPhones: (sessionId: string) => string) {
	const encoder = new Encoder();
	const encoded = new WeakMap<PhoneContentView, ReturnType<Encoder['encode']>>();
	const sent = new WeakMap<Room, PhoneContentView>();

	const packetOf = (view: PhoneContentView) => {
		let packet = encoded.get(view);
		if (!packet) encoded.set(view, (packet = encoder.encode({ type: PacketType.EVENT, nsp: '/', data: ['phone:content', view] })));
		return packet;
	};

	return {
		/** To one phone as it connects: the current version's packet, encoded once. */
		send(socket: RealtimeSocket, room: Room): void {
			const view = room.phoneContentView();
			if (!sent.has(room)) sent.set(room, view);
			// socket.io's own path for pre-encoded packets (its adapters broadcast this way).
			socket.client._packet(packetOf(view) as never, { preEncoded: true });
		},
		/** After the room changed: its phones hear a new version once. */
		update(room: Room): void {
			const view = room.phoneContentView();
			if (sent.get(room) === view) return;
			sent.set(room, view);
			io.to(phonesOf(room.id)).except(notPhones(room.id)).emit('phone:content', view);
		}
	};
}

export type PhoneContent = ReturnType<typeof phoneContent>;
