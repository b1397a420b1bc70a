import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { programmes } from '../../src/lib/template/programmes';
import type { SessionCreated } from '../../src/lib/protocol';
import { BrowserRoom, hydrated, poll, textOf } from '../helpers/browser';
import { createSession } from '../helpers/server';

/** Where this test's screenshots go when SHOTS=DIR is set (to look at; never committed). */
const SHOTS = process.env.SHOTS;
const FORMATS = ['pdf', 'docx', 'xlsx', 'md', 'csv', 'json', 'ics'];
const template = programmes['leader-agreement'].template;
const titles = template.steps.map((step) => step.title.da);
/** What each phone writes as its own first point: found nowhere but on that phone and in its downloads. */
const pointOf = (p: number) => `Fast fredagsblok ${p + 1} til refleksion`;

async function shot(page: Page, name: string, size?: { width: number; height: number }): Promise<void> {
	if (!SHOTS) return;
	mkdirSync(SHOTS, { recursive: true });
	const before = page.viewportSize();
	if (size) await page.setViewportSize(size);
	await page.screenshot({ path: `${SHOTS}/${name}.png`, animations: 'disabled', caret: 'hide', fullPage: false });
	if (size && before) await page.setViewportSize(before);
}

/**
 * Lederaftale (Værktøj 1, issue 16) in real browsers: started from the API, run from the console
 * with the projector and three phones; each phone writes its own lederaftale, the console and
 * the screen show only how many have; a phone downloads its PDF and .ics, reloads after the end
 * and opens its agreement again; the facilitator's exports download and carry none of it.
 */
describe('Lederaftale: a private agreement on every phone', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: SessionCreated;
	let console_: Page;
	let screen: Page;
	let phones: Page[] = [];

	const heading = (page: Page) => textOf(page.locator('h1').first());
	const next = () => console_.getByRole('button', { name: 'Næste trin →', exact: true }).click();

	beforeAll(async () => {
		await room.start();
		app = room.app;
		session = await createSession(app.url, 'leader-agreement');
		({ facilitator: console_, screen, phones } = await room.openWorkshop(3));
	});

	afterAll(() => room.close());

	it('joins three phones at the welcome, with the code on the screen', async () => {
		await console_.goto(`${app.url}/s/${session.id}/facilitate#key=${session.facilitatorKey}`);
		await hydrated(console_);
		await screen.goto(`${app.url}/s/${session.id}/screen`);
		await screen.locator('section.join').waitFor();
		for (const [p, phone] of phones.entries()) {
			await phone.goto(`${app.url}/j/${session.code}`);
			await hydrated(phone);
			await phone.locator('#nickname').fill(`Leder ${p + 1}`);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
		await console_.locator('aside.right p.count').filter({ hasText: /^3$/ }).waitFor();
		expect(await heading(phones[2])).toBe(titles[0]);
	});

	it('runs through the steps to “Din lederaftale”, Ledervægten rated on a phone on the way', async () => {
		const personal = template.steps.findIndex((step) => step.kind === 'personal');
		for (let index = 1; index <= personal; index++) {
			await next();
			await expect.poll(() => heading(phones[0]), poll).toBe(titles[index]);
			if (template.steps[index].kind === 'rating') {
				const card = phones[0].locator('fieldset.rating').first();
				await card.locator('label:has(input[value="3"])').click();
				await card.getByText('✓ Gemt').waitFor();
			}
		}
		for (const page of [screen, ...phones.slice(1)]) await expect.poll(() => heading(page), poll).toBe('Din lederaftale');
	});

	it('lets each phone write its own agreement; the console and the screen show only the count', async () => {
		const count = (page: Page) => textOf(page.locator('.personal-count .label'));
		expect(await count(console_)).toBe('0 har skrevet en lederaftale');
		await shot(phones[0], 'phone-personal-empty');
		for (const [p, phone] of phones.entries()) {
			await phone.getByLabel('Hvad er vigtigt for, at du kan trives, mens du indfrier dine mål?').first().fill(pointOf(p));
			await phone.getByLabel('Hvad skal der til?').first().fill('Sæt den i kalenderen');
			await phone.getByLabel('Hjælp fra din nærmeste leder').fill('Min chef beskytter blokken');
			await phone.getByLabel('Dine sparringspartnere').fill('Netværksgruppen');
			await expect.poll(() => count(console_), poll).toBe(`${p + 1} har skrevet en lederaftale`);
			await expect.poll(() => count(screen), poll).toBe(`${p + 1} har skrevet en lederaftale`);
		}
		for (const page of [console_, screen]) {
			const text = await page.locator('body').innerText();
			for (const p of phones.keys()) expect(text).not.toContain(pointOf(p));
			expect(text).not.toContain('Netværksgruppen');
		}
		// Each phone shows its own, not the others'.
		expect(await phones[1].getByLabel('Hvad er vigtigt for, at du kan trives, mens du indfrier dine mål?').first().inputValue()).toBe(pointOf(1));
		await phones[0].getByLabel('Hvad er vigtigt for, at du kan trives, mens du indfrier dine mål?').first().blur();
		await shot(phones[0], 'phone-personal-written');
		await phones[0].getByRole('button', { name: 'Hent som PDF' }).scrollIntoViewIfNeeded();
		await shot(phones[0], 'phone-personal-downloads');
		for (const [name, size] of [
			['laptop', { width: 1440, height: 900 }],
			['projector', { width: 1920, height: 1080 }],
			['4x3', { width: 1024, height: 768 }]
		] as const) {
			await shot(console_, `console-personal-${name}`, size);
			await shot(screen, `screen-personal-${name}`, size);
		}
	});

	it('downloads the phone’s own PDF and .ics', async () => {
		const phone = phones[0];
		const save = async (button: string) => {
			const downloading = phone.waitForEvent('download');
			await phone.getByRole('button', { name: button, exact: true }).click();
			const download = await downloading;
			return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
		};
		const pdf = await save('Hent som PDF');
		expect(pdf.name).toMatch(/^lederaftale-\d{4}-\d{2}-\d{2}\.pdf$/);
		expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
		expect(pdf.bytes.length).toBeGreaterThan(2_000);
		const ics = await save('Læg opfølgningen i kalenderen');
		expect(ics.name).toMatch(/^lederaftale-\d{4}-\d{2}-\d{2}\.ics$/);
		const calendar = ics.bytes.toString('utf8').replace(/\r\n[ \t]/g, '');
		expect(calendar).toContain('BEGIN:VEVENT');
		expect(calendar).toContain('SUMMARY:Opfølgning på min lederaftale');
		expect(calendar).toContain(pointOf(0));
		expect(calendar).not.toContain(pointOf(1));
		expect(calendar).toMatch(/DTSTART;VALUE=DATE:\d{8}/);
	});

	it('opens the agreement again on the same phone after the workshop is ended', async () => {
		await console_.getByRole('button', { name: 'Afslut workshop', exact: true }).click();
		await console_.getByRole('button', { name: 'Ja, afslut', exact: true }).click();
		await phones[0].getByRole('heading', { name: 'Tak for i dag' }).waitFor();
		await phones[0].reload();
		await hydrated(phones[0]);
		await phones[0].getByRole('button', { name: 'Åbn din lederaftale', exact: true }).click();
		const field = phones[0].getByLabel('Hvad er vigtigt for, at du kan trives, mens du indfrier dine mål?').first();
		await expect.poll(() => field.inputValue(), poll).toBe(pointOf(0));
		expect(await phones[0].getByLabel('Hjælp fra din nærmeste leder').inputValue()).toBe('Min chef beskytter blokken');
		await shot(phones[0], 'phone-personal-reopened');
		const downloading = phones[0].waitForEvent('download');
		await phones[0].getByRole('button', { name: 'Hent som PDF', exact: true }).click();
		expect((await downloading).suggestedFilename()).toMatch(/\.pdf$/);
	});

	it('downloads the facilitator’s usual exports, none with any agreement’s text', async () => {
		await console_.goto(`${app.url}/s/${session.id}/summary`);
		await hydrated(console_);
		for (const format of FORMATS) {
			const name = format === 'ics' ? 'Kalender (.ics)' : format.toUpperCase();
			const downloading = console_.waitForEvent('download');
			await console_.getByRole('button', { name, exact: true }).click();
			const download = await downloading;
			expect(download.suggestedFilename(), format).toMatch(new RegExp(`\\.${format}$`));
			const bytes = readFileSync((await download.path())!).toString('latin1');
			for (const p of phones.keys()) expect(bytes, format).not.toContain(pointOf(p));
		}
		expect(await textOf(console_.locator('body'))).not.toContain(pointOf(0));
		expect(room.errors).toEqual([]);
	});
});
