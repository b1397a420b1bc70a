import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, isOfflineSocketError, networkSwitch, poll, textOf, type NetworkSwitch } from '../helpers/browser';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';

const THEME = 'theme-safety';

/**
 * No page puts the facilitator key or a phone's token into a WebSocket URL, where a reverse
 * proxy would log it: every sheet (a phone's, the console's wall and notes, the screen's, the
 * summary's agreement) opens /collab/ with a single-use ticket, a fresh one for every
 * connection, reconnects after a lost network included.
 */
describe('sheets open with tickets, never with a secret in the URL', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	const phones: Page[] = [];
	let network: NetworkSwitch;
	const field = (page: Page) => page.locator(`textarea[id="answer-${THEME}.0"]`);
	const sockets = () => [...room.requests].filter((url) => url.startsWith('ws'));
	const sheetSockets = () => sockets().filter((url) => new URL(url).pathname.startsWith('/collab/'));

	beforeAll(async () => {
		await room.start();
		app = room.app;
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		for (let index = 0; index < 2; index++) {
			const context = await room.device('phone');
			if (index === 1) network = await networkSwitch(context);
			phones.push(await room.page(context, `phone ${index + 1}`));
		}
	});

	afterAll(async () => {
		host?.close();
		await room.close();
	});

	it('opens every sheet of every view with a ticket of its own', async () => {
		for (const [index, phone] of phones.entries()) {
			await phone.goto(`${app.url}/j/${session.code}`);
			await hydrated(phone);
			await phone.getByLabel('Kaldenavn (valgfrit)').fill(`Leder ${index + 1}`);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
		expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
		expect(await host.emit('step:goto', { index: introTool.steps.findIndex((step) => step.id === THEME) })).toEqual({ data: null });
		expect(await host.emit('screen:show', { display: { kind: 'groups' } })).toEqual({ data: null });
		await field(phones[0]).fill('Vi taler om fejl.');
		await expect.poll(() => field(phones[1]).inputValue(), poll).toBe('Vi taler om fejl.');

		const console = await room.open('laptop', 'console');
		await console.goto(`${app.url}/s/${session.id}/facilitate#key=${session.facilitatorKey}`);
		await expect.poll(() => textOf(console.locator('section.wall article .field').first()), poll).toContain('Vi taler om fejl.');
		const projector = await room.open('projector', 'screen');
		await projector.goto(`${app.url}/s/${session.id}/screen`);
		await expect.poll(() => textOf(projector.locator('main')), poll).toContain('Vi taler om fejl.');
		const summary = await room.open('laptop', 'summary');
		await summary.goto(`${app.url}/s/${session.id}/summary#key=${session.facilitatorKey}`);
		await summary.getByRole('heading', { name: 'Udkast til gruppeaftale' }).waitFor();
		// Two phones, the console's wall and notes, the screen, the summary's agreement.
		await expect.poll(() => sheetSockets().length, poll).toBeGreaterThanOrEqual(6);

		for (const url of sheetSockets()) expect([...new URL(url).searchParams.keys()], url).toEqual(['ticket']);
		const tickets = sheetSockets().map((url) => new URL(url).searchParams.get('ticket'));
		expect(new Set(tickets).size).toBe(tickets.length);
	});

	it('asks for a fresh ticket when a phone is back after a lost network, and merges what it typed meanwhile', async () => {
		const before = sheetSockets().length;
		await network.cut();
		await phones[1].getByText('Du er offline', { exact: false }).waitFor();
		await field(phones[1]).press('End');
		await field(phones[1]).pressSequentially(' Skrevet offline.');
		await network.mend();
		await expect.poll(() => field(phones[0]).inputValue(), { timeout: 20_000, interval: 100 }).toBe('Vi taler om fejl. Skrevet offline.');
		expect(sheetSockets().length).toBeGreaterThan(before);
		const tickets = sheetSockets().map((url) => new URL(url).searchParams.get('ticket'));
		expect(new Set(tickets).size).toBe(tickets.length);
	});

	it('never puts the facilitator key or a phone’s token into any URL a page asks for', async () => {
		const tokens = await Promise.all(
			phones.map((phone) => phone.evaluate((code) => JSON.parse(localStorage.getItem(`vaegten:participant:${code}`) ?? '{}').token as string, session.code))
		);
		for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{22,}$/);
		expect(sockets().length).toBeGreaterThan(sheetSockets().length);
		for (const url of room.requests) {
			for (const secret of [session.facilitatorKey, encodeURIComponent(session.facilitatorKey), ...tokens]) expect(url, url).not.toContain(secret);
		}
		expect(room.errors.filter((error) => !isOfflineSocketError(error))).toEqual([]);
	});
});
