import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import type { Room } from '../../server/rooms/room';
import { openStore } from '../../server/store/open';
import { facilitator, participant, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const internal = { error: { code: 'internal', message: expect.any(String) } };

/** The room saves at the version it loaded (compare and swap); a save made elsewhere in between wins. */
describe('a room and the version of its session', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let phone: TestClient;
	let room: Room;

	beforeAll(async () => {
		// The refusals below are logged as errors: expected here.
		app = await startTestApp(data.dir, { logLevel: 'silent' });
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		phone = await participant(app.url, session.code, undefined, 'Ada');
		room = (await app.context.rooms.byId(session.id))!;
	});

	afterAll(async () => {
		for (const client of [host, phone]) client?.close();
		await app?.close();
		data.remove();
	});

	const stored = () => app.context.store.sessionById(session.id);
	const me = () => host.members!.members.find((member) => member.nickname === 'Ada')!;

	it('saves every change at the version it saved last, one more each time', async () => {
		expect((await stored())?.version).toBe(1);
		expect(await host.emit('step:next', {})).toEqual({ data: null });
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		await host.until((c) => me()?.groupId != null);
		const elsewhere = me().groupId === 'g1' ? 'g2' : 'g1';
		expect(await host.emit('participant:move', { participantId: me().id, groupId: elsewhere })).toEqual({ data: null });
		await Promise.all([host.until(() => me().groupId === elsewhere), phone.until((c) => c.self?.groupId === elsewhere)]);
		expect(await stored()).toMatchObject({ version: 4, state: room.state });
	});

	it('answers `internal` and changes nothing, in memory or stored, once the session was saved elsewhere', async () => {
		const other = await openStore({ dataDir: data.dir });
		const loaded = (await other.sessionById(session.id))!;
		await other.saveState({ ...loaded.state, title: 'Saved elsewhere' }, loaded.version);
		await other.close();
		const before = room.state;
		const group = me().groupId;

		expect(await host.emit('step:next', {})).toEqual(internal);
		expect(await host.emit('groups:setup', { count: 3, mode: 'auto' })).toEqual(internal);
		expect(await host.emit('participant:move', { participantId: me().id, groupId: group === 'g1' ? 'g2' : 'g1' })).toEqual(internal);

		// Memory is where the store last agreed with it; nobody was told of a change.
		expect(room.state).toBe(before);
		expect(room.groupOf(me().id)).toBe(group);
		expect(host.session?.stepIndex).toBe(before.stepIndex);
		expect(phone.self?.groupId).toBe(group);
		// The store has the other writer's state, and the groups as they were.
		expect(await stored()).toMatchObject({ version: loaded.version + 1, state: { title: 'Saved elsewhere', stepIndex: before.stepIndex } });
		expect((await app.context.store.participants(session.id)).map((member) => member.groupId)).toEqual([group]);
	});
});
