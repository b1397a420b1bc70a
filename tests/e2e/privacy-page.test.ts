import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { createSession, type CreatedSession } from '../helpers/server';

/** The privacy promise, where a participant sees it: linked from the phone, in Danish and English. */
describe('the privacy page for participants', () => {
	const room = new BrowserRoom();
	let session: CreatedSession;
	let phone: Page;

	beforeAll(async () => {
		await room.start();
		session = await createSession(room.app.url);
		phone = await room.open('phone', 'phone');
	});

	afterAll(() => room.close());

	it('is linked from the phone, before and after joining', async () => {
		await phone.goto(`${room.app.url}/j/${session.code}`);
		await hydrated(phone);
		expect(await phone.getByRole('link', { name: 'Sådan bruger vi dine svar' }).count()).toBeGreaterThanOrEqual(1);
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await phone.getByRole('heading', { level: 1 }).filter({ hasText: 'Velkommen' }).waitFor();
		await phone.getByRole('link', { name: 'Sådan bruger vi dine svar' }).last().click();
		await phone.waitForURL(`${room.app.url}/privacy`);
	});

	it('says what is stored, who sees what, for how long and who to ask', async () => {
		await phone.getByRole('heading', { name: 'Sådan bruger vi dine svar', level: 1 }).waitFor();
		const headings = await phone.getByRole('heading', { level: 2 }).allTextContents();
		expect(headings).toEqual(['Hvad gemmes', 'Hvem ser hvad', 'Din lederaftale', 'Hvor længe', 'Til en opfølgning', 'Hvem kan du spørge']);
		const text = await textOf(phone.locator('main'));
		expect(text).toContain('kun resultater for mindst 3 personer');
		expect(text).toContain('opdateres for hver 3 svar');
		// The retention the server runs with (RETENTION_DAYS, 30 by default).
		expect(text).toContain('slettes 30 dage efter');
		// What a follow-up compares against, and for how long (RESULTS_RETENTION_DAYS, 400 by default).
		expect(text).toContain('Det slettes 400 dage efter workshoppen');
		expect(text).toContain('dataansvarlig');
		// A lederaftale: only its own phone opens it.
		expect(text).toContain('kun din telefon åbne den');
		await screenshot(phone, 'privacy-phone.png', { fullPage: true });
	});

	it('reads the same in English', async () => {
		await hydrated(phone);
		await phone.getByRole('button', { name: 'English' }).click();
		await expect.poll(() => textOf(phone.getByRole('heading', { level: 1 })), poll).toBe('How we use your answers');
		expect(await textOf(phone.locator('main'))).toContain('deleted 30 days after it was created');
		expect(await textOf(phone.locator('main'))).toContain('It is deleted 400 days after the workshop');
	});

	it('ran without errors and made no request to any other site', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect(room.errors).toEqual([]);
	});
});
