import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, startWorkshop, textOf } from '../helpers/browser';
import { participant, type TestClient } from '../helpers/clients';

/**
 * The console shows who is there: every name (or "Deltager N" for someone without a nickname)
 * as they join, before any group exists, and a room of 300 stays a box that scrolls. The key
 * link has a copy button that says it copied. The `it`s run in order and share the room.
 */
const JOINING = ['Anna', '', 'Bo'];
const ROOM_SIZE = 300;

describe('who is there, in the console', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let facilitator: Page;
	let phones: Page[] = [];
	const crowd: TestClient[] = [];
	let sessionId = '';
	let code = '';

	const present = () => facilitator.getByRole('region', { name: 'Deltagere', exact: true });
	const list = () => present().getByRole('list', { name: 'Hvem er her', exact: true });
	const names = () => list().locator('li').allTextContents();

	beforeAll(async () => {
		await room.start();
		app = room.app;
		({ facilitator, phones } = await room.openWorkshop(JOINING.length));
	});

	afterAll(async () => {
		for (const client of crowd) client.close();
		await room.close();
	});

	it('lists each phone as it joins, newest first, named or numbered, before any group exists', async () => {
		({ sessionId, code } = await startWorkshop(facilitator, app.url));
		await present().waitFor();
		expect(await textOf(present().locator('p.count'))).toBe('0');
		expect(await present().getByText('Ingen er kommet endnu.', { exact: true }).count()).toBe(1);

		const shown: string[] = [];
		for (const [index, nickname] of JOINING.entries()) {
			const phone = phones[index];
			await phone.goto(`${app.url}/j/${code}`);
			await hydrated(phone);
			if (nickname) await phone.getByLabel('Kaldenavn (valgfrit)').fill(nickname);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
			// Someone without a nickname is numbered by when they came: the second to join.
			shown.unshift(nickname || `Deltager ${index + 1}`);
			await expect.poll(names, poll).toEqual(shown);
			expect(await textOf(present().locator('p.count'))).toBe(String(index + 1));
		}
		expect(await present().getByText('Ingen er kommet endnu.').count()).toBe(0);
		// No groups yet: the list is the only place the console names them.
		expect(await facilitator.locator('section.groups article.group').count()).toBe(0);
		await screenshot(facilitator, 'console-present-laptop.png');
	});

	it('copies the key link with one click and says so', async () => {
		await facilitator.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
		const key = await facilitator.evaluate((id) => localStorage.getItem(`vaegten:facilitator:${id}`), sessionId);
		expect(key).toBeTruthy();
		const link = `${app.url}/s/${sessionId}/facilitate#key=${key}`;
		const field = facilitator.getByRole('textbox', { name: /^Gem dette link/ });
		expect(await field.inputValue()).toBe(link);

		const said = facilitator.locator('aside.right .copy [role="status"]');
		expect(await textOf(said)).toBe('');
		await facilitator.getByRole('button', { name: 'Kopiér linket', exact: true }).click();
		await expect.poll(() => textOf(said), poll).toBe('✓ Kopieret');
		expect(await facilitator.evaluate(() => navigator.clipboard.readText())).toBe(link);
	});

	it(`keeps ${ROOM_SIZE} people in a box that scrolls, reachable from the keyboard, and the console around it in place`, async () => {
		const before = await facilitator.getByRole('button', { name: 'Kopiér linket', exact: true }).boundingBox();
		const joined = await Promise.all(
			Array.from({ length: ROOM_SIZE - JOINING.length }, (_, i) => participant(app.url, code, undefined, i % 4 === 0 ? '' : `Leder med et ret langt navn ${i + 1}`))
		);
		crowd.push(...joined);
		await expect.poll(() => textOf(present().locator('p.count')), { ...poll, timeout: 30_000 }).toBe(String(ROOM_SIZE));
		await expect.poll(() => list().locator('li').count(), poll).toBe(ROOM_SIZE);

		const box = await list().evaluate((element) => ({ height: element.clientHeight, content: element.scrollHeight, top: element.scrollTop }));
		expect(box.content).toBeGreaterThan(box.height * 3);
		expect(box.height).toBeLessThanOrEqual(220);
		// What sits below the list has not moved down by the crowd: the list grew inside its box.
		const after = await facilitator.getByRole('button', { name: 'Kopiér linket', exact: true }).boundingBox();
		expect(Math.round(after!.y)).toBeLessThanOrEqual(Math.round(before!.y) + 220);
		expect(await facilitator.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);

		await list().focus();
		await facilitator.keyboard.press('End');
		await expect.poll(() => list().evaluate((element) => element.scrollTop), poll).toBeGreaterThan(0);
		await facilitator.evaluate(() => window.scrollTo(0, 0));
		await screenshot(facilitator, 'console-present-300-laptop.png');
	});

	it('made no request to any other site, and ran without errors', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect(room.errors).toEqual([]);
	});
});
