import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningApp } from '../../server/app';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { ticketed, ticketPath, upgradeStatus } from '../helpers/yjs';

const field = 'theme-safety.0';

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) throw new Error('Timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

/** A real y-websocket client, as a phone, the console or the screen uses it: a ticket from `client` for each connection. */
function openSheet(app: RunningApp, docName: string, client: TestClient) {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${app.port}/collab`, docName, doc, ticketed(client, docName));
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
	const sheet = (docName: string, client: TestClient) => {
		const opened = openSheet(app, docName, client);
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
		const first = sheet(doc(groupOf(a)), phones[a]);
		const second = sheet(doc(groupOf(b)), phones[b]);
		await until(() => first.provider.synced && second.provider.synced);
		first.doc.getText(field).insert(0, 'Vi taler om fejl på møderne. ');
		second.doc.getText(field).insert(0, 'Sjældent om tvivl. ');
		await until(() => first.text() === second.text() && first.text().length > 40);
		expect(first.text()).toContain('Vi taler om fejl på møderne.');
		expect(first.text()).toContain('Sjældent om tvivl.');
	});

	it('refuses a member of another group, a token or key in the URL and a stranger before any sync', async () => {
		const outsider = [0, 1, 2, 3].find((i) => groupOf(i) !== groupOf(0))!;
		expect(await phones[outsider].emit('collab:ticket', { doc: groupOf(0) })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}?token=${tokens[outsider]}`)).toBe(400);
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}?token=${newToken()}`)).toBe(400);
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}`)).toBe(401);
		expect(await upgradeStatus(app.port, `/collab/${doc(groupOf(0))}?key=wrong`)).toBe(400);
		expect(await upgradeStatus(app.port, `/collab/nosuchsession/g1?ticket=made-up`)).toBe(403);
		const refused = sheet(doc(groupOf(0)), phones[outsider]);
		// A refused ticket is final: the sheet closes with 4403 and does not try again.
		await until(() => refused.closes.length > 0);
		expect(refused.closes).toEqual([4403]);
		expect(refused.provider.synced).toBe(false);
		expect(refused.text()).toBe('');
	});

	it('opens every group to the facilitator', async () => {
		const wall = ['g1', 'g2'].map((groupId) => sheet(doc(groupId), host));
		await until(() => wall.every((opened) => opened.provider.synced));
		expect(wall.find((opened) => opened.text().includes('Sjældent om tvivl'))).toBeDefined();
	});

	it('lets the screen read only what is shown, never write, and closes it when taken down', async () => {
		const shownGroup = groupOf(0);
		const wall = await screen(app.url, session.id);
		try {
			expect(await wall.emit('collab:ticket', { doc: shownGroup })).toMatchObject({ error: { code: 'forbidden' } });
			expect(await host.emit('screen:show', { display: { kind: 'group', groupId: shownGroup } })).toEqual({ data: null });
			await wall.until((c) => c.session?.display.kind === 'group');
			const projector = sheet(doc(shownGroup), wall);
			await until(() => projector.provider.synced && projector.text().includes('Sjældent om tvivl'));
			const other = shownGroup === 'g1' ? 'g2' : 'g1';
			expect(await wall.emit('collab:ticket', { doc: other })).toMatchObject({ error: { code: 'forbidden' } });
			await readOnly(projector, shownGroup);
		} finally {
			wall.close();
		}
	});

	async function readOnly(projector: ReturnType<typeof openSheet>, shownGroup: string): Promise<void> {
		projector.doc.getText(field).insert(0, 'SCREEN WAS HERE ');
		const member = sheet(doc(shownGroup), phones[0]);
		await until(() => member.provider.synced);
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(member.text()).not.toContain('SCREEN WAS HERE');

		expect(await host.emit('screen:show', { display: { kind: 'step' } })).toEqual({ data: null });
		await until(() => projector.closes.length > 0);
		expect(projector.closes[0]).toBeGreaterThanOrEqual(4400);
	}

	it("closes a moved person's old sheet and opens the new one", async () => {
		const from = groupOf(3);
		const to = from === 'g1' ? 'g2' : 'g1';
		const old = sheet(doc(from), phones[3]);
		await until(() => old.provider.synced);
		const me = host.members!.members.find((member) => member.nickname === 'Leder 4')!;
		expect(await host.emit('participant:move', { participantId: me.id, groupId: to })).toEqual({ data: null });
		await until(() => old.closes.length > 0);
		await phones[3].until((c) => c.self?.groupId === to);
		expect(await phones[3].emit('collab:ticket', { doc: from })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await upgradeStatus(app.port, await ticketPath(phones[3], doc(to)))).toBe(101);
	});

	it("keeps every group's text across a restart", async () => {
		const before = open.find((opened) => opened.text().includes('Sjældent om tvivl'))!.text();
		const written = doc(groupOf(0));
		for (const opened of open.splice(0)) opened.provider.destroy();
		for (const client of [host, ...phones]) client.close();
		await app.close();
		app = await startTestApp(data.dir);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		phones = [];
		const again = sheet(written, host);
		await until(() => again.provider.synced);
		expect(again.text()).toBe(before);
	});
});
