import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, startWorkshop, textOf } from '../helpers/browser';

/**
 * The acceptance, in real browsers against the real server: the facilitator starts
 * a session in one page, three phone-sized pages join through the join link and rate, and
 * the screen page shows the tilt and the count. The `it`s run in order and share the room.
 */

const RATING_TITLE = 'Vægten – belastninger og ressourcer';
const NEXT_TITLE = 'Hvad ved vi om lederes arbejdsmiljø?';
const THEME_TITLE = 'Indflydelse og autonomi';
const LOADS = 6;
const RESOURCES = 5;
/** Every phone weighs every load 4; the resources get these (one per phone): clearly lighter. */
const RESOURCE_VALUES = [0, 1, 1];
const NICKNAMES = ['Anna', 'Bo', 'Cecilie'];

describe('live room in the browser', () => {
	const room = new BrowserRoom();
	const errors = room.errors;
	let app: RunningApp;
	let facilitator: Page;
	let screen: Page;
	const phones: Page[] = [];
	let sessionId = '';
	let code = '';

	const consoleButton = (name: string) => facilitator.getByRole('button', { name, exact: true });
	const heading = (page: Page) => page.locator('h1').first();
	/** Taps the label, as a thumb would: the radio itself is an invisible layer over it. */
	const choose = (group: Locator, value: number) => group.locator(`label:has(input[value="${value}"])`).click();

	beforeAll(async () => {
		await room.start();
		app = room.app;
		const opened = await room.openWorkshop(3);
		({ facilitator, screen } = opened);
		phones.push(...opened.phones);
	});

	afterAll(() => room.close());

	it('starts a workshop from the front page and shows the console with the join code', async () => {
		({ sessionId, code } = await startWorkshop(facilitator, app.url));
		expect(new URL(facilitator.url()).pathname).toBe(`/s/${sessionId}/facilitate`);
		// The key travelled through local storage, not the address.
		expect(facilitator.url()).not.toContain('key=');
		expect(await facilitator.evaluate((id) => localStorage.getItem(`vaegten:facilitator:${id}`), sessionId)).toBeTruthy();

		expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/);
		expect(await textOf(facilitator.locator('aside.right'))).toContain(`${app.url}/j/${code}`);
		const screenLink = facilitator.getByRole('link', { name: 'Åbn skærmvisning' });
		expect(await screenLink.getAttribute('href')).toBe(`/s/${sessionId}/screen`);
		expect(await textOf(heading(facilitator))).toBe('Velkommen');
	});

	it('shows the join code and a QR code on the projector', async () => {
		await screen.goto(`${app.url}/s/${sessionId}/screen`);
		const join = screen.locator('section.join');
		await join.waitFor();
		expect(await textOf(join.locator('p.code'))).toBe(code);
		// Read from the back of the room: the code in big letters (four times the line above it, at least 3.5), the QR on its white card.
		const fontSize = (selector: string) => join.locator(selector).first().evaluate((element) => parseFloat(getComputedStyle(element).fontSize));
		expect(await fontSize('p.code')).toBeGreaterThanOrEqual(3.5 * (await fontSize('.how p')));
		expect(await join.locator('.qr').evaluate((box) => getComputedStyle(box).backgroundColor)).toBe('rgb(255, 255, 255)');
		// The QR is an inline SVG, drawn on the server.
		const qr = join.locator('.qr svg');
		expect(await qr.count()).toBe(1);
		const box = await qr.boundingBox();
		expect(box?.width).toBeGreaterThan(300);
		expect(await join.locator('.qr').getAttribute('aria-label')).toBe(`QR-kode til ${app.url.replace(/^https?:\/\//, '')}/j/${code}`);
		// Live: the count comes over the socket.
		await expect.poll(() => textOf(join.locator('p.count')), poll).toBe('0 deltagere');
	});

	it('lets three phones join through the join link', async () => {
		const joinUrl = `${app.url}/j/${code}`;
		await Promise.all(
			phones.map(async (phone, index) => {
				await phone.goto(joinUrl);
				await hydrated(phone);
				await phone.getByLabel('Kaldenavn (valgfrit)').fill(NICKNAMES[index]);
				await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
				// Joined: the form is gone and the phone follows the room (step 1, the welcome).
				await phone.getByText('Trin 1 af', { exact: false }).waitFor();
				expect(await phone.locator('#nickname').count()).toBe(0);
			})
		);
		await expect.poll(() => textOf(screen.locator('section.join p.count')), poll).toBe('3 deltagere');
		await expect.poll(() => textOf(facilitator.locator('aside.right p.count')), poll).toBe('3');
	});

	it('reaches the rating step on every phone and the phones rate', async () => {
		const next = consoleButton('Næste trin →');
		await next.click();
		await expect.poll(() => textOf(heading(facilitator)), poll).toBe('Hvorfor sætte fokus på lederes trivsel?');
		await next.click();
		await expect.poll(() => textOf(heading(facilitator)), poll).toBe(RATING_TITLE);

		await Promise.all(
			phones.map(async (phone, index) => {
				await expect.poll(() => textOf(heading(phone)), poll).toBe(RATING_TITLE);
				expect(await textOf(phone.locator('p.progress'))).toMatch(/^Trin 3 af \d+$/);
				const groups = phone.locator('fieldset.rating');
				expect(await groups.count()).toBe(LOADS + RESOURCES);
				expect(await phone.locator('fieldset.rating.load').count()).toBe(LOADS);
				expect(await phone.locator('fieldset.rating.resource').count()).toBe(RESOURCES);
				for (let group = 0; group < LOADS + RESOURCES; group++) {
					expect(await groups.nth(group).locator('input[type=radio]').count()).toBe(5);
				}
				expect(await textOf(phone.locator('p.counter'))).toBe(`0 af ${LOADS + RESOURCES} vurderet`);

				const loads = phone.locator('fieldset.rating.load');
				for (let item = 0; item < LOADS; item++) {
					await choose(loads.nth(item), 4);
				}
				const resources = phone.locator('fieldset.rating.resource');
				for (let item = 0; item < RESOURCES; item++) {
					await choose(resources.nth(item), RESOURCE_VALUES[index]);
				}

				await expect.poll(() => textOf(phone.locator('p.counter')), poll).toBe(`${LOADS + RESOURCES} af ${LOADS + RESOURCES} vurderet`);
				// Every choice was acknowledged by the server.
				await expect.poll(() => phone.locator('p.status.saved').filter({ hasText: 'Gemt' }).count(), poll).toBe(LOADS + RESOURCES);
				expect(await phone.locator('label.chosen').count()).toBe(LOADS + RESOURCES);
			})
		);
		await phones[0].evaluate(() => window.scrollTo(0, 0));
	});

	it('shows the count, the verdict and the beam tipping toward the loads on the screen', async () => {
		await expect.poll(() => textOf(heading(screen)), poll).toBe(RATING_TITLE);
		const figure = screen.locator('.vaegten');
		await expect.poll(() => textOf(figure.locator('figcaption span')), poll).toBe('3 har vurderet');
		await expect.poll(() => textOf(figure.locator('.verdict')), poll).toBe('Belastningerne vejer tungest');
		expect(await textOf(screen.locator('header .meta'))).toContain('3 deltagere');
		expect(await textOf(screen.locator('header .meta .code'))).toContain(`/j/${code}`);

		// The beam's own style: loads hang left, so heavier loads turn it counter-clockwise.
		const beam = figure.locator('g.beam');
		const style = (await beam.getAttribute('style')) ?? '';
		const angle = Number(/rotate\((-?[\d.]+)deg\)/.exec(style)?.[1]);
		expect(angle).toBeLessThan(0);
		// Load mean 4, resource mean 2/3: tilt (4 - 2/3) / 4, of a 14° maximum.
		expect(angle).toBeCloseTo(-((4 - 2 / 3) / 4) * 14, 1);

		// And as drawn, once the swing has settled: a negative rotation in the computed matrix,
		// and the loads' pan hanging lower on the screen than the resources' pan.
		const settled = () =>
			beam.evaluate((element) => {
				const { transform } = getComputedStyle(element);
				const [a, b] = (/matrix\(([^)]+)\)/.exec(transform)?.[1] ?? '1, 0').split(',').map(Number);
				return Math.round((Math.atan2(b, a) * 180) / Math.PI);
			});
		await expect.poll(settled, poll).toBe(Math.round(angle));
		const loadPan = await figure.locator('g.pan.load .weight').boundingBox();
		const resourcePan = await figure.locator('g.pan.resource .weight').boundingBox();
		expect(loadPan!.y).toBeGreaterThan(resourcePan!.y + 20);

		// The pans' numbers, Danish style.
		expect(await textOf(figure.locator('g.pan.load text').first())).toBe('4,0');
		expect(await textOf(figure.locator('g.pan.resource text').first())).toBe('0,7');
	});

	it('resumes a reloaded phone as the same participant, with its ratings', async () => {
		const phone = phones[1];
		await phone.reload();
		await expect.poll(() => textOf(heading(phone)), poll).toBe(RATING_TITLE);
		await expect.poll(() => phone.locator('fieldset.rating input:checked').count(), poll).toBe(LOADS + RESOURCES);
		const checked = await phone.locator('fieldset.rating').evaluateAll((groups) =>
			groups.map((group) => ({
				kind: group.classList.contains('load') ? 'load' : 'resource',
				value: (group.querySelector('input:checked') as HTMLInputElement | null)?.value
			}))
		);
		for (const { kind, value } of checked) expect(value).toBe(kind === 'load' ? '4' : String(RESOURCE_VALUES[1]));
		expect(await textOf(phone.locator('p.counter'))).toBe(`${LOADS + RESOURCES} af ${LOADS + RESOURCES} vurderet`);
		expect(await phone.locator('#nickname').count()).toBe(0);

		// Still three people in the room: the server, the screen and the console agree.
		const room = await app.context.rooms.byId(sessionId);
		expect(room?.resultsView().participants).toBe(3);
		expect(await app.context.store.participants(sessionId)).toHaveLength(3);
		expect(await textOf(screen.locator('header .meta'))).toContain('3 deltagere');
		expect(await textOf(screen.locator('.verdict'))).toBe('Belastningerne vejer tungest');
		expect(await textOf(screen.locator('figcaption span'))).toBe('3 har vurderet');
	});

	it('shows the spread of answers when the facilitator asks for it', async () => {
		await consoleButton('Vis fordeling').click();
		await screen.locator('.spread').first().waitFor();
		expect(await screen.locator('.spread').count()).toBe(LOADS + RESOURCES);
		// Each load was rated 4 by all three: the histogram says so.
		expect(await screen.locator('.load .spread').first().getAttribute('aria-label')).toBe('Fordeling af svar 0–4: 0, 0, 0, 0, 3');
		await consoleButton('Skjul fordeling').waitFor();
		await screenshot(facilitator, 'console.png', { fullPage: true });
	});

	it('locks the ratings on the phones', async () => {
		await consoleButton('Lås vurderinger').click();
		await consoleButton('Lås op').waitFor();
		await Promise.all(
			phones.map(async (phone) => {
				await phone.getByText('Facilitatoren har låst vurderingerne.').waitFor();
				expect(await phone.locator('fieldset.rating:disabled').count()).toBe(LOADS + RESOURCES);
				expect(await phone.locator('fieldset.rating input:enabled').count()).toBe(0);
			})
		);
	});

	it('moves every phone and the screen to the next step', async () => {
		await consoleButton('Næste trin →').click();
		await Promise.all(
			[facilitator, screen, ...phones].map((page) => expect.poll(() => textOf(heading(page)), poll).toBe(NEXT_TITLE))
		);
		for (const phone of phones) expect(await phone.locator('fieldset').count()).toBe(0);

		// The agenda jumps straight to a theme with dialogue questions; phones show them.
		await facilitator.getByRole('button', { name: `Gå til ${THEME_TITLE}` }).click();
		await Promise.all(
			[screen, ...phones].map((page) => expect.poll(() => textOf(heading(page)), poll).toBe(THEME_TITLE))
		);
		const questions = phones[0].getByRole('region', { name: 'Til dialog' });
		expect(await textOf(questions)).toContain('Hvad tænder gejsten hos jer hver især som ledere?');
		await screenshot(phones[0], 'phone-step.png');
	});

	it('lets a phone whose network blocks WebSocket join and follow over long-polling', async () => {
		const phone = await room.open('phone', 'phone without WebSocket');
		// As behind a proxy that refuses the upgrade: every WebSocket fails as the browser reports a refused one.
		await phone.addInitScript(() => {
			window.WebSocket = class extends EventTarget {
				readyState = 0;
				onerror: ((event: Event) => void) | null = null;
				onclose: ((event: CloseEvent) => void) | null = null;
				constructor() {
					super();
					setTimeout(() => {
						this.readyState = 3;
						this.onerror?.(new Event('error'));
						this.onclose?.(new CloseEvent('close', { code: 1006 }));
					}, 10);
				}
				send() {}
				close() {}
			} as unknown as typeof WebSocket;
		});
		const transports = new Set<string>();
		phone.on('request', (request) => {
			const transport = new URL(request.url()).searchParams.get('transport');
			if (transport) transports.add(transport);
		});

		await phone.goto(`${app.url}/j/${code}`);
		await hydrated(phone);
		await phone.locator('#nickname').fill('Dorte');
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await expect.poll(() => textOf(heading(phone)), poll).toBe(THEME_TITLE);
		expect([...transports]).toEqual(['polling']);

		// The step changes reach it too.
		await consoleButton('Næste trin →').click();
		await Promise.all(
			[phone, phones[0]].map((page) => expect.poll(() => textOf(heading(page)), poll).not.toBe(THEME_TITLE))
		);
		expect(await textOf(heading(phone))).toBe(await textOf(heading(phones[0])));
		await expect.poll(() => textOf(facilitator.locator('aside.right p.count')), poll).toBe('4');
	});

	it('brings a phone that slept back to the current step by itself', async () => {
		const phone = phones[2];
		const cdp = await phone.context().newCDPSession(phone);
		await cdp.send('Page.setWebLifecycleState', { state: 'frozen' });
		// Asleep: the server has long since dropped the connection (as its ping timeout would).
		const asleep = [...app.io.of('/').sockets.values()].filter((socket) => socket.data.self?.nickname === NICKNAMES[2]);
		expect(asleep).toHaveLength(1);
		asleep[0].conn.close();
		const next = consoleButton('Næste trin →');
		await next.click();
		await next.click();
		const current = await textOf(heading(facilitator));
		expect(await textOf(heading(phone))).not.toBe(current);

		await cdp.send('Page.setWebLifecycleState', { state: 'active' });
		await expect.poll(() => textOf(heading(phone)), poll).toBe(current);
		await cdp.detach();
	});

	it('lets one phone read English while the screen and the console stay Danish', async () => {
		const phone = phones[0];
		const danish = await textOf(heading(facilitator));
		await phone.getByRole('button', { name: 'English', exact: true }).click();
		await expect.poll(() => textOf(phone.locator('p.progress')), poll).toMatch(/^Step \d+ of \d+/);
		expect(await phone.evaluate(() => document.documentElement.lang)).toBe('en');
		expect(await textOf(heading(screen))).toBe(danish);
		expect(await textOf(heading(facilitator))).toBe(danish);
		expect(await textOf(phones[1].locator('p.progress'))).toMatch(/^Trin \d+ af \d+/);
		// Kept by this device: a reload stays English.
		await phone.reload();
		await expect.poll(() => textOf(phone.locator('p.progress')), poll).toMatch(/^Step \d+ of \d+/);
		await phone.getByRole('button', { name: 'Dansk', exact: true }).click();
		await expect.poll(() => textOf(phone.locator('p.progress')), poll).toMatch(/^Trin \d+ af \d+/);
	});

	it('made no request to any other site, and used WebSockets of its own', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect([...room.requests].some((url) => url.startsWith('ws://'))).toBe(true);
	});

	it('ran without errors in any page', () => {
		expect(errors).toEqual([]);
	});
});
