import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { createSession, type CreatedSession } from '../helpers/server';
import { upgradeStatus } from '../helpers/yjs';

/**
 * The facilitator's script in the console: the agenda with planned and spent time per step,
 * the hint when part 1 runs over its 45 minutes, a private note per step, and one click to
 * put any result on the screen.
 */
describe('the console', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: CreatedSession;
	let facilitator: Page;
	let screen: Page;
	let phones: Page[];

	const button = (name: string) => facilitator.getByRole('button', { name, exact: true });
	const currentStep = () => facilitator.locator('nav.agenda button[aria-current="step"]');
	const note = () => facilitator.getByRole('textbox', { name: 'Noter til dette trin (kun for dig)' });

	beforeAll(async () => {
		await room.start();
		app = room.app;
		session = await createSession(app.url);
		({ facilitator, screen, phones } = await room.openWorkshop(3));
		await facilitator.goto(`${app.url}/s/${session.id}/facilitate#key=${session.facilitatorKey}`);
		await hydrated(facilitator);
		await screen.goto(`${app.url}/s/${session.id}/screen`);
		for (const [index, phone] of phones.entries()) {
			await phone.goto(`${app.url}/j/${session.code}`);
			await hydrated(phone);
			await phone.locator('#nickname').fill(`Leder ${index + 1}`);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		}
		await facilitator.locator('aside.right p.count').filter({ hasText: /^3$/ }).waitFor();
	});

	afterAll(() => room.close());

	it('shows each step’s time spent against its plan, ticking', async () => {
		// The first step's timer waits for the facilitator to start it.
		await expect.poll(() => textOf(currentStep().locator('.minutes')), poll).toBe('0:00 af 5 min');
		await button('Start tiden').click();
		await expect.poll(() => textOf(currentStep().locator('.minutes')), poll).toMatch(/^0:0[1-9] af 5 min$/);
		// Leaving a step keeps what it took; a step not yet visited shows its plan.
		await button('Næste trin →').click();
		const agenda = facilitator.locator('nav.agenda li');
		await expect.poll(() => textOf(agenda.nth(0).locator('.minutes')), poll).toMatch(/^0:0\d af 5 min$/);
		expect(await textOf(agenda.nth(2).locator('.minutes'))).toBe('8 min');
	});

	it('warns when part 1 looks set to run over its 45 minutes', async () => {
		expect(await facilitator.getByText('Del 1 ser ud til').count()).toBe(0);
		// The first step took seconds of its 5 minutes; 15 more minutes here make up for that and then some.
		for (let i = 0; i < 3; i++) await button('+5 min').click();
		await expect.poll(() => textOf(facilitator.locator('nav.agenda .over')), poll).toBe('Del 1 ser ud til at tage 55 min: 10 min mere end planlagt.');
		await screenshot(facilitator, 'console-agenda.png');
	});

	it('keeps a note per step that only the facilitator can open', async () => {
		await note().fill('Spørg Bo om eksemplet fra sidste uge');
		await button('Næste trin →').click();
		await expect.poll(() => note().inputValue(), poll).toBe('');
		await button('← Forrige trin').click();
		await expect.poll(() => note().inputValue(), poll).toBe('Spørg Bo om eksemplet fra sidste uge');
		// Kept on the server: a fresh console has it.
		await facilitator.reload();
		await hydrated(facilitator);
		await expect.poll(() => note().inputValue(), poll).toBe('Spørg Bo om eksemplet fra sidste uge');
		// Phones, the screen and strangers cannot open the notes.
		const token = await phones[0].evaluate((code) => JSON.parse(localStorage.getItem(`vaegten:participant:${code}`) ?? '{}').token as string, session.code);
		for (const query of [`token=${token}`, 'role=screen', '']) {
			const status = await upgradeStatus(app.port, `/collab/${session.id}/notes?${query}`);
			expect(status, query).toBeGreaterThanOrEqual(400);
		}
		expect(await phones[0].getByText('Spørg Bo').count()).toBe(0);
	});

	it('puts any result on the screen with one click, and takes it down again', async () => {
		// The phones rate the general model (three of them: enough for averages).
		await facilitator.getByRole('button', { name: 'Gå til Vægten – belastninger og ressourcer' }).click();
		for (const phone of phones) {
			const first = phone.locator('fieldset.rating').first();
			await first.locator('label:has(input[value="3"])').click();
			await expect.poll(() => phone.locator('p.status.saved').count(), poll).toBe(1);
		}
		// A step without a model: the screen shows its text, until the facilitator shows Vægten.
		await facilitator.getByRole('button', { name: 'Gå til Hvad ved vi om lederes arbejdsmiljø?' }).click();
		await expect.poll(() => screen.locator('.vaegten').count(), poll).toBe(0);
		const choice = facilitator.getByRole('group', { name: 'På skærmen' });
		const general = choice.getByRole('button', { name: 'Vægten – generel model for trivsel' });
		await general.click();
		await expect.poll(() => general.getAttribute('aria-pressed'), poll).toBe('true');
		await expect.poll(() => screen.locator('.vaegten').count(), poll).toBe(1);
		await expect.poll(() => textOf(screen.locator('.vaegten figcaption span')), poll).toBe('3 har vurderet');
		await screenshot(screen, 'screen-vaegten-shown.png');
		await general.click();
		await expect.poll(() => screen.locator('.vaegten').count(), poll).toBe(0);
		// The screen and the console hear the change separately: either may be first.
		await expect.poll(() => choice.getByRole('button', { name: 'Det aktuelle trin' }).getAttribute('aria-pressed'), poll).toBe('true');
	});

	it('does one thing on a double click', async () => {
		const remainingSeconds = async () => {
			const [, sign, minutes, seconds] = /(-?)(\d+):(\d\d)/.exec(await textOf(facilitator.locator('header.now .timer .time'))) ?? [];
			return (sign ? -1 : 1) * (Number(minutes) * 60 + Number(seconds));
		};
		/** Commands from one console are taken in order: once "+1 min" has shown, every click before it has been handled. */
		const settle = async () => {
			const before = await remainingSeconds();
			await button('+1 min').click();
			await expect.poll(remainingSeconds, poll).toBeGreaterThan(before + 30);
		};
		const title = () => textOf(facilitator.locator('header.now h1'));
		await facilitator.getByRole('button', { name: 'Gå til Vægten – belastninger og ressourcer' }).click();
		await expect.poll(title, poll).toBe('Vægten – belastninger og ressourcer');

		// The first click locks; the second lands on "Lås op" and must not unlock.
		await button('Lås vurderinger').dblclick();
		await settle();
		expect(await button('Lås op').getAttribute('aria-pressed')).toBe('true');
		await button('Lås op').click();

		// The first click starts the clock; the second lands on "Pause" and must not stop it.
		if ((await button('Start tiden').count()) > 0) {
			await button('Start tiden').dblclick();
			await settle();
			expect(await button('Pause').count()).toBe(1);
		}

		// One step on, on the console and on every phone.
		await button('Næste trin →').dblclick();
		// The next step's own clock first, then a round trip behind both clicks.
		await expect.poll(title, poll).toBe('Hvad ved vi om lederes arbejdsmiljø?');
		await settle();
		expect(await title()).toBe('Hvad ved vi om lederes arbejdsmiljø?');
		for (const phone of phones) await expect.poll(() => textOf(phone.locator('h1')), poll).toBe('Hvad ved vi om lederes arbejdsmiljø?');
		expect(await facilitator.getByRole('alert').count()).toBe(0);
	});

	it('made no request to any other site, and ran without errors', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect(room.errors).toEqual([]);
	});
});
