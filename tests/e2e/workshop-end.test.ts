import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserRoom, hydrated, poll, screenshot, startWorkshop } from '../helpers/browser';

/**
 * The end of a workshop as the room sees it: "Afslut workshop" thanks the phones and the screen
 * and keeps the summary; "Slet" makes every open view say the workshop is deleted, and a
 * reloaded link says it does not exist (never that the key is wrong).
 */
describe('ending and deleting a workshop', () => {
	const room = new BrowserRoom();
	let facilitator: Page;
	let summary: Page;
	let screen: Page;
	let phones: Page[];
	let sessionId: string;
	let code: string;

	const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

	beforeAll(async () => {
		await room.start();
		({ facilitator, screen, phones } = await room.openWorkshop(2));
		({ sessionId, code } = await startWorkshop(facilitator, room.app.url));
		await screen.goto(`${room.app.url}/s/${sessionId}/screen`);
		for (const phone of phones) {
			await phone.goto(`${room.app.url}/j/${code}`);
			await hydrated(phone);
			await button(phone, 'Deltag').click();
		}
		await facilitator.locator('aside.right p.count').filter({ hasText: /^2$/ }).waitFor();
		// The summary, open in a second tab of the facilitator's laptop.
		summary = await room.page(facilitator.context(), 'summary');
		await summary.goto(`${room.app.url}/s/${sessionId}/summary`);
		await hydrated(summary);
	});

	afterAll(() => room.close());

	it('asks before it ends the workshop', async () => {
		await button(facilitator, 'Afslut workshop').click();
		await facilitator.getByText('Afslut workshoppen?', { exact: false }).waitFor();
		await button(facilitator, 'Fortryd').click();
		expect(await button(facilitator, 'Afslut workshop').count()).toBe(1);
		expect(await phones[0].getByText('Tak for i dag').count()).toBe(0);
	});

	it('ends it: the phones thank everyone and take no input, the screen shows the end', async () => {
		await button(facilitator, 'Afslut workshop').click();
		await button(facilitator, 'Ja, afslut').click();
		for (const page of [...phones, screen]) await page.getByRole('heading', { name: 'Tak for i dag' }).waitFor();
		for (const phone of phones) {
			expect(await phone.getByText('Workshoppen er afsluttet. Tak fordi du var med – du kan lukke siden nu.').count()).toBe(1);
			expect(await phone.locator('input, textarea, [contenteditable="true"]').count()).toBe(0);
		}
		await facilitator.getByRole('status').filter({ hasText: 'Workshoppen er afsluttet.' }).waitFor();
		await screenshot(phones[0], 'phone-ended-phone.png');
		await screenshot(screen, 'screen-ended-projector.png');
	});

	it('keeps the summary and its exports', async () => {
		await summary.reload();
		await hydrated(summary);
		await summary.getByRole('button', { name: 'Slet workshoppen', exact: true }).waitFor();
		const key = await summary.evaluate((id) => localStorage.getItem(`vaegten:facilitator:${id}`), sessionId);
		const exported = await fetch(`${room.app.url}/api/sessions/${sessionId}/export?format=md`, { headers: { authorization: `Bearer ${key}` } });
		expect(exported.status).toBe(200);
	});

	it('says "Workshoppen er slettet" on every open view once deleted', async () => {
		summary.once('dialog', (dialog) => void dialog.accept());
		await button(summary, 'Slet workshoppen').click();
		await summary.getByText('Workshoppen er slettet.', { exact: true }).waitFor();
		for (const page of [facilitator, screen, ...phones]) {
			await expect.poll(() => page.getByRole('heading', { name: 'Workshoppen er slettet.' }).count(), poll).toBe(1);
		}
		await screenshot(screen, 'screen-deleted-projector.png');
	});

	it('answers a reloaded link with "no such workshop", never a wrong key', async () => {
		const before = room.errors.length;
		for (const page of [facilitator, screen, summary]) {
			await page.reload();
			await page.getByText('Workshoppen findes ikke.', { exact: true }).waitFor();
			expect(await page.getByText('Nøglen åbner ikke denne workshop.').count()).toBe(0);
		}
		await phones[0].reload();
		await phones[0].getByText(`Der er ingen workshop med koden ${code}. Tjek koden på skærmen.`, { exact: true }).waitFor();
		// The reloaded screen's page itself is the 404, which Chromium logs: that one is expected.
		const reloadErrors = room.errors.splice(before);
		expect(reloadErrors.every((error) => error.endsWith('the server responded with a status of 404 (Not Found)'))).toBe(true);
	});

	it('ran without errors and made no request to any other site', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect(room.errors).toEqual([]);
	});
});
