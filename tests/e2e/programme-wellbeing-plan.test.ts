import ExcelJS from 'exceljs';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Download, Locator, Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { wellbeingPlanTool } from '../../src/lib/template/wellbeing-plan-tool';
import { DEVICE_LOCALE_COOKIE } from '../../src/lib/locale';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { docxDocument, parseCsv, pdfText } from '../helpers/documents';

/**
 * Plan for ledertrivsel (Værktøj 3, issue 16) in real browsers: the facilitator chooses it on
 * the front page; three phones rate both Vægten models, see the five roles, spend their dots;
 * the plan is drafted from the top two with the roles as who and a follow-up date; the console,
 * the screen, the summary and every export call it a plan. Then the front page offers this
 * workshop for a follow-up. The `it`s run in order and share the room.
 */

const PLAN = 'Plan for ledertrivsel';
const PRIORITIES_STEP = 'Prioriteringer og plan for ledertrivsel';
const ROLES = ['Topledelsen', 'HR og interne konsulenter', 'MED/SU & AMO', 'Ledere af ledere', 'Ledere af medarbejdere'];
const POINTS = ['Ledertrivsel på hvert direktionsmøde', 'Sparringsnetværk for nye ledere'];
const FOLLOW_UP = '2027-03-15';
const FORMATS = ['pdf', 'docx', 'xlsx', 'md', 'csv', 'json', 'ics'] as const;

describe('Plan for ledertrivsel: chosen on the front page, run end to end, exported as a plan', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let laptop: Page;
	let screen: Page;
	const phones: Page[] = [];
	let sessionId = '';
	let code = '';

	const heading = (page: Page) => textOf(page.locator('h1').first());
	const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
	const plan = (page: Page) => page.getByRole('region', { name: PLAN, exact: true });
	const point = (page: Page, index: number) => plan(page).locator('article').nth(index);
	const goTo = async (title: string) => {
		await laptop.getByRole('button', { name: `Gå til ${title}` }).click();
		await Promise.all([laptop, screen, ...phones].map((page) => expect.poll(() => heading(page), poll).toBe(title)));
	};
	const choose = (card: Locator, value: number) => card.locator(`label:has(input[value="${value}"])`).click();
	const panel = () => laptop.getByRole('region', { name: 'Prioriteringer', exact: true });

	beforeAll(async () => {
		await room.start();
		app = room.app;
		const opened = await room.openWorkshop(3);
		({ facilitator: laptop, screen } = opened);
		phones.push(...opened.phones);
	});

	afterAll(() => room.close());

	it('offers five programmes on the front page, joining first, and says there is no workshop to follow up yet', async () => {
		await laptop.goto(`${app.url}/`);
		await hydrated(laptop);
		expect(await laptop.locator('h2').first().textContent()).toBe('Deltag i en workshop');
		const cards = laptop.getByRole('list', { name: 'Vælg et forløb' }).locator(':scope > li');
		expect(await cards.locator('h3').allTextContents().then((titles) => titles.map((title) => title.replace(/\s+/g, ' ').trim()))).toEqual([
			'Introduktion',
			'Lederaftale · Værktøj 1',
			'Ledergruppen · Værktøj 2',
			'Plan for ledertrivsel · Værktøj 3',
			'Opfølgning'
		]);
		expect(await textOf(cards.nth(3).locator('.about'))).toBe('Topledelsen prioriterer de to vigtigste punkter for hele virksomheden – hvem gør hvad, og hvordan I følger op.');
		await expect.poll(() => textOf(cards.nth(4).locator('.hint')), poll).toMatch(/^Denne browser har ikke faciliteret nogen workshop endnu\./);
		await screenshot(laptop, 'home-programmes-laptop.png', { fullPage: true });
	});

	it('starts the plan from its card; the screen shows the code and three phones join', async () => {
		await button(laptop, `Start en workshop: ${PLAN}`).click();
		await laptop.waitForURL(/\/s\/[^/]+\/facilitate$/);
		sessionId = new URL(laptop.url()).pathname.split('/')[2];
		await laptop.locator('aside.right p.code').waitFor();
		code = await textOf(laptop.locator('aside.right p.code'));
		expect(code).toMatch(/^[A-Z2-9]{6}$/);
		await screen.goto(`${app.url}/s/${sessionId}/screen`);
		await screen.locator('section.join').waitFor();
		for (const phone of phones) {
			await phone.goto(`${app.url}/j/${code}`);
			await hydrated(phone);
			await button(phone, 'Deltag').click();
			await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		}
		await expect.poll(() => textOf(screen.locator('section.join p.count')), poll).toBe('3 deltagere');
		// The plan's own agenda, from the template.
		expect(await laptop.locator('.agenda').count()).toBeGreaterThan(0);
		expect(await textOf(laptop.locator('.agenda'))).toContain('Skab fokus, commitment og samspil');
		// Its one part, not the introduction's two.
		expect(await laptop.locator('.agenda').getByText(/^Del \d/).allTextContents()).toEqual(['Del 1: Plan for ledertrivsel']);
	});

	it('lets the phones rate both Vægten models: loads heavy, resources weak', async () => {
		for (const step of wellbeingPlanTool.steps.filter((candidate) => candidate.kind === 'rating')) {
			await goTo(step.title.da);
			for (const phone of phones) {
				const cards = phone.locator('fieldset.rating');
				const count = wellbeingPlanTool.items.filter((item) => item.model === step.model).length;
				await expect.poll(() => cards.count(), poll).toBe(count);
				for (let index = 0; index < count; index++) {
					const card = cards.nth(index);
					await choose(card, (await card.getAttribute('class'))?.includes('load') ? 4 : 1);
				}
				await expect.poll(() => textOf(phone.locator('p.counter')), poll).toBe(`${count} af ${count} vurderet`);
			}
			await expect.poll(() => textOf(screen.locator('.vaegten figcaption span').first()), poll).toBe('3 har vurderet');
		}
	});

	it('shows the introduction’s five roles and the guide’s three questions', async () => {
		await goTo('Trin 2: Roller og ansvar i at styrke lederes trivsel');
		for (const role of ROLES) expect(await textOf(screen.locator('dl.roles'))).toContain(role);
		await goTo('Skab fokus, commitment og samspil');
		expect(await textOf(screen.locator('main'))).toContain('Hvordan skaber I commitment til lederes trivsel?');
	});

	it('votes with dots and drafts the plan from the top two, the roles as who, with a follow-up date', async () => {
		await goTo(PRIORITIES_STEP);
		const own = panel().getByLabel('Eget punkt');
		for (const text of POINTS) {
			await own.fill(text);
			await panel().locator('form').getByRole('button', { name: 'Tilføj', exact: true }).click();
			await panel().locator('.vote li span', { hasText: text }).waitFor();
		}
		// One of Vægten's heaviest loads, suggested from the ratings.
		await panel().locator('button[aria-label^="Tilføj: "]').first().click();
		await expect.poll(() => panel().locator('.vote li').count(), poll).toBe(3);
		await button(laptop, 'Åbn afstemningen').click();
		for (const phone of phones) {
			await phone.getByRole('heading', { name: 'Fordel dine prikker' }).waitFor();
			for (const [index, text] of [POINTS[0], POINTS[0], POINTS[1]].entries()) {
				await button(phone, `Giv en prik til ${text}`).click();
				await expect.poll(() => textOf(phone.locator('.ballot p.left')), poll).toBe(`${2 - index} af 3 prikker tilbage`);
			}
		}
		await button(laptop, 'Luk afstemningen').click();
		await plan(laptop).waitFor();
		await expect.poll(() => point(laptop, 0).getByLabel('Det gør vi', { exact: true }).inputValue(), poll).toBe(POINTS[0]);
		expect(await point(laptop, 1).getByLabel('Det gør vi', { exact: true }).inputValue()).toBe(POINTS[1]);
		// The five roles are the who.
		expect(await point(laptop, 0).getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.closest('label')?.textContent?.trim()))).toEqual(ROLES);
		await point(laptop, 0).getByRole('checkbox', { name: 'Topledelsen', exact: true }).check();
		await point(laptop, 0).getByRole('checkbox', { name: 'HR og interne konsulenter', exact: true }).check();
		await point(laptop, 1).getByRole('checkbox', { name: 'Ledere af ledere', exact: true }).check();
		for (const index of [0, 1]) await point(laptop, index).getByLabel('Opfølgning', { exact: true }).fill(FOLLOW_UP);
		expect(await laptop.getByText('gruppeaftale', { exact: false }).count()).toBe(0);
		expect(await button(laptop, 'Planen').count()).toBe(1);

		await button(laptop, 'Vis planen på skærm').click();
		await plan(screen).waitFor();
		await expect.poll(() => textOf(point(screen, 0)), poll).toContain('Topledelsen, HR og interne konsulenter');
		expect(await textOf(point(screen, 1))).toContain('Ledere af ledere');
		expect(await textOf(point(screen, 1))).toContain('15. marts 2027');
		await screenshot(laptop, 'console-plan-laptop.png', { fullPage: true });
		await screenshot(screen, 'screen-plan-projector.png');
		await screenshot(phones[0], 'phone-plan-phone.png');
		// A screen read in English names the roles in English, whichever language they were ticked in.
		await screen.context().addCookies([{ name: DEVICE_LOCALE_COOKIE, value: 'en', url: app.url }]);
		await screen.reload();
		const english = screen.getByRole('region', { name: 'Plan for leaders’ well-being', exact: true }).locator('article');
		await expect.poll(() => textOf(english.nth(0)), poll).toContain('Top management, HR and internal consultants');
		expect(await textOf(english.nth(1))).toContain('Leaders of leaders');
	});

	it('calls it a plan in the summary, and every export downloads and names the plan with its roles', async () => {
		await laptop.goto(`${app.url}/s/${sessionId}/summary`);
		await hydrated(laptop);
		await plan(laptop).waitFor();
		await expect.poll(() => point(laptop, 0).getByRole('checkbox', { name: 'Topledelsen', exact: true }).isChecked(), poll).toBe(true);
		const texts: Record<string, string> = {};
		for (const format of FORMATS) {
			const downloading = laptop.waitForEvent('download');
			await button(laptop, format === 'ics' ? 'Kalender (.ics)' : format.toUpperCase()).click();
			const download: Download = await downloading;
			expect(download.suggestedFilename(), format).toMatch(new RegExp(`^vaegten-plan-for-ledertrivsel-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
			const bytes = new Uint8Array(await readFile((await download.path())!));
			texts[format] = await textOfExport(format, bytes);
		}
		for (const format of FORMATS) {
			const text = texts[format].replace(/\s+/g, ' ');
			expect(text, format).toContain(PLAN);
			expect(text, format).not.toMatch(/gruppeaftale/i);
			for (const role of ['Topledelsen', 'HR og interne konsulenter', 'Ledere af ledere']) expect(text, `${format}: ${role}`).toContain(role);
		}
		expect(texts.ics).toContain('DTSTART;VALUE=DATE:20270315');
		expect(JSON.parse(texts.json).session.programme).toBe('wellbeing-plan');
		// Read in English, the roles ticked in Danish are ticked; one ticked there is stored in the
		// session's language, so the Danish reader sees it ticked too.
		await button(laptop, 'English').click();
		const pointIn = (index: number) => laptop.getByRole('region', { name: 'Plan for leaders’ well-being', exact: true }).locator('article').nth(index);
		await expect.poll(() => pointIn(0).getByRole('checkbox', { name: 'Top management', exact: true }).isChecked(), poll).toBe(true);
		expect(await pointIn(1).getByRole('checkbox', { name: 'Leaders of leaders', exact: true }).isChecked()).toBe(true);
		await pointIn(1).getByRole('checkbox', { name: 'Leaders of employees', exact: true }).check();
		await button(laptop, 'Dansk').click();
		const employees = point(laptop, 1).getByRole('checkbox', { name: 'Ledere af medarbejdere', exact: true });
		await expect.poll(() => employees.isChecked(), poll).toBe(true);
		await employees.uncheck();
		expect(await point(laptop, 1).getByRole('checkbox', { name: 'Ledere af ledere', exact: true }).isChecked()).toBe(true);
		expect(await laptop.getByRole('alert').count()).toBe(0);
	});

	it('lists this workshop on the front page and makes its follow-up there', async () => {
		await laptop.goto(`${app.url}/`);
		await hydrated(laptop);
		const make = button(laptop, `Lav opfølgning af ${PLAN}`);
		await make.waitFor();
		await screenshot(laptop, 'home-follow-up-laptop.png', { fullPage: true });
		await make.click();
		await laptop.waitForURL(/\/s\/[^/]+\/facilitate$/);
		const followUpId = new URL(laptop.url()).pathname.split('/')[2];
		expect(followUpId).not.toBe(sessionId);
		await expect.poll(() => textOf(laptop.locator('.follows')), poll).toMatch(/^Opfølgning af “Plan for ledertrivsel” fra /);
		expect(room.errors).toEqual([]);
	});

	it('calls the follow-up’s updated agreement a plan too, with the five roles again: its summary and its exports say plan, never gruppeaftale', async () => {
		await laptop.getByRole('link', { name: 'Opsummering og eksport', exact: true }).click();
		await laptop.waitForURL(/\/s\/[^/]+\/summary/);
		await hydrated(laptop);
		await plan(laptop).waitFor();
		expect(await textOf(plan(laptop).locator('h2'))).toBe(PLAN);
		expect(await laptop.getByText('gruppeaftale', { exact: false }).count()).toBe(0);
		// The plan's points again, each with the roles that were to do it ticked, to keep or change.
		await expect.poll(() => point(laptop, 0).getByLabel('Det gør vi', { exact: true }).inputValue(), poll).toBe(POINTS[0]);
		const ticked = (index: number) => point(laptop, index).getByRole('checkbox').evaluateAll((boxes) => boxes.filter((box) => (box as HTMLInputElement).checked).map((box) => box.closest('label')?.textContent?.trim()));
		expect(await point(laptop, 0).getByRole('checkbox').count()).toBe(ROLES.length);
		expect(await ticked(0)).toEqual(['Topledelsen', 'HR og interne konsulenter']);
		expect(await ticked(1)).toEqual(['Ledere af ledere']);
		expect(await point(laptop, 0).locator('.names textarea').inputValue()).toBe('');
		for (const format of ['md', 'docx'] as const) {
			const downloading = laptop.waitForEvent('download');
			await button(laptop, format.toUpperCase()).click();
			const text = (await textOfExport(format, new Uint8Array(await readFile((await (await downloading).path())!)))).replace(/\s+/g, ' ');
			expect(text, format).toContain(PLAN);
			expect(text, format).not.toMatch(/gruppeaftale/i);
		}
		await screenshot(laptop, 'summary-follow-up-plan-laptop.png', { fullPage: true });
		expect(room.errors).toEqual([]);
	});
});

/** An export's text, as a reader of that format sees it. */
async function textOfExport(format: (typeof FORMATS)[number], bytes: Uint8Array): Promise<string> {
	if (format === 'pdf') return (await pdfText(bytes)).text;
	if (format === 'docx') return docxDocument(bytes).text;
	if (format === 'xlsx') {
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		const cells: string[] = workbook.worksheets.map((sheet) => sheet.name);
		workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.value)))));
		return cells.join('\n');
	}
	const text = new TextDecoder().decode(bytes);
	if (format === 'csv') return parseCsv(text.replace(/^\ufeff/, ''), ';').flat().join('\n');
	// The calendar folds long lines (RFC 5545): unfold them before reading.
	if (format === 'ics') return text.replace(/\r\n[ \t]/g, '').replace(/\\n/g, '\n').replace(/\\,/g, ',');
	return text;
}
