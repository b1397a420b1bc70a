import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningApp } from '../../server/app';
import { facilitator, newToken, participant, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { upgradeStatus } from '../helpers/yjs';

const field = 'theme-safety.0';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) throw new Error('Timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** A real y-websocket client, as a phone, the console or the screen uses it. */
function openSheet(app: RunningApp, docName: string, params: Record<string, string>) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${app.port}/collab`, docName, doc, {
		params,
		WebSocketPolyfill: WebSocket as never,
		disableBc: true
	});
	const closes: number[] = [];
	provider.on('closed', ({ code }: { code: number }) => closes.push(code));
	return { doc, provider, closes, text: () => doc.getText(field).toString() };
}

describe("groups' shared answer sheets", () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	const tokens = Array.from({ length: 4 }, () => newToken());
	let phones: TestClient[] = [];
	const open: Array<ReturnType<typeof openSheet>> = [];
	const sheet = (docName: string, params: Record<string, string>) => {
		const opened = openSheet(app, docName, params);
		open.push(opened);
		return opened;
	};
	const doc = (groupId: string) => `${session.id}/${groupId}`;
	const groupOf = (i: number) => phones[i].self!.groupId!;

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		phones = await Promise.all(tokens.map((token, i) => participant(app.url, session.code, token, `Leder ${i + 1}`)));
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.self?.groupId != null)));
	});

	afterAll(async () => {
		for (const opened of open) opened.provider.destroy();
		for (const client of [host, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('lets two members of a group write at the same time and converge', async () => {
		const [a, b] = [0, 1, 2, 3].filter((i) => groupOf(i) === groupOf(0));
		const first = sheet(doc(groupOf(a)), { token: tokens[a] });
		const second = sheet(doc(groupOf(b)), { token: tokens[b] });
		await until(() => first.provider.synced && second.provider.synced);
		first.doc.getText(field).insert(0, 'Vi taler om fejl på møderne. ');
		second.doc.getText(field).insert(0, 'Sjældent om tvivl. ');
		await until(() => first.text() === second.text() && first.text().length > 40);
		expect(first.text()).toContain('Vi taler om fejl på møderne.');
		expect(first.text()).toContain('Sjældent om tvivl.');
	});

	it('refuses a member of another group, an unknown token and a stranger before any sync', async () => {
		const outsider = [0, 1, 2, 3].find((i) => groupOf(i) !== groupOf(0))!;
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}?token=${tokens[outsider]}`)).toBe(403);
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}?token=${newToken()}`)).toBe(403);
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}`)).toBe(401);
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}?key=wrong`)).toBe(403);
		expect(await upgradeStatus(app.port, `/collab/nosuchsession/g1?key=wrong`)).toBe(404);
		const refused = sheet(doc(groupOf(0)), { token: tokens[outsider] });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(refused.provider.synced).toBe(false);
		expect(refused.text()).toBe('');
	});

	it('opens every group to the facilitator', async () => {
		const wall = ['g1', 'g2'].map((groupId) => sheet(doc(groupId), { key: session.facilitatorKey }));
		await until(() => wall.every((opened) => opened.provider.synced));
		expect(wall.find((opened) => opened.text().includes('Sjældent om tvivl'))).toBeDefined();
	});

	it('lets the screen read only what is shown, never write, and closes it when taken down', async () => {
		const shownGroup = groupOf(0);
		expect(await upgradeStatus(app.port, `/collab/${doc(shownGroup)}?role=screen`)).toBe(403);
		expect(await host.emit('screen:show', { display: { kind: 'group', groupId: shownGroup } })).toEqual({ data: null });
		const projector = sheet(doc(shownGroup), { role: 'screen' });
		await until(() => projector.provider.synced && projector.text().includes('Sjældent om tvivl'));
		const other = shownGroup === 'g1' ? 'g2' : 'g1';
		expect(await upgradeStatus(app.port, `/collab/${doc(other)}?role=screen`)).toBe(403);

		projector.doc.getText(field).insert(0, 'SCREEN WAS HERE ');
		const member = sheet(doc(shownGroup), { token: tokens[0] });
		await until(() => member.provider.synced);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(member.text()).not.toContain('SCREEN WAS HERE');

		expect(await host.emit('screen:show', { display: { kind: 'step' } })).toEqual({ data: null });
		await until(() => projector.closes.length > 0);
		expect(projector.closes[0]).toBeGreaterThanOrEqual(4400);
	});

	it("closes a moved person's old sheet and opens the new one", async () => {
		const from = groupOf(3);
		const to = from === 'g1' ? 'g2' : 'g1';
		const old = sheet(doc(from), { token: tokens[3] });
		await until(() => old.provider.synced);
		const me = host.members!.members.find((member) => member.nickname === 'Leder 4')!;
		expect(await host.emit('participant:move', { participantId: me.id, groupId: to })).toEqual({ data: null });
		await until(() => old.closes.length > 0);
		expect(await upgradeStatus(app.port, `/collab/${doc(from)}?token=${tokens[3]}`)).toBe(403);
		expect(await upgradeStatus(app.port, `/collab/${doc(to)}?token=${tokens[3]}`)).toBe(101);
	});

	it("keeps every group's text across a restart", async () => {
		const before = open.find((opened) => opened.text().includes('Sjældent om tvivl'))!.text();
		for (const opened of open.splice(0)) opened.provider.destroy();
		for (const client of [host, ...phones]) client.close();
		await app.close();
		app = await startTestApp(data.dir);
		const again = sheet(doc(groupOf(0)), { key: session.facilitatorKey });
		await until(() => again.provider.synced);
		expect(again.text()).toBe(before);
	});
});
