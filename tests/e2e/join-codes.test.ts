import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { BrowserRoom, hydrated, poll, textOf } from '../helpers/browser';
import { newToken, TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';

/**
 * Joining as people do it: codes typed with spaces, dashes and small letters; a code no
 * workshop can have; and a phone on an address someone has been guessing from, which hears
 * how long to wait (never that its network is down) and then joins by itself.
 */
describe('joining with a code', () => {
	const room = new BrowserRoom();
	let session: CreatedSession;
	let phone: Page;
	const shots = process.env.JOIN_SHOTS;

	beforeAll(async () => {
		await room.start();
		session = await createSession(room.app.url);
		phone = await room.open('phone', 'phone');
	});

	afterAll(() => room.close());

	const typeCode = async (typed: string) => {
		await phone.goto(room.app.url + '/');
		await hydrated(phone);
		await phone.getByLabel('Kode fra skærmen').fill(typed);
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
	};

	it('takes a code typed with spaces, dashes and small letters from the front page', async () => {
		const { code } = session;
		await typeCode(` ${code.slice(0, 3).toLowerCase()}-${code.slice(3).toLowerCase()} `);
		await phone.waitForURL(`${room.app.url}/j/${code}`);
		expect(new URL(phone.url()).pathname).toBe(`/j/${code}`);
		expect(await textOf(phone.locator('p.joining'))).toContain(code);
	});

	it('says a code with a letter no code has is no workshop, not that it is malformed', async () => {
		await typeCode('0OI1L0');
		const error = phone.locator('#code-error');
		await error.waitFor();
		expect(await textOf(error)).toBe('Der er ingen workshop med den kode. Tjek koden på skærmen.');
		if (shots) await phone.screenshot({ path: `${shots}/front-unknown-phone.png` });
		expect(new URL(phone.url()).pathname).toBe('/');
		await typeCode('K7M 2');
		expect(await textOf(error)).toBe('Koden har 6 tegn, fx K7M2QX.');
	});

	it('reads /j/ addresses the same way', async () => {
		await phone.goto(`${room.app.url}/j/${session.code.toLowerCase().slice(0, 3)}-${session.code.toLowerCase().slice(3)}`);
		await hydrated(phone);
		expect(await textOf(phone.locator('p.joining'))).toContain(session.code);
		await phone.goto(`${room.app.url}/j/0OI1L0`);
		await hydrated(phone);
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await expect.poll(() => textOf(phone.getByRole('alert')), poll).toBe('Der er ingen workshop med koden 0OI1L0. Tjek koden på skærmen.');
	});

	it('tells a phone limited by others’ guessing how long to wait, not that it is offline, and joins it then', async () => {
		// Someone at this address (the test's 127.0.0.1, as the phone's) tries codes until closed.
		const guessed = await createSession(room.app.url);
		let limited = false;
		for (let attempt = 0; attempt < 50 && !limited; attempt++) {
			const guess = new TestClient(room.app.url, { role: 'participant', code: 'ZZZZZZ', token: newToken(), nickname: '' });
			limited = await guess.connected().then(
				() => false,
				(error: { data?: { code?: string } }) => error.data?.code === 'rate_limited'
			);
			guess.close();
		}
		expect(limited).toBe(true);

		const other = await room.open('phone', 'limited phone');
		await other.goto(`${room.app.url}/j/${guessed.code}`);
		await hydrated(other);
		await other.getByRole('button', { name: 'Deltag', exact: true }).click();
		const banner = other.locator('p.banner');
		await expect.poll(() => textOf(banner), poll).toMatch(/^For mange forsøg – prøv igen om \d+ sekund(er)?$/);
		const seconds = Number(/(\d+)/.exec(await textOf(banner))![1]);
		expect(seconds).toBeGreaterThanOrEqual(1);
		expect(seconds).toBeLessThanOrEqual(10);
		expect(await textOf(other.locator('main'))).not.toContain('Ingen forbindelse');
		if (shots) await other.screenshot({ path: `${shots}/limited-phone.png` });
		// It tries again when the server said it may, and joins.
		await other.getByText('Trin 1 af', { exact: false }).waitFor({ timeout: 20_000 });
		expect(await banner.count()).toBe(0);
	});

	it('ran without errors in any page', () => {
		expect(room.errors).toEqual([]);
	});
});
