import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { programmes, TOOL_PROGRAMMES } from '../../src/lib/template/programmes';
import { toolItems } from '../../src/lib/template/slides';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { createSession, type CreatedSession } from '../helpers/server';

const NICKNAMES = ['Mette', 'Jonas', 'Aisha'];
/** What each phone marks: tool 2 by all three, tool 1 and tool 3 by one each (held back). */
const MARKS = [
	[1, 2],
	[1],
	[1, 0]
];
const labels = toolItems.map((item) => item.label.da);
const chosen = programmes[TOOL_PROGRAMMES[2]];

/**
 * "Hvor kan I med fordel starte?" in real browsers (issue 16, point 5): the introduction at
 * its vote on the three tools, three phones (360×740) mark where to start, the console
 * (1440×900) starts the most marked tool, the projector (1920×1080) shows the new code, its QR
 * code and the tool's name, and each phone taps once and is in the new session under its own
 * nickname: the new console sees all three. The `it`s run in order and share the room.
 */
describe('from the introduction to the next tool, in the browser', () => {
	const room = new BrowserRoom();
	let intro: CreatedSession;
	let console_: Page;
	let screen: Page;
	const phones: Page[] = [];
	let next = { id: '', code: '' };

	beforeAll(async () => {
		await room.start();
		intro = await createSession(room.app.url);
		({ facilitator: console_, screen } = await room.openWorkshop(0));
		for (let p = 0; p < NICKNAMES.length; p++) phones.push(await room.open('phone', `phone ${p + 1}`));
		await console_.goto(`${room.app.url}/s/${intro.id}/facilitate#key=${intro.facilitatorKey}`);
		await screen.goto(`${room.app.url}/s/${intro.id}/screen`);
		for (const [p, phone] of phones.entries()) {
			await phone.goto(`${room.app.url}/j/${intro.code}`);
			await hydrated(phone);
			await phone.getByLabel('Kaldenavn', { exact: false }).fill(NICKNAMES[p]);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
	}, 90_000);
	afterAll(() => room.close());

	it('lets the phones mark where to start, and the console shows the tools with their counts, the most marked first', async () => {
		await console_.locator('nav.agenda button', { hasText: 'Hvor kan I med fordel starte?' }).click();
		for (const [p, phone] of phones.entries()) {
			await phone.getByRole('heading', { name: 'Hvor kan I med fordel starte?' }).waitFor();
			for (const tool of MARKS[p]) await phone.getByRole('checkbox', { name: labels[tool] }).check();
			await expect.poll(() => textOf(phone.locator('p.counter')), poll).toBe(`Du har markeret ${MARKS[p].length}`);
		}
		const panel = console_.getByRole('region', { name: 'Start det værktøj, I vil begynde med' });
		await expect.poll(() => textOf(panel.locator('li').first()), poll).toBe(`${labels[1]} 3 Start`);
		expect(await panel.locator('li .count').allTextContents()).toEqual(['3', '–', '–']);
		// Counted once, beside the buttons: no balance and no second list of counts in the console.
		expect(await console_.locator('div.vaegten, section.mark-results').count()).toBe(0);
		await screenshot(console_, 'next-tool-console-laptop.png', { fullPage: true });
		await screenshot(phones[0], 'next-tool-marks-phone.png', { fullPage: true });
	});

	it('starts the most marked tool from the console; the screen shows its name, new code and QR code', async () => {
		const panel = console_.getByRole('region', { name: 'Start det værktøj, I vil begynde med' });
		await panel.getByRole('button', { name: `Start ${labels[1]}`, exact: true }).click();
		const open = panel.getByRole('link', { name: `Åbn konsollen for ${chosen.template.title.da}` });
		await open.waitFor();
		const match = /\/s\/([^/]+)\/facilitate#key=/.exec((await open.getAttribute('href'))!);
		expect(match).not.toBeNull();
		const state = await room.app.context.rooms.stateOf(match![1]);
		expect(state?.steps.map((step) => step.id)).toEqual(chosen.template.steps.map((step) => step.id));
		next = { id: match![1], code: state!.code };
		expect(await textOf(panel.locator('.started p'))).toBe(`Startet: ${chosen.template.title.da} · Kode til telefonerne: ${next.code}`);

		const shown = screen.locator('section.next-session');
		await shown.waitFor();
		expect(await textOf(shown.locator('h2'))).toBe(chosen.template.title.da);
		expect(await textOf(shown.locator('.code'))).toBe(next.code);
		// The introduction's own code and timer leave the header: one code on the screen.
		expect(await screen.locator('header .code').count()).toBe(0);
		const qr = shown.locator('img.qr');
		await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0), poll).toBe(true);
		// Read from the back of the room: the code in big letters (four times the address above it, at least 3.5), the QR on its white card.
		const fontSize = (selector: string) => shown.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
		expect(await fontSize('.code')).toBeGreaterThanOrEqual(3.5 * (await fontSize('.how p:not(.lead):not(.code)')));
		expect(await qr.evaluate((img) => getComputedStyle(img).backgroundColor)).toBe('rgb(255, 255, 255)');
		await screenshot(screen, 'next-tool-screen-projector.png');
		await screen.setViewportSize({ width: 1024, height: 768 });
		await screenshot(screen, 'next-tool-screen-1024.png');
		await screenshot(console_, 'next-tool-started-laptop.png', { fullPage: true });
	});

	it('takes each phone into the new session with one tap, under the same nickname; the new console sees them all', async () => {
		for (const [p, phone] of phones.entries()) {
			const button = phone.getByRole('link', { name: `Fortsæt til ${chosen.template.title.da}`, exact: true });
			await button.waitFor();
			if (p === 0) await screenshot(phone, 'next-tool-continue-phone.png', { fullPage: true });
			await button.click();
			await phone.waitForURL(`${room.app.url}/j/${next.code}`);
			await expect.poll(() => textOf(phone.locator('.self')), poll).toBe(`Du deltager som ${NICKNAMES[p]}`);
			expect(await phone.locator('#nickname').count()).toBe(0);
		}
		await screenshot(phones[0], 'next-tool-joined-phone.png', { fullPage: true });
		const open = console_.getByRole('link', { name: `Åbn konsollen for ${chosen.template.title.da}` });
		await open.click();
		await console_.waitForURL(`${room.app.url}/s/${next.id}/facilitate`);
		const people = console_.locator('aside.right');
		for (const nickname of NICKNAMES) await people.getByText(nickname, { exact: true }).waitFor();
		const members = await room.app.context.store.participants(next.id);
		expect(members.map((member) => member.nickname).sort()).toEqual([...NICKNAMES].sort());
		await screenshot(console_, 'next-tool-new-console-laptop.png');
		expect(room.errors).toEqual([]);
	});
});
