import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';

/**
 * The participant's side reads as one, at phone size (360×740): the front page puts joining
 * first, the phone says who it takes part as, a rating stays "✓ Gemt" over a reload, the lock
 * notice stays in view while scrolling and is announced, every card says what 0 and 4
 * mean, and a phone chooses its table when the room may. The facilitator is a socket.io client, to steer quickly. The `it`s run in order.
 */

const RATING = 'general-model';
const RATING_TITLE = 'Vægten – belastninger og ressourcer';
const ITEMS = 11;
const TEMPLATE = 'Ledere af ledere';
const LOCKED = 'Facilitatoren har låst vurderingerne.';
const stepIndex = (id: string) => introTool.steps.findIndex((step) => step.id === id);

describe('the phone reads as one', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	/** Joins from the front page with a nickname. */
	let mette: Page;
	/** Joins through the link without one. */
	let anonymous: Page;

	const heading = (page: Page) => page.locator('h1').first();
	const cards = (page: Page) => page.locator('fieldset.rating');
	const choose = (card: Locator, value: number) => card.locator(`label:has(input[value="${value}"])`).click();
	const savedCards = (page: Page) => cards(page).filter({ has: page.locator('p.status', { hasText: '✓ Gemt' }) });

	async function join(page: Page, nickname: string): Promise<void> {
		await hydrated(page);
		if (nickname) await page.getByLabel('Kaldenavn (valgfrit)').fill(nickname);
		await page.getByRole('button', { name: 'Deltag', exact: true }).click();
		await page.getByText('Trin 1 af', { exact: false }).waitFor();
	}

	beforeAll(async () => {
		await room.start();
		app = room.app;
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		const saved = await fetch(`${app.url}/api/templates`, {
			method: 'POST',
			headers: { authorization: `Bearer ${session.facilitatorKey}`, 'content-type': 'application/json' },
			body: JSON.stringify({ sessionId: session.id, name: TEMPLATE })
		});
		expect(saved.status).toBe(201);
		mette = await room.open('phone', 'Mette');
		anonymous = await room.open('phone', 'anonymous');
	});

	afterAll(async () => {
		host?.close();
		await room.close();
	});

	it('puts joining first on the front page, and starting a workshop below, for the facilitator', async () => {
		await mette.goto(app.url + '/');
		await hydrated(mette);
		const code = mette.getByLabel('Kode fra skærmen');
		const submit = mette.getByRole('button', { name: 'Deltag', exact: true });
		const forFacilitator = mette.getByRole('region', { name: 'For facilitatoren' });
		const start = forFacilitator.getByRole('button', { name: 'Start en workshop', exact: true });
		// The saved templates belong to the facilitator's part too.
		expect(await forFacilitator.getByRole('button', { name: `Start en workshop fra ${TEMPLATE}`, exact: true }).count()).toBe(1);

		const startHandle = await start.elementHandle();
		expect(await code.evaluate((field, button) => Boolean(field.compareDocumentPosition(button!) & Node.DOCUMENT_POSITION_FOLLOWING), startHandle)).toBe(true);
		expect(await forFacilitator.getByLabel('Kode fra skærmen').count()).toBe(0);
		// On screen: the code and Deltag at the top, in the first half of the phone, above the start button.
		const [codeBox, submitBox, startBox] = await Promise.all([code.boundingBox(), submit.boundingBox(), start.boundingBox()]);
		for (const box of [codeBox!, submitBox!]) expect(box.y + box.height).toBeLessThanOrEqual(740 / 2);
		expect(startBox!.y).toBeGreaterThan(codeBox!.y + codeBox!.height);
		await screenshot(mette, 'front-page-phone.png', { fullPage: true });

		// The same order on a laptop.
		await mette.setViewportSize({ width: 1440, height: 900 });
		const [wideCode, wideStart] = await Promise.all([code.boundingBox(), start.boundingBox()]);
		expect(wideStart!.y).toBeGreaterThan(wideCode!.y + wideCode!.height);
		await screenshot(mette, 'front-page-laptop.png');
		await mette.setViewportSize({ width: 360, height: 740 });

		// And it joins.
		await code.fill(session.code.toLowerCase());
		await submit.click();
		await mette.waitForURL(`${app.url}/j/${session.code}`);
	});

	it('shows each participant the nickname they chose, or that they take part anonymously', async () => {
		// Where the front page's form leads.
		await mette.goto(`${app.url}/j/${session.code}`);
		await join(mette, 'Mette');
		await expect.poll(() => textOf(mette.locator('header')), poll).toContain('Du deltager som Mette');
		await anonymous.goto(`${app.url}/j/${session.code}`);
		await join(anonymous, '');
		await expect.poll(() => textOf(anonymous.locator('header')), poll).toContain('Du deltager anonymt');
		expect(await textOf(anonymous.locator('header'))).not.toContain('Du deltager som');
	});

	it('says on every rating card what 0 and 4 mean, each on one line at the ends of the scale', async () => {
		expect(await host.emit('step:goto', { index: stepIndex(RATING) })).toEqual({ data: null });
		await expect.poll(() => textOf(heading(mette)), poll).toBe(RATING_TITLE);
		expect(await cards(mette).count()).toBe(ITEMS);
		for (let index = 0; index < ITEMS; index++) {
			const card = cards(mette).nth(index);
			const load = await card.evaluate((element) => element.classList.contains('load'));
			const low = card.getByText('0 = slet ikke', { exact: true });
			const high = card.getByText(load ? '4 = rigtig meget' : '4 = rigtig stærk', { exact: true });
			const options = card.locator('.options');
			const [lowBox, highBox, optionsBox] = await Promise.all([low.boundingBox(), high.boundingBox(), options.boundingBox()]);
			// Under the buttons, 0 at the left end and 4 at the right end, side by side.
			expect(lowBox!.y).toBeGreaterThanOrEqual(optionsBox!.y + optionsBox!.height);
			expect(Math.abs(lowBox!.x - optionsBox!.x)).toBeLessThan(2);
			expect(Math.abs(highBox!.x + highBox!.width - (optionsBox!.x + optionsBox!.width))).toBeLessThan(2);
			expect(Math.abs(highBox!.y - lowBox!.y)).toBeLessThan(2);
			expect(lowBox!.x + lowBox!.width).toBeLessThan(highBox!.x);
			// One line each: no taller than the text's own line.
			for (const caption of [low, high]) {
				const lineHeight = await caption.evaluate((element) => parseFloat(getComputedStyle(element).lineHeight));
				expect((await caption.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
			}
		}
		// A screen reader hears the ends of the scale with the group.
		const described = await cards(mette).first().evaluate((element) => {
			const ids = (element.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
			return ids.map((id) => document.getElementById(id)?.textContent?.replace(/\s+/g, ' ').trim()).join(' ');
		});
		expect(described).toContain('0 = slet ikke');
		expect(described).toContain('4 = rigtig meget');
	});

	it('keeps "✓ Gemt" on the ratings the server has, over a reload', async () => {
		await choose(cards(mette).nth(0), 3);
		await choose(cards(mette).nth(ITEMS - 1), 1);
		await expect.poll(() => savedCards(mette).count(), poll).toBe(2);
		await mette.reload();
		await expect.poll(() => textOf(heading(mette)), poll).toBe(RATING_TITLE);
		await expect.poll(() => savedCards(mette).count(), poll).toBe(2);
		expect(await textOf(cards(mette).nth(0).locator('p.status'))).toBe('✓ Gemt');
		expect(await textOf(cards(mette).nth(ITEMS - 1).locator('p.status'))).toBe('✓ Gemt');
		expect(await cards(mette).nth(0).locator('input:checked').getAttribute('value')).toBe('3');
		expect(await cards(mette).nth(ITEMS - 1).locator('input:checked').getAttribute('value')).toBe('1');
		// Unrated ones say nothing.
		expect(await textOf(cards(mette).nth(1).locator('p.status'))).toBe('');
		await expect.poll(() => textOf(mette.locator('header')), poll).toContain('Du deltager som Mette');
	});

	it('keeps the lock notice in view while scrolling, and announces it politely', async () => {
		// Live regions already in the page: only these are announced when their content changes.
		await mette.evaluate(() => {
			for (const region of document.querySelectorAll<HTMLElement>('[role=status], [aria-live]')) region.dataset.before = 'yes';
		});
		expect(await host.emit('vote:lock', { stepId: RATING, locked: true })).toEqual({ data: null });
		const notice = mette.getByText(LOCKED, { exact: true });
		await notice.waitFor();
		expect(await mette.locator('fieldset.rating:disabled').count()).toBe(ITEMS);
		const announced = await notice.evaluate((element) => {
			const region = element.closest<HTMLElement>('[role=status], [aria-live]');
			return { before: region?.dataset.before, live: region?.getAttribute('aria-live') ?? (region?.getAttribute('role') === 'status' ? 'polite' : null) };
		});
		expect(announced).toEqual({ before: 'yes', live: 'polite' });
		await screenshot(mette, 'phone-rating-locked-phone.png');

		await mette.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
		expect(await mette.evaluate(() => window.scrollY)).toBeGreaterThan(740);
		const inView = async () => {
			const box = (await notice.boundingBox())!;
			return box.y >= 0 && box.y + box.height <= 740;
		};
		await expect.poll(inView, poll).toBe(true);
		// Above the last card's buttons, not over them.
		const lastOptions = (await cards(mette).last().locator('.options').boundingBox())!;
		const box = (await notice.boundingBox())!;
		expect(box.y + box.height).toBeLessThanOrEqual(lastOptions.y);
		await screenshot(mette, 'phone-rating-locked-scrolled-phone.png');
	});

	it('lets a phone choose its table when the room chooses, then says which it sits at', async () => {
		expect(await host.emit('groups:setup', { count: 2, mode: 'choose' })).toEqual({ data: null });
		const chooser = mette.getByRole('heading', { name: 'Vælg dit bord', exact: true });
		await chooser.waitFor();
		expect(await mette.getByText('Vælg den gruppe, du sidder sammen med.', { exact: true }).count()).toBe(1);
		// Each table a button a thumb can hit.
		for (const name of ['Gruppe 1', 'Gruppe 2']) {
			const box = (await mette.getByRole('button', { name, exact: true }).boundingBox())!;
			expect(box.height).toBeGreaterThanOrEqual(44);
		}

		await mette.getByRole('button', { name: 'Gruppe 2', exact: true }).click();
		await expect.poll(() => textOf(mette.locator('p.progress .group')), poll).toBe('Din gruppe: Gruppe 2');
		await chooser.waitFor({ state: 'detached' });
		// The phone that has not chosen still may.
		await anonymous.getByRole('heading', { name: 'Vælg dit bord', exact: true }).waitFor();
	});

	it('ran without errors in any page', () => {
		expect(room.errors).toEqual([]);
	});
});
