/**
 * "Start værktøjet" (issue 16, point 5): the console starts one of the introduction's three tools
 * as a new session for the same people. The rule of the link is pure, in
 * src/lib/session/next-programme.ts; the room keeps it in order with its other changes.
 */
import type { NextCreated } from '../src/lib/protocol';
import { contentOf } from '../src/lib/session/content';
import type { ToolProgramme } from '../src/lib/session/next-programme';
import { programmes } from '../src/lib/template/programmes';
import type { AppContext } from './context';
import { sessionLinks } from './follow-up';
import type { Done, Room } from './rooms/room';

/**
 * The tool's session, made once and linked from `room`: in the room's language, opened by the
 * key the facilitator holds (`key`, which opened this room), so the console that asked opens
 * the new one, and a request sent again answers the same session with the same key. `allowed`:
 * the rate limit of making sessions, asked only when one is made.
 */
export async function handOver(app: AppContext, room: Room, programme: ToolProgramme, key: string, allowed: () => boolean): Promise<Done<NextCreated>> {
	const done = await room.handOver(programme, async () => {
		if (!allowed()) return { ok: false, error: { code: 'rate_limited', message: 'Too many attempts: wait a moment and try again.' } };
		const content = contentOf(programmes[programme].template, room.state.locale);
		const created = await app.rooms.create(Date.now(), content, null, key);
		app.log.info({ sessionId: created.id, nextOf: room.id, programme }, 'next tool started');
		return { ok: true, value: { programme, sessionId: created.id, code: created.code, title: content.title } };
	});
	if (!done.outcome.ok) return { outcome: done.outcome, announce: done.announce };
	const { sessionId: id, code } = done.outcome.value;
	return { outcome: { ok: true, value: { ...sessionLinks(app, { id, code, facilitatorKey: key }), programme, nextOf: room.id } }, announce: done.announce };
}
