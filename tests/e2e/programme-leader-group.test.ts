import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { safeTeamItems, unsafeTeamItems } from '../../src/lib/template/slides';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { facilitator, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';

/**
 * Ledergruppen (Værktøj 2) end to end in real browsers: started with POST /api/sessions
 * { programme: 'leader-group' }, the console (1440×900) adds the slides' warning signs with one
 * click while preparing, three phones (360×740) mark the signs of the safe and of the unsafe
 * team they recognise, the projector (1920×1080) shows how many marked each line (nothing for a
 * line fewer than three answered), the group writes what it has not talked enough about on its
 * shared sheet, the phones spend their dots, the console drafts the gruppeaftale, and every
 * export downloads from the summary, the marked lists in it as counts. The `it`s run in order.
 */
const SAFE = safeTeamItems.map((item) => item.label.da);
const UNSAFE = unsafeTeamItems.map((item) => item.label.da);
const POINTS = ['Vi deler tvivl på hvert ledermøde', 'Faste sparringsmakkere i ledergruppen'];
const FORMATS = ['pdf', 'docx', 'xlsx', 'md', 'csv', 'json'];

describe('Ledergruppen: a programme run in the browser', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: CreatedSession;
	let console_: Page;
	let screen: Page;
	let phones: Page[] = [];
	let host: TestClient;

	const heading = (page: Page) => textOf(page.locator('h1').first());
	const goTo = (title: string) => console_.getByRole('button', { name: `Gå til ${title}` }).click();
	const allOn = (title: string) => Promise.all([console_, screen, ...phones].map((page) => expect.poll(() => heading(page), poll).toBe(title)));
	const mark = (phone: Page, label: string) => phone.getByRole('checkbox', { name: label, exact: true }).check();
	const shown = (label: string) => textOf(screen.locator('.mark-results li', { hasText: label }));
	const sheetField = (page: Page) => page.locator('textarea[id="answer-not-talked-about.0"]');
	const panel = () => console_.getByRole('region', { name: 'Prioriteringer', exact: true });
	const more = (page: Page, text: string) => page.getByRole('button', { name: `Giv en prik til ${text}`, exact: true });

	beforeAll(async () => {
		await room.start();
		app = room.app;
		({ facilitator: console_, screen, phones } = await room.openWorkshop(3));
	});
	afterAll(async () => {
		host?.close();
		await room.close();
	});

	it('starts from POST /api/sessions { programme: "leader-group" }: console, screen and three phones', async () => {
		session = await createSession(app.url, 'leader-group');
		await console_.goto(`${app.url}/s/${session.id}/facilitate#key=${session.facilitatorKey}`);
		await expect.poll(() => heading(console_), poll).toBe('Velkommen');
		await screen.goto(`${app.url}/s/${session.id}/screen`);
		await screen.locator('section.join').waitFor();
		for (const phone of phones) {
			await phone.goto(`${app.url}/j/${session.code}`);
			await hydrated(phone);
			await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
		await expect.poll(() => textOf(screen.locator('section.join p.count')), poll).toBe('3 deltagere');
		await screenshot(screen, 'leader-group-first-projector.png');
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		await host.until((client) => client.content !== null);
	});

	it('adds the slides’ warning signs with one click while preparing; the safe and unsafe team are there already', async () => {
		await console_.getByRole('button', { name: 'Forbered', exact: true }).click();
		const material = console_.getByRole('region', { name: 'Fra slides: lister og beskyttende faktorer' });
		await material.waitFor();
		for (const id of ['safe-team', 'unsafe-team']) expect(await textOf(material.locator(`li[data-material="${id}"] .added`))).toBe('✓ Tilføjet');
		await material.getByRole('button', { name: 'Tilføj Tegn (uden)på…', exact: true }).click();
		await expect.poll(() => textOf(material.locator('li[data-material="warning-signs"] .added')), poll).toBe('✓ Tilføjet');
		expect(await material.getByRole('button', { name: 'Tilføj Tegn (uden)på…' }).count()).toBe(0);
		// Before the gruppeaftale, in every device's agenda.
		await host.until((client) => client.content!.steps.some((step) => step.model === 'warning-signs'));
		expect(host.content!.steps.map((step) => step.id).slice(-2)).toEqual(['slides-warning-signs', 'priorities']);
		await screenshot(console_, 'leader-group-prepare-laptop.png', { fullPage: true });
		await console_.getByRole('button', { name: 'Tilbage til workshoppen', exact: true }).click();
	});

	it('lets the phones mark the signs of the safe team they recognise; the screen counts once three have answered a line', async () => {
		await goTo('Det trygge lederteam');
		await allOn('Det trygge lederteam');
		// The list to mark is a chunk of its own, loaded when a phone first reaches one.
		for (const phone of phones) await expect.poll(() => phone.getByRole('checkbox').count(), poll).toBe(SAFE.length);
		for (const phone of phones) await mark(phone, SAFE[0]);
		// Two phones mark the second line: held back.
		for (const phone of phones.slice(0, 2)) await mark(phone, SAFE[1]);
		await expect.poll(() => shown(SAFE[0]), poll).toBe(`${SAFE[0]} 3`);
		expect(await shown(SAFE[1])).toBe(`${SAFE[1]} –`);
		await expect.poll(() => textOf(console_.locator('.mark-results li').first()), poll).toBe(`${SAFE[0]} 3`);
		await screenshot(phones[0], 'leader-group-mark-phone.png', { fullPage: true });
		await screenshot(screen, 'leader-group-safe-projector.png');
	});

	it('and then of the unsafe team', async () => {
		await goTo('Det utrygge lederteam');
		await allOn('Det utrygge lederteam');
		for (const [p, phone] of phones.entries()) {
			await mark(phone, UNSAFE[0]);
			if (p > 0) await mark(phone, UNSAFE[3]);
			await mark(phone, UNSAFE[7]);
			// Its name gains "✓ Gemt" once saved.
			await phone.getByRole('checkbox', { name: UNSAFE[7] }).uncheck();
		}
		// Results move in batches of three changes; locking publishes the round whole, the marks taken back too.
		expect(await host.emit('vote:lock', { stepId: 'unsafe-team', locked: true })).toEqual({ data: null });
		await expect.poll(() => shown(UNSAFE[0]), poll).toBe(`${UNSAFE[0]} 3`);
		await expect.poll(() => shown(UNSAFE[7]), poll).toBe(`${UNSAFE[7]} 0`);
		expect(await shown(UNSAFE[3])).toBe(`${UNSAFE[3]} –`);
		await screenshot(screen, 'leader-group-unsafe-projector.png');
	});

	it('gives the group a shared sheet for “Hvad har vi ikke talt nok om…”, written together', async () => {
		expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
		await goTo('Det, vi ikke taler nok om');
		await allOn('Det, vi ikke taler nok om');
		const [writer, reader] = phones;
		const label = writer.locator('label[for="answer-not-talked-about.0"]');
		await expect.poll(() => textOf(label), poll).toBe('Hvad har vi ikke talt nok om i vores ledergruppe, som vi bør tale mere om?');
		const answer = 'Vores egen trivsel og tvivl.';
		await sheetField(writer).click();
		await sheetField(writer).pressSequentially(answer);
		await expect.poll(() => sheetField(reader).inputValue(), poll).toBe(answer);
		await expect.poll(() => textOf(console_.locator('section.wall article').first()), poll).toContain(answer);
		await screenshot(writer, 'leader-group-sheet-phone.png', { fullPage: true });
	});

	it('ends in the dot vote and the gruppeaftale, drafted from the top two', async () => {
		await goTo('Gruppeaftale');
		await allOn('Gruppeaftale');
		const own = panel().getByLabel('Eget punkt');
		for (const text of POINTS) {
			await own.fill(text);
			await panel().locator('form').getByRole('button', { name: 'Tilføj', exact: true }).click();
			await expect.poll(() => panel().locator('.vote li span').allTextContents(), poll).toContain(text);
		}
		await panel().getByRole('button', { name: 'Åbn afstemningen', exact: true }).click();
		for (const phone of phones) {
			await phone.getByRole('heading', { name: 'Fordel dine prikker' }).waitFor();
			await more(phone, POINTS[0]).click();
			await more(phone, POINTS[0]).click();
			await more(phone, POINTS[1]).click();
			await expect.poll(() => textOf(phone.locator('.ballot p.left')), poll).toBe('0 af 3 prikker tilbage');
		}
		await screenshot(phones[0], 'leader-group-dots-phone.png', { fullPage: true });
		await panel().getByRole('button', { name: 'Luk afstemningen', exact: true }).click();
		const agreement = console_.getByRole('region', { name: 'Udkast til gruppeaftale' });
		await expect.poll(() => agreement.locator('article').count(), poll).toBe(2);
		await expect.poll(() => agreement.locator('article').first().getByLabel('Det gør vi', { exact: true }).inputValue(), poll).toBe(POINTS[0]);
		expect(await host.emit('screen:show', { display: { kind: 'agreement' } })).toEqual({ data: null });
		await screen.getByRole('region', { name: 'Udkast til gruppeaftale' }).waitFor();
		await screenshot(console_, 'leader-group-agreement-laptop.png', { fullPage: true });
		await screenshot(screen, 'leader-group-last-projector.png');
	});

	it('downloads every export from the summary, the marked lists as counts (nothing below three)', async () => {
		await console_.goto(`${app.url}/s/${session.id}/summary`);
		await hydrated(console_);
		// The summary shows the marked lists as counts, and no general Vægten (Ledergruppen has none).
		const safe = console_.locator('section.marks[data-model="safe-team"]');
		await expect.poll(() => textOf(safe.locator('li').first()), poll).toBe(`${SAFE[0]} 3`);
		expect(await textOf(safe.locator('li', { hasText: SAFE[1] }))).toBe(`${SAFE[1]} –`);
		expect(await console_.getByRole('heading', { name: 'Vægten – generel model' }).count()).toBe(0);
		for (const format of FORMATS) {
			const downloading = console_.waitForEvent('download');
			await console_.getByRole('button', { name: format.toUpperCase(), exact: true }).click();
			const download = await Promise.race([downloading, console_.getByRole('alert').waitFor().then(() => Promise.reject(new Error(`${format}: not downloaded`)))]);
			expect(download.suggestedFilename(), format).toMatch(new RegExp(`\\.${format}$`));
			if (format !== 'md') continue;
			const md = readFileSync((await download.path())!, 'utf8');
			expect(md).toContain('## Lister med kryds');
			expect(md).toContain(`| ${SAFE[0]} | 3 | 3 |`);
			expect(md).toContain(`| ${SAFE[1]} | vises ved mindst 3 svar | 2 |`);
			expect(md).toContain(`| ${UNSAFE[7]} | 0 | 3 |`);
			expect(md).toContain(POINTS[0]);
		}
		expect(await console_.getByRole('alert').count()).toBe(0);
		await screenshot(console_, 'leader-group-summary-laptop.png', { fullPage: true });
		expect(room.errors).toEqual([]);
	});
});
