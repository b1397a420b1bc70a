import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';

const THEME = 'theme-safety';
const TOO_MUCH = 'Arket modtog for meget på én gang – genindlæs siden.';

/**
 * A phone whose sheet the server closes for sending too much (COLLAB_CLOSE.tooMuch) says so
 * in plain Danish and stops, instead of reconnecting in a loop; a reload brings its text
 * back. The server runs with a tiny budget of sync messages, so fast typing goes over it.
 */
describe('a sheet closed for sending too much', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let phone: Page;
	const sheetSockets: string[] = [];
	const field = () => phone.locator(`textarea[id="answer-${THEME}.0"]`);

	beforeAll(async () => {
		await room.start({ collabLimits: { sync: { burst: 10, perSecond: 0.2 } } });
		app = room.app;
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
		expect(await host.emit('step:goto', { index: introTool.steps.findIndex((step) => step.id === THEME) })).toEqual({ data: null });
		phone = await room.open('phone', 'phone');
		phone.on('websocket', (socket) => socket.url().includes('/collab/') && sheetSockets.push(socket.url()));
	});

	afterAll(async () => {
		host?.close();
		await room.close();
	});

	it('tells the phone to reload, disables the field, and does not reconnect by itself', async () => {
		await phone.goto(`${app.url}/j/${session.code}`);
		await hydrated(phone);
		await phone.getByLabel('Kaldenavn (valgfrit)').fill('Hurtige Hanne');
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await field().waitFor();
		await expect.poll(() => sheetSockets.length, poll).toBe(1);
		await field().click();
		await field().pressSequentially('Vi taler om fejl og tvivl på hvert eneste møde.');
		const alert = phone.getByRole('alert');
		await expect.poll(() => textOf(alert), poll).toBe(TOO_MUCH);
		expect(await field().isDisabled()).toBe(true);
		await screenshot(phone, 'phone-sheet-too-much-phone.png');
		// y-websocket retries a transient close within 200 ms; this one it leaves closed.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		expect(sheetSockets).toHaveLength(1);
		expect(room.errors).toEqual([]);
	});

	it('merges what was typed once the page is reloaded', async () => {
		const typed = await field().inputValue();
		expect(typed.length).toBeGreaterThan(0);
		await phone.reload();
		await field().waitFor();
		await expect.poll(() => field().inputValue(), poll).toBe(typed);
		expect(await textOf(phone.getByRole('alert'))).toBe('');
		const stored = () => app.context.collab!.use(`${session.id}/g1`, (doc) => doc.getText(`${THEME}.0`).toString());
		await expect.poll(stored, poll).toBe(typed);
	});
});
