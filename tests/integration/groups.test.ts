import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const sizes = (client: TestClient) => {
	const counts = new Map<string | null, number>();
	for (const member of client.members?.members ?? []) counts.set(member.groupId, (counts.get(member.groupId) ?? 0) + 1);
	return counts;
};

describe('groups', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	const phones: TestClient[] = [];
	const tokens: string[] = [];

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		for (let i = 0; i < 10; i++) {
			tokens.push(newToken());
			phones.push(await participant(app.url, session.code, tokens[i], `Leder ${i + 1}`));
		}
		await host.until((c) => c.members?.members.length === 10);
	});

	afterAll(async () => {
		for (const client of [host, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('fills groups automatically and evenly, and tells each phone its group', async () => {
		expect(await host.emit('groups:setup', { count: 3, mode: 'auto' })).toEqual({ data: null });
		await host.until((c) => [...sizes(c).values()].sort().join() === '3,3,4');
		await Promise.all(phones.map((phone) => phone.until((c) => c.self?.groupId != null && c.session?.groups.list.length === 3)));
		expect(new Set(phones.map((phone) => phone.self?.groupId))).toEqual(new Set(['g1', 'g2', 'g3']));
		expect(host.members?.members.find((m) => m.nickname === 'Leder 1')?.groupId).toBe(phones[0].self?.groupId);
	});

	it('puts a late joiner in the smallest group', async () => {
		const before = sizes(host);
		const smallest = [...before.entries()].filter(([id]) => id).sort((a, b) => a[1] - b[1])[0][0];
		tokens.push(newToken());
		const late = await participant(app.url, session.code, tokens[10], 'Sen');
		phones.push(late);
		expect(late.self?.groupId).toBe(smallest);
		await host.until((c) => c.members?.members.length === 11);
	});

	it('lets the facilitator move a person and rename a group; the phone hears it', async () => {
		const phone = phones[0];
		const target = phone.self?.groupId === 'g3' ? 'g2' : 'g3';
		const me = host.members!.members.find((m) => m.nickname === 'Leder 1')!;
		expect(await host.emit('participant:move', { participantId: me.id, groupId: target })).toEqual({ data: null });
		await phone.until((c) => c.self?.groupId === target);
		expect(await host.emit('group:rename', { groupId: target, name: 'Vinduesbordet' })).toEqual({ data: null });
		await phone.until((c) => c.session?.groups.list.find((g) => g.id === target)?.name === 'Vinduesbordet');
		expect((await app.context.store.participants(session.id)).find((m) => m.id === me.id)?.groupId).toBe(target);
	});

	it('refuses moves by participants, bad moves, and choosing while the server places people', async () => {
		const me = host.members!.members[1];
		expect(await phones[1].emit('participant:move', { participantId: me.id, groupId: 'g1' })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await host.emit('participant:move', { participantId: 99999, groupId: 'g1' })).toMatchObject({ error: { code: 'not_found' } });
		expect(await host.emit('participant:move', { participantId: me.id, groupId: 'g99' })).toMatchObject({ error: { code: 'unknown_group' } });
		expect(await host.emit('participant:move', { participantId: 'x', groupId: 'g1' })).toMatchObject({ error: { code: 'invalid_payload' } });
		expect(await phones[1].emit('group:choose', { groupId: 'g1' })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await host.emit('group:choose', { groupId: 'g1' })).toMatchObject({ error: { code: 'forbidden' } });
	});

	it('lets participants pick their table when the facilitator chooses that', async () => {
		expect(await host.emit('groups:setup', { count: 2, mode: 'choose' })).toEqual({ data: null });
		await phones[2].until((c) => c.self?.groupId === null && c.session?.groups.mode === 'choose');
		const [first] = phones[2].session!.groups.list;
		expect(await phones[2].emit('group:choose', { groupId: first.id })).toEqual({ data: null });
		await phones[2].until((c) => c.self?.groupId === first.id);
		expect(await phones[2].emit('group:choose', { groupId: 'g1' })).toMatchObject({ error: { code: 'unknown_group' } });
	});

	it('keeps groups and memberships across a restart', async () => {
		const groupOf2 = phones[2].self?.groupId;
		for (const client of [host, ...phones]) client.close();
		await app.close();
		app = await startTestApp(data.dir);
		const again = await participant(app.url, session.code, tokens[2]);
		expect(again.self?.groupId).toBe(groupOf2);
		expect(again.session?.groups.mode).toBe('choose');
		phones.splice(0, phones.length, again);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		expect(host.members?.members).toHaveLength(11);
		const projector = await screen(app.url, session.id);
		expect(projector.members).toBeNull();
		projector.close();
	});
});

describe('newcomers who join at the same moment', () => {
	const data = tempDataDir();
	let app: RunningApp;
	const clients: TestClient[] = [];
	afterAll(async () => {
		for (const client of clients) client.close();
		await app?.close();
		data.remove();
	});

	it('are spread over the groups, not all put into the one that was smallest', async () => {
		app = await startTestApp(data.dir);
		const session = await createSession(app.url);
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		expect(await host.emit('groups:setup', { count: 3, mode: 'auto' })).toEqual({ data: null });
		// Six joins in one turn of the event loop (as a storm's handshakes land): placed in turn, committed together.
		const room = (await app.context.rooms.byId(session.id))!;
		await Promise.all(Array.from({ length: 6 }, (_, n) => room.join(`token-hash-${n}`, `Samtidig ${n + 1}`)));
		await host.until((c) => c.members?.members.length === 6);
		expect([...sizes(host).values()].sort().join()).toBe('2,2,2');
	});
});
