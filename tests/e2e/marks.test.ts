import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { contentOf } from '../../src/lib/session/content';
import { unsafeTeamItems, unsafeTeamModel } from '../../src/lib/template/slides';
import type { Template } from '../../src/lib/template/types';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';

/** One step: the phones mark which signs of the unsafe leadership team they recognise (seed 003). */
const marking: Template = {
	id: 'marks-e2e',
	title: { da: 'Tegn i ledergruppen', en: 'Signs in the team' },
	parts: [{ part: 1, title: { da: 'Del 1', en: 'Part 1' }, durationMin: 10 }],
	models: [unsafeTeamModel],
	items: unsafeTeamItems,
	steps: [
		{
			id: 'unsafe',
			part: 1,
			kind: 'rating',
			model: 'unsafe-team',
			title: { da: 'Det utrygge lederteam', en: 'The unsafe leadership team' },
			lead: { da: 'Sæt kryds ved de tegn, du genkender i din egen ledergruppe.', en: 'Tick the signs you recognise in your own team.' },
			durationMin: 10,
			questions: [{ da: 'Hvad lægger I mærke til?', en: 'What do you notice?' }]
		}
	]
};
const labels = unsafeTeamItems.map((item) => item.label.da);

/**
 * A marked list in real browsers: three phones (360×740) tick the signs they recognise, each
 * line says it is saved, and the projector shows how many recognise each line, the most first,
 * once three have touched it — nothing about a line two people marked.
 */
describe('a list the phones mark, in the browser', () => {
	const room = new BrowserRoom();
	let screen: Page;
	const phones: Page[] = [];

	beforeAll(async () => {
		await room.start();
		const session = await room.app.context.rooms.create(Date.now(), contentOf(marking));
		screen = await room.open('projector', 'screen');
		await screen.goto(`${room.app.url}/s/${session.id}/screen`);
		for (let p = 0; p < 3; p++) {
			const phone = await room.open('phone', `phone ${p + 1}`);
			await phone.goto(`${room.app.url}/j/${session.code}`);
			await hydrated(phone);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByRole('heading', { name: 'Det utrygge lederteam' }).waitFor();
			phones.push(phone);
		}
	}, 60_000);
	afterAll(() => room.close());

	it('lets each phone mark and unmark lines, each saved', async () => {
		const phone = phones[0];
		// The list to mark is a chunk of its own, loaded when a phone first reaches one.
		await expect.poll(() => phone.getByRole('checkbox').count(), poll).toBe(labels.length);
		await phone.getByRole('checkbox', { name: labels[0] }).check();
		await phone.getByRole('checkbox', { name: labels[3] }).check();
		await phone.getByRole('checkbox', { name: labels[5] }).check();
		await phone.getByRole('checkbox', { name: labels[5] }).uncheck();
		await expect.poll(() => phone.locator('li', { hasText: labels[5] }).locator('.status').textContent(), poll).toBe('✓ Gemt');
		await expect.poll(() => textOf(phone.locator('p.counter')), poll).toBe('Du har markeret 2');
		await screenshot(phone, 'marks-phone.png', { fullPage: true });
	});

	it('shows on the screen how many recognise each line once three have answered it, the most first', async () => {
		for (const phone of phones.slice(1)) await phone.getByRole('checkbox', { name: labels[0] }).check();
		await phones[1].getByRole('checkbox', { name: labels[3] }).check();
		const rows = screen.locator('.mark-results li');
		await expect.poll(() => textOf(rows.first()), poll).toBe(`${labels[0]} 3`);
		// Two have marked the fourth line: held back.
		const held = screen.locator('.mark-results li', { hasText: labels[3] });
		expect(await textOf(held)).toBe(`${labels[3]} –`);
		expect(await held.locator('.count').getAttribute('aria-label')).toBe('Vises ved mindst 3 svar');
		expect(await textOf(screen.locator('.mark-results .raters'))).toBe('3 har svaret Et tal vises, når mindst 3 har svaret på linjen');
		await screenshot(screen, 'marks-screen.png');
		expect(room.errors).toEqual([]);
	});
});
