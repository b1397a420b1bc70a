import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addMonths, fillAgreement } from '../../src/lib/agreement';
import type { FollowUpCreated } from '../../src/lib/protocol';
import type { RunningApp } from '../../server/app';
import { facilitator as facilitatorClient, participant, type TestClient } from '../helpers/clients';
import { rateVaegten, stepIndex } from '../helpers/follow-up-room';
import { createSession } from '../helpers/server';
import { BrowserRoom, hydrated, isOfflineSocketError, networkSwitch, type NetworkSwitch, poll, screenshot, startWorkshop, textOf } from '../helpers/browser';

/**
 * Every view in every state a workshop passes through, as people see it: axe-core finds no
 * serious or critical accessibility problem, a phone never scrolls sideways and every control
 * is a 44 px target, the projector holds at 16:9 and 4:3 and in its dark theme, and the
 * console works from the keyboard with a visible focus; a follow-up's progress step on the
 * phone and its Før og nu on the projector too. With SCREENSHOTS=1 each view is saved
 * at phone (360×740), laptop (1440×900) and projector (1920×1080) sizes in docs/screenshots.
 */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Problem {
	id: string;
	impact: string;
	help: string;
	targets: string[];
}

/** axe-core in the page (evaluated by the browser's debugger, so the page's CSP stays as it is). */
async function accessibilityProblems(page: Page): Promise<Problem[]> {
	await page.evaluate(axeSource);
	return page.evaluate(async () => {
		const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
		const { violations } = await axe.run(document, { resultTypes: ['violations'] });
		return violations
			.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
			.map((violation) => ({ id: violation.id, impact: violation.impact, help: violation.help, targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')) }));
	});
}

/** What a thumb meets on a phone: sideways scrolling, and controls smaller than 44 × 44 px. */
async function phoneProblems(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const problems: string[] = [];
		if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
		const controls = document.querySelectorAll<HTMLElement>('button, a.button, select, textarea, input:not([type=radio]):not([type=checkbox]):not([type=hidden]), label:has(input[type=radio]), label:has(input[type=checkbox])');
		for (const control of controls) {
			const box = control.getBoundingClientRect();
			if (box.width === 0 || box.height === 0 || getComputedStyle(control).visibility === 'hidden') continue;
			if (box.height < 43.5 || box.width < 43.5) problems.push(`${control.tagName.toLowerCase()} "${(control.textContent ?? control.getAttribute('aria-label') ?? '').trim().slice(0, 30)}" is ${Math.round(box.width)}×${Math.round(box.height)}`);
		}
		return problems;
	});
}

const SIZES = { phone: { width: 360, height: 740 }, laptop: { width: 1440, height: 900 }, projector: { width: 1920, height: 1080 } };

describe('how every view looks and reads', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let facilitator: Page;
	let screen: Page;
	let phones: Page[];
	let sessionId = '';
	let code = '';
	let network: NetworkSwitch;

	const button = (name: string) => facilitator.getByRole('button', { name, exact: true });
	const heading = (page: Page) => page.locator('h1').first();

	/** Checks a view, and saves it at each of `sizes` (then restores the page's own size). */
	async function look(page: Page, name: string, sizes: Array<keyof typeof SIZES>, options: { phone?: boolean } = {}) {
		expect(await accessibilityProblems(page), `${name}: accessibility`).toEqual([]);
		if (options.phone) expect(await phoneProblems(page), `${name}: phone`).toEqual([]);
		const own = page.viewportSize();
		for (const size of sizes) {
			await page.setViewportSize(SIZES[size]);
			await screenshot(page, `${name}-${size}.png`);
		}
		if (own) await page.setViewportSize(own);
	}

	beforeAll(async () => {
		await room.start();
		app = room.app;
		({ facilitator, screen, phones } = await room.openWorkshop(3));
		// Before the phone opens any WebSocket: the switch can only cut what it routes.
		network = await networkSwitch(phones[1].context());
	});

	afterAll(() => room.close());

	it('the front page', async () => {
		await facilitator.goto(app.url + '/');
		await hydrated(facilitator);
		await look(facilitator, 'home', ['laptop', 'phone']);
		await phones[0].goto(app.url + '/');
		await hydrated(phones[0]);
		await look(phones[0], 'home', [], { phone: true });
	});

	it('joining: the console, the projector with its QR code, the phone’s form', async () => {
		({ sessionId, code } = await startWorkshop(facilitator, app.url));
		await screen.goto(`${app.url}/s/${sessionId}/screen`);
		await screen.locator('section.join').waitFor();
		await look(screen, 'screen-join', ['projector', 'laptop']);
		await phones[0].goto(`${app.url}/j/${code}`);
		await hydrated(phones[0]);
		await look(phones[0], 'phone-join', ['phone'], { phone: true });
		for (const [index, phone] of phones.entries()) {
			if (index > 0) {
				await phone.goto(`${app.url}/j/${code}`);
				await hydrated(phone);
			}
			await phone.locator('#nickname').fill(['Anna', 'Bo', 'Cecilie'][index]);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
		await expect.poll(() => textOf(facilitator.locator('aside.right p.count')), poll).toBe('3');
		await look(facilitator, 'console-join', ['laptop']);
		await look(phones[0], 'phone-welcome', ['phone'], { phone: true });
	});

	it('rating: real radio groups with labels, a clear saved state, the step announced', async () => {
		await facilitator.getByRole('button', { name: 'Gå til Ledervægten – belastninger og ressourcer i lederjobbet' }).click();
		for (const [p, phone] of phones.entries()) {
			await expect.poll(() => phone.locator('fieldset.rating').count(), poll).toBeGreaterThan(0);
			expect(await heading(phone).getAttribute('aria-live')).toBe('polite');
			const groups = phone.getByRole('radiogroup');
			const count = await phone.locator('fieldset.rating').count();
			for (let item = 0; item < count; item++) {
				const group = phone.locator('fieldset.rating').nth(item);
				expect(await group.locator('legend').count()).toBe(1);
				await group.locator(`label:has(input[value="${(item + p) % 5}"])`).click();
			}
			await expect.poll(() => phone.locator('p.status.saved').count(), poll).toBe(count);
			expect(await groups.count()).toBeGreaterThanOrEqual(0);
		}
		await phones[0].evaluate(() => window.scrollTo(0, 0));
		await look(phones[0], 'phone-rating', ['phone'], { phone: true });
		await expect.poll(() => textOf(screen.locator('.vaegten figcaption span')), poll).toBe('3 har vurderet');
		await button('Vis fordeling').click();
		await look(screen, 'screen-vaegten', ['projector', 'laptop']);
		await look(facilitator, 'console-rating', ['laptop']);
	});

	it('the projector holds at 4:3 and in its dark theme, with step and time in view', async () => {
		for (const size of [{ width: 1024, height: 768 }, { width: 1920, height: 1080 }]) {
			await screen.setViewportSize(size);
			// The screen refits itself to the new size on its next frame (src/lib/client/fit-content.ts).
			const overflow = () => screen.evaluate(() => ({ x: document.documentElement.scrollWidth - window.innerWidth, y: document.documentElement.scrollHeight - window.innerHeight }));
			await expect.poll(overflow, { ...poll, message: `${size.width}×${size.height}: nothing off the screen` }).toEqual({ x: 0, y: 0 });
			for (const part of [heading(screen), screen.locator('header .timer'), screen.locator('.vaegten svg').first()]) {
				const box = await part.boundingBox();
				expect(box, `${size.width}×${size.height}`).not.toBeNull();
				expect(box!.y + box!.height).toBeLessThanOrEqual(size.height);
			}
		}
		await screen.setViewportSize({ width: 1024, height: 768 });
		await screenshot(screen, 'screen-vaegten-4x3.png');
		await screen.setViewportSize(SIZES.projector);
		await screen.getByRole('button', { name: 'Mørkt tema' }).click();
		expect(await screen.getByRole('button', { name: 'Mørkt tema' }).getAttribute('aria-pressed')).toBe('true');
		const background = await screen.locator('.screen').evaluate((element) => getComputedStyle(element).backgroundColor);
		expect(background).toBe('rgb(14, 21, 28)');
		await look(screen, 'screen-dark', ['projector']);
		// The pans differ by shape and by label, not only by colour.
		expect(await screen.locator('g.pan.load .weight').evaluate((element) => element.tagName)).not.toBe(
			await screen.locator('g.pan.resource .weight').evaluate((element) => element.tagName)
		);
		await screen.getByRole('button', { name: 'Mørkt tema' }).click();
	});

	it('the console from the keyboard, with a visible focus', async () => {
		await facilitator.locator('body').click({ position: { x: 5, y: 5 } });
		const before = await textOf(heading(facilitator));
		let found = false;
		for (let tab = 0; tab < 60 && !found; tab++) {
			await facilitator.keyboard.press('Tab');
			found = await facilitator.evaluate(() => document.activeElement?.textContent?.trim() === 'Næste trin →');
		}
		expect(found, 'Tab reaches "Næste trin"').toBe(true);
		const outline = await facilitator.evaluate(() => {
			const style = getComputedStyle(document.activeElement!);
			return { style: style.outlineStyle, width: parseFloat(style.outlineWidth) };
		});
		expect(outline.style).not.toBe('none');
		expect(outline.width).toBeGreaterThanOrEqual(2);
		await facilitator.keyboard.press('Enter');
		await expect.poll(() => textOf(heading(facilitator)), poll).not.toBe(before);
		await facilitator.keyboard.press('Shift+Tab');
		await facilitator.keyboard.press('Enter');
		await expect.poll(() => textOf(heading(facilitator)), poll).toBe(before);
	});

	it('groups: the sheet on the phone, the wall in the console, answers on the screen', async () => {
		const panel = facilitator.getByRole('region', { name: 'Grupper' });
		await panel.getByRole('spinbutton', { name: 'Antal' }).fill('1');
		await panel.getByRole('button', { name: 'Lav grupper (1)', exact: true }).click();
		await facilitator.getByRole('button', { name: 'Gå til Psykologisk tryghed og tillid' }).click();
		const sheet = phones[0].getByRole('region', { name: 'Jeres fælles svar' });
		await sheet.waitFor();
		await sheet.locator('textarea').first().fill('Vi taler om fejl på ledermøderne.');
		await expect.poll(() => facilitator.locator('section.wall article').count(), poll).toBe(1);
		await look(phones[0], 'phone-group-sheet', ['phone'], { phone: true });
		await facilitator.locator('section.wall article').first().getByRole('button', { name: 'Vis på skærm' }).click();
		await screen.locator('.answers section').first().waitFor();
		await expect.poll(() => textOf(screen.locator('.answers')), poll).toContain('Vi taler om fejl');
		// The console's screen choice names what is up, and takes it down in one click too.
		const upNow = facilitator.getByRole('group', { name: 'På skærmen' }).getByRole('button', { name: 'Gruppe 1', exact: true });
		expect(await upNow.getAttribute('aria-pressed')).toBe('true');
		await look(screen, 'screen-group', ['projector', 'laptop']);
		await look(facilitator, 'console-groups', ['laptop']);
	});

	it('offline: a calm banner on the phone', async () => {
		await network.cut();
		await phones[1].getByRole('status').filter({ hasText: 'Ingen forbindelse lige nu' }).first().waitFor();
		await look(phones[1], 'phone-offline', ['phone'], { phone: true });
		await network.mend();
		await expect.poll(() => phones[1].getByText('Ingen forbindelse lige nu').count(), poll).toBe(0);
	});

	it('priorities: the ballot, the ranking, the agreement', async () => {
		await facilitator.getByRole('button', { name: 'Gå til Prioriteringer og udkast til gruppeaftale' }).click();
		const panel = facilitator.getByRole('region', { name: 'Prioriteringer', exact: true });
		for (const point of ['Fast sparring i ledergruppen', 'Færre møder om fredagen', 'Tid til refleksion']) {
			await panel.getByLabel('Eget punkt').fill(point);
			await panel.locator('form').getByRole('button', { name: 'Tilføj', exact: true }).click();
		}
		await button('Åbn afstemningen').click();
		for (const phone of phones) {
			await phone.getByRole('heading', { name: 'Fordel dine prikker' }).waitFor();
			await phone.getByRole('button', { name: 'Giv en prik til Fast sparring i ledergruppen', exact: true }).click();
		}
		await look(phones[0], 'phone-dots', ['phone'], { phone: true });
		await look(screen, 'screen-ranking', ['projector']);
		await look(facilitator, 'console-priorities', ['laptop']);
		await button('Luk afstemningen').click();
		const agreement = facilitator.getByRole('region', { name: 'Udkast til gruppeaftale' });
		await agreement.waitFor();
		await look(facilitator, 'console-agreement', ['laptop']);
		await button('Vis aftalen på skærm').click();
		await screen.getByRole('region', { name: 'Udkast til gruppeaftale' }).waitFor();
		await look(screen, 'screen-agreement', ['projector']);
		await look(phones[0], 'phone-thanks', ['phone'], { phone: true });
	});

	it('the summary', async () => {
		await facilitator.goto(`${app.url}/s/${sessionId}/summary`);
		await facilitator.getByRole('region', { name: 'Udkast til gruppeaftale' }).waitFor();
		await look(facilitator, 'summary', ['laptop']);
		// A facilitator may open it on a phone too.
		await facilitator.setViewportSize(SIZES.phone);
		expect(await phoneProblems(facilitator), 'summary on a phone').toEqual([]);
		await screenshot(facilitator, 'summary-phone.png');
		await facilitator.setViewportSize(SIZES.laptop);
	});

	it('a follow-up: the phone rating progress, Før og nu on the projector (16:9 and 4:3)', async () => {
		// The workshop and the follow-up's Vægten over socket.io; the three phones rate progress in the browser.
		const clients: TestClient[] = [];
		const keep = <T extends TestClient>(client: T) => (clients.push(client), client);
		const first = await createSession(app.url);
		const firstHost = keep(await facilitatorClient(app.url, first.id, first.facilitatorKey));
		const raters = await Promise.all(Array.from({ length: 3 }, () => participant(app.url, first.code).then(keep)));
		// Items move up, up and down by their place in the model.
		await rateVaegten(firstHost, raters, (i) => (i % 3) + 1);
		const points = ['Faste sparringsmøder hver anden fredag', 'Ingen mails efter klokken 17'];
		await app.context.collab!.use(`${first.id}/agreement`, (doc) => fillAgreement(doc, { title: 'Ledergruppens aftale', points, followUp: addMonths(new Date(), 3) }));
		const response = await fetch(`${app.url}/api/sessions/${first.id}/follow-up`, { method: 'POST', headers: { authorization: `Bearer ${first.facilitatorKey}` } });
		expect(response.status).toBe(201);
		const made = (await response.json()) as FollowUpCreated;
		const host = keep(await facilitatorClient(app.url, made.id, made.facilitatorKey));
		await screen.goto(`${app.url}/s/${made.id}/screen`);
		for (const phone of phones) {
			await phone.goto(`${app.url}/j/${made.code}`);
			await hydrated(phone);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
		expect(await host.emit('step:goto', { index: stepIndex(host, 'progress') })).toEqual({ data: null });
		for (const [p, phone] of phones.entries()) {
			await expect.poll(() => textOf(heading(phone)), poll).toBe('Sådan gik det');
			for (const [index, value] of [p + 2, p].entries()) {
				const card = phone.locator('fieldset.rating').nth(index);
				await card.locator(`label:has(input[value="${value}"])`).click();
				await card.getByText('✓ Gemt').waitFor();
			}
		}
		await phones[0].evaluate(() => window.scrollTo(0, 0));
		await look(phones[0], 'phone-progress', ['phone'], { phone: true });
		expect(await host.emit('vote:lock', { stepId: 'progress', locked: true })).toEqual({ data: null });
		const now = await Promise.all(Array.from({ length: 3 }, () => participant(app.url, made.code).then(keep)));
		await rateVaegten(host, now, (i) => ((i + 1) % 3) + 1);
		expect(await host.emit('step:goto', { index: stepIndex(host, 'before-after') })).toEqual({ data: null });
		await expect.poll(() => screen.locator('.before-after tbody tr').count(), poll).toBeGreaterThan(0);
		await expect.poll(() => screen.locator('.progress-results .counts').count(), poll).toBe(points.length);
		await look(screen, 'screen-before-after', ['projector']);
		await screen.setViewportSize({ width: 1024, height: 768 });
		await screenshot(screen, 'screen-before-after-4x3.png');
		await screen.setViewportSize(SIZES.projector);
		for (const client of clients) client.close();
	});

	it('ran without errors in any page, asking nothing of other sites', () => {
		expect(room.foreignRequests()).toEqual([]);
		// Only the phone that was cut off, and only its socket failing to reconnect while offline.
		expect(room.errors.filter((error) => !(error.startsWith('phone 2: console: ') && isOfflineSocketError(error)))).toEqual([]);
	});
});
