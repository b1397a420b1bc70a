import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, startWorkshop, textOf } from '../helpers/browser';

/**
 * Preparing a workshop in real browsers: the facilitator opens "Forbered" in the console at
 * laptop size, changes the title, the language, skips and moves steps, changes a duration,
 * adds an item and saves a template, from the keyboard where it matters; a phone and the
 * projector follow at once; the front page starts a new workshop from the template. With
 * SCREENSHOTS=1 the panel is saved as docs/screenshots/console-prepare.png. The `it`s share
 * one room and run in order.
 */

const WHY = 'Hvorfor sætte fokus på lederes trivsel?';
const RESEARCH = 'Hvad ved vi om lederes arbejdsmiljø?';
const GENERAL = 'Vægten – belastninger og ressourcer';
const TITLE = 'Ledere af ledere, Region Nord';
const TEMPLATE = 'Region Nord – kort version';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core on the prepare panel (the rest of the console is looks.test.ts's). */
async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
	await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
		const { violations } = await axe.run(document.querySelector('section.prepare')!, { resultTypes: ['violations'] });
		return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
	});
}

/** Sideways scrolling, and controls inside `selector` smaller than 44 × 44 px. */
function targetProblems(page: Page, selector: string): Promise<string[]> {
	return page.evaluate((scope) => {
		const problems: string[] = [];
		if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`scrolls sideways: ${document.documentElement.scrollWidth}`);
		const controls = document.querySelectorAll<HTMLElement>(`${scope} :is(button, select, input[type=text], input[type=number], label:has(input[type=radio]), label:has(input[type=checkbox]))`);
		for (const control of controls) {
			const box = control.getBoundingClientRect();
			if (box.width < 43.5 || box.height < 43.5) problems.push(`${control.tagName} "${(control.getAttribute('aria-label') ?? control.textContent ?? '').trim().slice(0, 40)}" ${Math.round(box.width)}×${Math.round(box.height)}`);
		}
		return problems;
	}, selector);
}

describe('preparing a workshop in the browser', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let facilitator: Page;
	let screen: Page;
	let phone: Page;
	let sessionId = '';
	let code = '';

	const panel = () => facilitator.locator('section.prepare');
	const agendaButtons = () => facilitator.locator('nav.agenda li button');
	const agendaTitles = async () => (await agendaButtons().locator('.title').allTextContents()).map((text) => text.replace(/^Gå til /, '').replace(/\s*\(.*\)$/, '').trim());

	beforeAll(async () => {
		await room.start();
		app = room.app;
		const opened = await room.openWorkshop(1);
		({ facilitator, screen } = opened);
		phone = opened.phones[0];
	});

	afterAll(() => room.close());

	it('opens "Forbered" beside the agenda in a new workshop, with a phone and the projector in the room', async () => {
		({ sessionId, code } = await startWorkshop(facilitator, app.url));

		await phone.goto(`${app.url}/j/${code}`);
		await hydrated(phone);
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await phone.getByText('Trin 1 af 14').waitFor();
		await screen.goto(`${app.url}/s/${sessionId}/screen`);
		await screen.locator('section.join').waitFor();

		const toggle = facilitator.getByRole('button', { name: 'Forbered', exact: true });
		expect(await toggle.getAttribute('aria-pressed')).toBe('false');
		await toggle.click();
		expect(await toggle.getAttribute('aria-pressed')).toBe('true');
		await panel().waitFor();
		expect(await textOf(panel().locator('h2').first())).toBe('Forbered workshoppen');
	});

	it('changes the title, and the phone shows it', async () => {
		const title = panel().getByLabel('Titel', { exact: true });
		expect(await title.inputValue()).toBe('Sæt spot på lederes trivsel');
		await title.fill(TITLE);
		await panel().getByRole('button', { name: 'Gem titel' }).click();
		await expect.poll(() => textOf(phone.locator('header .brand')), poll).toBe(TITLE);
	});

	it('skips a step: it stays in the agenda, greyed and out of reach, and the phone counts one step less', async () => {
		const skip = panel().getByRole('checkbox', { name: `Spring over: ${WHY}` });
		await skip.check();
		const agendaWhy = agendaButtons().nth(1);
		await expect.poll(() => agendaWhy.isDisabled(), poll).toBe(true);
		expect(await textOf(agendaWhy)).toContain('springes over');
		await expect.poll(() => textOf(phone.locator('p.progress')), poll).toBe('Trin 1 af 13');
		// The current step cannot be skipped.
		expect(await panel().getByRole('checkbox', { name: 'Spring over: Velkommen' }).isDisabled()).toBe(true);
	});

	it('moves a step up from the keyboard, keeping the focus on it', async () => {
		const up = panel().getByRole('button', { name: `Flyt ${RESEARCH} op` });
		await up.focus();
		await facilitator.keyboard.press('Enter');
		await expect.poll(async () => (await agendaTitles()).slice(0, 4), poll).toEqual(['Velkommen', WHY, RESEARCH, GENERAL]);
		expect(await facilitator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Flyt ${RESEARCH} op`);
		await facilitator.keyboard.press('Enter');
		await expect.poll(async () => (await agendaTitles()).slice(0, 4), poll).toEqual(['Velkommen', RESEARCH, WHY, GENERAL]);
		expect(await facilitator.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Flyt ${RESEARCH} op`);
	});

	it('changes the current step’s minutes, and its timer follows', async () => {
		const minutes = panel().getByRole('spinbutton', { name: 'Minutter til Velkommen' });
		await minutes.fill('3');
		await minutes.press('Enter');
		await expect.poll(() => textOf(facilitator.locator('header.now [role=timer] .time')), poll).toContain('3:00');
		// Out of range: not sent, and the field shows the step's minutes again.
		await minutes.fill('500');
		await minutes.press('Tab');
		await expect.poll(() => minutes.inputValue(), poll).toBe('3');
	});

	it('adds an item to Vægten', async () => {
		await panel().getByLabel('Nyt punkt', { exact: true }).fill('Politisk pres');
		await panel().getByRole('combobox', { name: 'Model' }).selectOption('leader');
		await panel().getByRole('button', { name: 'Tilføj', exact: true }).click();
		await expect.poll(() => textOf(panel().locator('.added')), poll).toContain('Politisk pres');
	});

	it('switches the phone and the projector to English, while the console stays Danish', async () => {
		await panel().getByRole('radio', { name: 'English' }).check();
		await expect.poll(() => textOf(phone.locator('p.progress')), poll).toBe('Step 1 of 13');
		await expect.poll(() => phone.evaluate(() => document.documentElement.lang), poll).toBe('en');
		await expect.poll(() => screen.evaluate(() => document.documentElement.lang), poll).toBe('en');
		expect(await textOf(panel().locator('h2').first())).toBe('Forbered workshoppen');
		// The phone can still choose Danish for itself, and keeps it.
		await phone.getByRole('button', { name: 'Dansk' }).click();
		await expect.poll(() => textOf(phone.locator('p.progress')), poll).toBe('Trin 1 af 13');
		await panel().getByRole('radio', { name: 'Dansk' }).check();
		await panel().getByRole('radio', { name: 'English' }).check();
		await expect.poll(() => screen.evaluate(() => document.documentElement.lang), poll).toBe('en');
		expect(await textOf(phone.locator('p.progress'))).toBe('Trin 1 af 13');
	});

	it('looks right at laptop size, and its controls are labelled 44 px targets with no serious accessibility problem', async () => {
		await panel().getByLabel('Skabelonens navn').fill(TEMPLATE);
		expect(await targetProblems(facilitator, 'section.prepare')).toEqual([]);
		expect(await seriousAccessibilityProblems(facilitator)).toEqual([]);
		await facilitator.evaluate(() => window.scrollTo(0, 0));
		await screenshot(facilitator, 'console-prepare.png');
	});

	it('saves the workshop as a template', async () => {
		await panel().getByRole('button', { name: 'Gem som skabelon' }).click();
		await expect.poll(() => textOf(panel().getByRole('status')), poll).toBe(`Gemt som skabelonen »${TEMPLATE}«.`);
	});

	it('goes past the skipped step with "Næste trin"', async () => {
		await panel().getByRole('button', { name: 'Tilbage til workshoppen' }).click();
		await facilitator.getByRole('button', { name: 'Næste trin →' }).click();
		await expect.poll(() => textOf(facilitator.locator('h1').first()), poll).toBe(RESEARCH);
		await facilitator.getByRole('button', { name: 'Næste trin →' }).click();
		await expect.poll(() => textOf(facilitator.locator('h1').first()), poll).toBe(GENERAL);
	});

	it('starts a new workshop from the template on the front page, the same in every detail', async () => {
		await facilitator.goto(app.url + '/');
		await hydrated(facilitator);
		await facilitator.getByRole('button', { name: `Start en workshop fra ${TEMPLATE}` }).click();
		await facilitator.waitForURL((url) => url.pathname.endsWith('/facilitate') && !url.pathname.includes(sessionId));
		await agendaButtons().first().waitFor();
		expect((await agendaTitles()).slice(0, 4)).toEqual(['Velkommen', RESEARCH, WHY, GENERAL]);
		expect(await agendaButtons().nth(2).isDisabled()).toBe(true);
		await facilitator.getByRole('button', { name: 'Forbered', exact: true }).click();
		expect(await panel().getByLabel('Titel', { exact: true }).inputValue()).toBe(TITLE);
		expect(await panel().getByRole('spinbutton', { name: 'Minutter til Velkommen' }).inputValue()).toBe('3');
		expect(await panel().getByRole('radio', { name: 'English' }).isChecked()).toBe(true);
		expect(await textOf(panel().locator('.added'))).toContain('Politisk pres');
	});

	it('deletes the template from the front page of the browser that saved it', async () => {
		await facilitator.goto(app.url + '/');
		await hydrated(facilitator);
		await facilitator.getByRole('button', { name: `Slet skabelonen ${TEMPLATE}` }).click();
		await expect.poll(() => facilitator.getByRole('button', { name: `Start en workshop fra ${TEMPLATE}` }).count(), poll).toBe(0);
	});

	it('works on a phone-sized console too: no sideways scrolling, 44 px targets', async () => {
		const small = await room.open('phone', 'console on a phone');
		const key = await facilitator.evaluate((id) => localStorage.getItem(`vaegten:facilitator:${id}`), sessionId);
		await small.goto(`${app.url}/s/${sessionId}/facilitate#key=${key}`);
		await small.getByRole('button', { name: 'Forbered', exact: true }).click();
		await small.locator('section.prepare').waitFor();
		// A phone widens its layout to fit content wider than the screen: it must not need to.
		expect(await small.evaluate(() => window.innerWidth)).toBe(360);
		expect(await targetProblems(small, 'section.prepare')).toEqual([]);
		await small.locator('section.steps h3').evaluate((heading) => heading.scrollIntoView());
		await screenshot(small, 'console-prepare-phone.png');
		expect(room.errors).toEqual([]);
	});
});
