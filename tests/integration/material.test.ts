import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { markedCount } from '../../src/lib/session/marks';
import { protectiveItems, warningSignItems } from '../../src/lib/template/slides';
import { facilitator, newToken, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

/**
 * The slides' material one click away (issue 16, point 6) over real socket.io: the facilitator
 * adds "Tegn (uden)på…" as a mark step and the protective factors to Ledervægten by a catalogue
 * id; every device sees it; a resend adds nothing twice; a participant, the screen and a bad id
 * are refused and change nothing; the phones then mark the new list like any other.
 */
describe('adding the slides’ material while preparing', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[] = [];
	const everyone = () => [host, projector, ...phones];
	const signsStep = (client: TestClient) => client.content?.steps.find((step) => step.kind === 'rating' && step.model === 'warning-signs');

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all(['Anna', 'Bo', 'Cai'].map((name) => participant(app.url, session.code, newToken(), name)));
		for (const client of [host, projector]) await client.until((c) => c.content !== null && c.session !== null);
		for (const phone of phones) await phone.until((c) => c.phoneContent !== null && c.session !== null);
	});
	afterAll(async () => {
		for (const client of everyone()) client?.close();
		await app?.close();
		data.remove();
	});

	it('refuses participants, the screen and ids outside the catalogue, with a clear error, changing nothing', async () => {
		const before = JSON.stringify(host.content);
		for (const client of [phones[0], projector]) {
			expect(await client.emit('material:add', { material: 'warning-signs' })).toMatchObject({ error: { code: 'forbidden' } });
		}
		for (const payload of [{ material: 'nonsense' }, { material: 'warning-signs', step: { id: 'evil', kind: 'rating' } }, {}, 'warning-signs']) {
			const answer = await host.emit<never>('material:add', payload);
			expect(answer, JSON.stringify(payload)).toMatchObject({ error: { code: 'invalid_payload' } });
			expect((answer as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(JSON.stringify(host.content)).toBe(before);
		expect(signsStep(host)).toBeUndefined();
	});

	it('adds "Tegn (uden)på…" as a mark step and the protective factors to Ledervægten: every device sees them', async () => {
		expect(await host.emit('material:add', { material: 'warning-signs' })).toEqual({ data: null });
		expect(await host.emit('material:add', { material: 'protective' })).toEqual({ data: null });
		// The console and the screen hold the whole content (the phones see the list when the room gets there).
		for (const client of [host, projector]) {
			await client.until((c) => signsStep(c) !== undefined && c.content!.items.some((item) => item.id === protectiveItems[0].id));
			expect(client.content?.items.filter((item) => item.model === 'warning-signs').map((item) => item.id)).toEqual(warningSignItems.map((item) => item.id));
			expect(client.content?.items.filter((item) => protectiveItems.some((p) => p.id === item.id))).toHaveLength(protectiveItems.length);
		}
	});

	it('is idempotent: a second click and a resend add nothing twice', async () => {
		const before = JSON.stringify(host.content);
		for (const material of ['warning-signs', 'warning-signs', 'protective']) {
			expect(await host.emit('material:add', { material })).toEqual({ data: null });
		}
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(JSON.stringify(host.content)).toBe(before);
		expect(host.content?.steps.filter((step) => step.model === 'warning-signs')).toHaveLength(1);
	});

	it('the phones mark the added list like any other, and the count shows once three have marked', async () => {
		const step = signsStep(host)!;
		const index = host.content!.steps.findIndex((candidate) => candidate.id === step.id);
		expect(await host.emit('step:goto', { index })).toEqual({ data: null });
		const [itemId] = warningSignItems.map((item) => item.id);
		for (const phone of phones) await phone.until((c) => c.phoneContent?.step.id === step.id && c.phoneContent.items.length === warningSignItems.length);
		for (const phone of phones) expect(await phone.emit('rating:set', { itemId, value: 1 })).toMatchObject({ data: {} });
		await projector.until((c) => markedCount(c.results?.items.find((result) => result.itemId === itemId)) === 3);
	});

	it('stores the added material with the session', async () => {
		const stored = await app.context.store.sessionById(session.id);
		expect(stored?.state.steps.some((step) => step.model === 'warning-signs')).toBe(true);
		expect(stored?.state.votes[signsStep(host)!.id]).toBeDefined();
	});
});
