import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { addMonths, fillAgreement, localDate } from '../../src/lib/agreement';
import { introTool } from '../../src/lib/template/intro-tool';
import { VAEGTEN_MODELS } from '../../src/lib/template/types';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';

/**
 * Opfølgning in real browsers (issue 15): a workshop runs to its agreement (five socket.io
 * phones rate Vægten, the agreement is written, the workshop ends), the facilitator makes the
 * follow-up with *Planlæg opfølgning* in the console and opens it from the link shown; five
 * phones join it, rate progress on each agreed point and Vægten again; the projector shows
 * progress as a distribution (nothing until three have rated) and *Før og nu*: both balances
 * with both dates, per item then, now and the change sorted by change. Every export of the
 * follow-up downloads from its summary page. The facilitator's steering of the follow-up is a
 * socket.io client, to save time. The `it`s run in order and share the room.
 */

const POINTS = ['Faste sparringsmøder hver anden fredag', 'Ingen mails efter klokken 17'];
const THEN = 2;
/** What phone `p` rates Vægten item `i` in the follow-up: 1, 2 or 3, so items move −1, 0 or +1. */
const nowValue = (i: number) => (i % 3) + 1;
/** Progress: point 1 gets 0…4 (one each), point 2 gets 4 from everyone. */
const progressValue = (point: number, phone: number) => (point === 0 ? phone : 4);
const FORMATS = ['pdf', 'docx', 'xlsx', 'md', 'csv', 'json', 'ics'];
/** Vægten's items: the introduction's list of tools to mark is no balance. */
const vaegtenItems = introTool.items.filter((item) => (VAEGTEN_MODELS as readonly string[]).includes(item.model));
const stepIndex = (client: TestClient, id: string) => client.content!.steps.findIndex((step) => step.id === id);

describe('Opfølgning: a follow-up made, run and compared in the browser', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let first: CreatedSession;
	let console_: Page;
	let screen: Page;
	const phones: Page[] = [];
	const clients: TestClient[] = [];
	let host: TestClient;
	let followUp = { id: '', code: '', key: '' };
	const today = localDate(new Date());
	const todayText = new Date(`${today}T12:00:00Z`).toLocaleDateString('da-DK', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

	const heading = (page: Page) => textOf(page.locator('h1').first());
	const cards = (page: Page) => page.locator('fieldset.rating');
	/** A point's distribution as the screen writes it: how many gave 0, 1, 2, 3 and 4. */
	const counts = (point: Locator) => point.locator('.counts span').allTextContents().then((values) => values.join(' '));
	const choose = (card: Locator, value: number) => card.locator(`label:has(input[value="${value}"])`).click();

	async function steer(type: string, payload: object) {
		expect(await host.emit(type, payload), type).toEqual({ data: null });
	}

	beforeAll(async () => {
		await room.start();
		app = room.app;
		first = await createSession(app.url);
		const firstHost = await facilitator(app.url, first.id, first.facilitatorKey);
		clients.push(firstHost);
		const raters = await Promise.all(Array.from({ length: 5 }, (_, p) => participant(app.url, first.code, undefined, `Leder ${p + 1}`)));
		clients.push(...raters);
		for (const stepId of ['general-model', 'leader-model']) {
			expect(await firstHost.emit('step:goto', { index: stepIndex(firstHost, stepId) })).toEqual({ data: null });
			const model = firstHost.content!.steps[stepIndex(firstHost, stepId)].model;
			for (const phone of raters) {
				for (const item of vaegtenItems.filter((candidate) => candidate.model === model)) {
					expect(await phone.emit('rating:set', { itemId: item.id, value: THEN })).toMatchObject({ data: {} });
				}
			}
			expect(await firstHost.emit('vote:lock', { stepId, locked: true })).toEqual({ data: null });
		}
		await firstHost.until((client) => vaegtenItems.every((item) => client.results?.items.find((result) => result.itemId === item.id)?.count === 5));
		await app.context.collab!.use(`${first.id}/agreement`, (doc) => fillAgreement(doc, { title: 'Ledergruppens aftale', points: POINTS, followUp: addMonths(new Date(), 3) }));
		expect(await firstHost.emit('session:end', { ended: true })).toEqual({ data: null });
		console_ = await room.open('laptop', 'console');
		screen = await room.open('projector', 'screen');
		for (let p = 0; p < 5; p++) phones.push(await room.open('phone', `phone ${p + 1}`));
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await room.close();
	});

	it('makes the follow-up with “Planlæg opfølgning” in the console, and shows its code and its console link', async () => {
		await console_.goto(`${app.url}/s/${first.id}/facilitate#key=${first.facilitatorKey}`);
		await console_.getByRole('button', { name: 'Planlæg opfølgning', exact: true }).click();
		const made = console_.getByRole('region', { name: 'Opfølgningen er oprettet' });
		await made.waitFor();
		const link = made.getByRole('link', { name: 'Åbn opfølgningens konsol' });
		const href = (await link.getAttribute('href'))!;
		const match = /\/s\/([^/]+)\/facilitate#key=(.+)$/.exec(href);
		expect(match, href).not.toBeNull();
		const code = await textOf(made.locator('.code'));
		expect(code).toMatch(/^[A-Z0-9]{6}$/);
		followUp = { id: match![1], code, key: decodeURIComponent(match![2]) };
		expect(followUp.id).not.toBe(first.id);
		await screenshot(console_, 'console-follow-up-made-laptop.png');

		await link.click();
		await console_.waitForURL(`${app.url}/s/${followUp.id}/facilitate`);
		// What it follows up: the earlier workshop's title and date.
		await expect.poll(() => textOf(console_.locator('.follows')), poll).toBe(`Opfølgning af “Sæt spot på lederes trivsel” fra ${todayText}`);
		host = await facilitator(app.url, followUp.id, followUp.key);
		clients.push(host);
	});

	it('lets five phones rate how far each agreed point got, 0 = Ikke startet … 4 = Lykkedes; the screen shows nothing until three have rated', async () => {
		await screen.goto(`${app.url}/s/${followUp.id}/screen`);
		await screen.locator('section.join').waitFor();
		for (const [p, phone] of phones.entries()) {
			await phone.goto(`${app.url}/j/${followUp.code}`);
			await hydrated(phone);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
			expect(p).toBeLessThan(5);
		}
		await steer('step:goto', { index: stepIndex(host, 'progress') });
		for (const phone of phones) await expect.poll(() => heading(phone), poll).toBe('Sådan gik det');
		expect(await cards(phones[0]).count()).toBe(POINTS.length);
		for (const [index, point] of POINTS.entries()) {
			const card = cards(phones[0]).nth(index);
			expect(await textOf(card.locator('legend'))).toBe(point);
			expect(await textOf(card.locator('.scale'))).toBe('0 = Ikke startet 4 = Lykkedes');
		}

		const shown = (index: number) => screen.locator('.progress-results li').nth(index);
		for (const [p, phone] of phones.entries()) {
			for (const index of POINTS.keys()) {
				await choose(cards(phone).nth(index), progressValue(index, p));
				await cards(phone).nth(index).getByText('✓ Gemt').waitFor();
			}
			if (p === 1) {
				// Two have rated: no distribution, no mean.
				for (const index of POINTS.keys()) expect(await textOf(shown(index).locator('.waiting'))).toBe('Vises, når mindst 3 har vurderet');
			}
		}
		await steer('vote:lock', { stepId: 'progress', locked: true });
		await expect.poll(() => counts(shown(0)), poll).toBe('1 1 1 1 1');
		expect(await counts(shown(1))).toBe('0 0 0 0 5');
		expect(await textOf(shown(0).locator('.label'))).toBe(POINTS[0]);
		expect(await textOf(shown(1).locator('.mean'))).toBe('Gennemsnit 4,0');
	});

	it('lets the five phones rate Vægten again', async () => {
		for (const stepId of ['general-model', 'leader-model']) {
			await steer('step:goto', { index: stepIndex(host, stepId) });
			const model = host.content!.steps[stepIndex(host, stepId)].model;
			const items = host.content!.items.filter((item) => item.model === model);
			for (const phone of phones) {
				await expect.poll(() => cards(phone).count(), poll).toBe(items.length);
				for (const [i, item] of items.entries()) await choose(phone.locator(`fieldset.rating:has(input[name="rating-${item.id}"])`), nowValue(i));
				await expect.poll(() => textOf(phone.locator('p.counter')), poll).toBe(`${items.length} af ${items.length} vurderet`);
			}
			await steer('vote:lock', { stepId, locked: true });
		}
		await host.until((client) => vaegtenItems.every((item) => client.results?.items.find((result) => result.itemId === item.id)?.count === 5), 10_000);
	});

	it('shows Før og nu on the screen: both balances with both dates, per item then, now and the change, sorted by change, and progress as a distribution', async () => {
		await steer('step:goto', { index: stepIndex(host, 'before-after') });
		await expect.poll(() => heading(screen), poll).toBe('Før og nu');
		const view = screen.locator('.before-after');
		for (const model of ['general', 'leader']) {
			const pair = view.locator(`.balances[data-model="${model}"]`);
			await expect.poll(() => pair.locator('figure').count(), poll).toBe(2);
			expect(await textOf(pair.locator('figure').nth(0).locator('.when'))).toBe(`Før: ${todayText}`);
			expect(await textOf(pair.locator('figure').nth(1).locator('.when'))).toBe(`Nu: ${todayText}`);
		}
		expect(await view.locator('tbody tr').count()).toBe(vaegtenItems.length);
		// Every item as rated: then 2,0; now 1, 2 or 3 by its place in its model; the change with its sign and arrow.
		for (const model of ['general', 'leader']) {
			const expected = new Map<string, string[]>();
			vaegtenItems
				.filter((item) => item.model === model)
				.forEach((item, i) => {
					const change = nowValue(i) - THEN;
					expected.set(item.label.da, ['2,0', `${nowValue(i)},0`, change > 0 ? '▲ +1,0' : change < 0 ? '▼ −1,0' : '= 0,0']);
				});
			const table = await view.locator(`section.model[data-model="${model}"] tbody tr`).evaluateAll((trs) =>
				trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim()))
			);
			expect(table.map(([label]) => label.replace(/^[■●] /, '')).sort()).toEqual([...expected.keys()].sort());
			for (const [label, ...cells] of table) expect(cells.slice(-3), label).toEqual(expected.get(label.replace(/^[■●] /, '')));
			// Largest change first.
			const changes = table.map((cells) => (cells.at(-1)!.startsWith('=') ? 0 : 1));
			expect(changes, model).toEqual([...changes].sort((a, b) => b - a));
		}
		// Progress per point, as a distribution.
		expect(await counts(view.locator('.progress-results li').nth(0))).toBe('1 1 1 1 1');
		expect(await counts(view.locator('.progress-results li').nth(1))).toBe('0 0 0 0 5');
	});

	it('shows Før og nu in the console too', async () => {
		const view = console_.locator('.before-after');
		await expect.poll(() => view.locator('tbody tr').count(), poll).toBe(vaegtenItems.length);
		await screenshot(console_, 'console-before-after-laptop.png', { fullPage: true });
	});

	it('downloads every export of the follow-up from its summary page, the calendar event too', async () => {
		await console_.goto(`${app.url}/s/${followUp.id}/summary`);
		await hydrated(console_);
		for (const format of FORMATS) {
			const name = format === 'ics' ? 'Kalender (.ics)' : format.toUpperCase();
			const downloading = console_.waitForEvent('download');
			await console_.getByRole('button', { name, exact: true }).click();
			const download = await Promise.race([downloading, console_.getByRole('alert').waitFor().then(() => Promise.reject(new Error(`${format}: not downloaded`)))]);
			expect(download.suggestedFilename(), format).toMatch(new RegExp(`\\.${format}$`));
		}
		expect(await console_.getByRole('alert').count()).toBe(0);
		expect(room.errors).toEqual([]);
	});
});
