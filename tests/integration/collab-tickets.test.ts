import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningApp } from '../../server/app';
import { facilitator, newToken, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { serverRoundTrip, ticketed, ticketFor, ticketPath, upgradeStatus, waitFor } from '../helpers/yjs';

const MINUTE = 60_000;

/**
 * The Yjs endpoint never sees a long-lived secret: a socket.io connection asks for a ticket
 * (`collab:ticket`), which opens one document, once, within a minute; `?key=` and `?token=`
 * are refused. The clock the tickets expire by is the test's.
 */
describe('tickets for /collab/', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let time = Date.now();
	let session: CreatedSession;
	let other: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[] = [];
	const tokens = [newToken(), newToken()];
	const providers: WebsocketProvider[] = [];
	const doc = (id: string) => `${session.id}/${id}`;
	const status = (path: string) => upgradeStatus(app.port, path);

	beforeAll(async () => {
		app = await startTestApp(data.dir, { now: () => time, refusals: { address: { limit: 1_000, seconds: 10 } } });
		[session, other] = [await createSession(app.url), await createSession(app.url)];
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all(tokens.map((token) => participant(app.url, session.code, token)));
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.self?.groupId != null)));
		expect(phones.map((phone) => phone.self!.groupId)).toEqual(['g1', 'g2']);
	});

	afterAll(async () => {
		for (const provider of providers) provider.destroy();
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('opens its document once: the second use is refused', async () => {
		const path = await ticketPath(host, doc('g1'));
		expect(await status(path)).toBe(101);
		expect(await status(path)).toBe(403);
	});

	it('opens only the document it was issued for, and a refused try uses it up', async () => {
		const ticket = await ticketFor(host, doc('g1'));
		expect(await status(`/collab/${doc('g2')}?ticket=${ticket}`)).toBe(403);
		expect(await status(`/collab/${doc('g1')}?ticket=${ticket}`)).toBe(403);
		// Another session's document of the same name.
		expect(await status(`/collab/${other.id}/g1?ticket=${await ticketFor(host, doc('g1'))}`)).toBe(403);
		expect(await status(`/collab/${doc('g1')}?ticket=not-a-ticket`)).toBe(403);
	});

	it('expires a minute after it was issued', async () => {
		const almost = await ticketPath(host, doc('g1'));
		const late = await ticketPath(host, doc('g1'));
		time += MINUTE - 1;
		expect(await status(almost)).toBe(101);
		time += 1;
		expect(await status(late)).toBe(403);
	});

	it('refuses ?key= and ?token= on /collab/, the right ones too, even beside a valid ticket', async () => {
		const key = encodeURIComponent(session.facilitatorKey);
		expect(await status(`/collab/${doc('g1')}?key=${key}`)).toBe(400);
		expect(await status(`/collab/${doc('g1')}?token=${tokens[0]}`)).toBe(400);
		expect(await status(`${await ticketPath(phones[0], doc('g1'))}&token=${tokens[0]}`)).toBe(400);
		expect(await status(`${await ticketPath(host, doc('g1'))}&key=${key}`)).toBe(400);
		expect(await status(`/collab/${doc('g1')}?role=screen`)).toBe(401);
		expect(await status(`/collab/${doc('g1')}`)).toBe(401);
	});

	it('opens nothing once the right it was issued for is lost: a person moved, a sheet taken off the screen', async () => {
		const phone = await ticketPath(phones[0], doc('g1'));
		await host.until((c) => c.members?.members.length === 2 && c.members.members.some((member) => member.groupId === 'g1'));
		const memberId = host.members!.members.find((member) => member.groupId === 'g1')!.id;
		expect(await host.emit('participant:move', { participantId: memberId, groupId: 'g2' })).toEqual({ data: null });
		await phones[0].until((c) => c.self?.groupId === 'g2');
		expect(await status(phone)).toBe(403);
		expect(await status(await ticketPath(phones[0], doc('g2')))).toBe(101);

		expect(await host.emit('screen:show', { display: { kind: 'group', groupId: 'g1' } })).toEqual({ data: null });
		await projector.until((c) => c.session?.display.kind === 'group');
		const projection = await ticketPath(projector, doc('g1'));
		expect(await host.emit('screen:show', { display: { kind: 'step' } })).toEqual({ data: null });
		await projector.until((c) => c.session?.display.kind === 'step');
		expect(await status(projection)).toBe(403);
	});

	it('is asked for again on every reconnect, and text typed while away merges', async () => {
		const asked: string[] = [];
		const counting = { emit: <T>(event: string, payload: unknown) => (asked.push(JSON.stringify(payload)), host.emit<T>(event, payload)) } as TestClient;
		const sheet = new Y.Doc();
		const provider = new WebsocketProvider(`${app.url.replace('http', 'ws')}/collab`, doc('g1'), sheet, ticketed(counting, doc('g1')));
		providers.push(provider);
		await waitFor(() => provider.synced, 'the sheet to sync');
		expect(asked).toEqual([JSON.stringify({ doc: 'g1' })]);

		// The connection drops, as on a lost network; the phone types on meanwhile.
		((provider.ws as unknown as { socket: WebSocket }).socket).terminate();
		await waitFor(() => !provider.wsconnected, 'the connection to drop');
		sheet.getText('theme-safety.0').insert(0, 'Skrevet imens forbindelsen var væk');
		await waitFor(() => provider.synced, 'the sheet to reconnect');
		expect(asked).toHaveLength(2);
		await serverRoundTrip(provider, sheet);
		const stored = await app.context.collab!.use(doc('g1'), (d) => d.getText('theme-safety.0').toString());
		expect(stored).toBe('Skrevet imens forbindelsen var væk');
	});
});
