import { readFile } from 'node:fs/promises';
import { localDate } from '../../src/lib/agreement';
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { RunningApp } from '../../server/app';
import { pdfText } from '../helpers/documents';
import { BrowserRoom, hydrated, poll, screenshot, startWorkshop, textOf } from '../helpers/browser';

/**
 * The workshop's last part in real browsers against the real server: the facilitator
 * collects points, three phones spend their dots, the projector shows the ranking live; the
 * vote closes and the draft group agreement is filled in from the top two points; the
 * facilitator edits it in the console and on the summary page, downloads the PDF from the
 * summary page and finally deletes the workshop. The `it`s run in order and share the room.
 */

const STEP_TITLE = 'Prioriteringer og udkast til gruppeaftale';
const SESSION_TITLE = 'Sæt spot på lederes trivsel';
const POINTS = ['Faste sparringsmøder i ledergruppen', 'Tydelige prioriteringer fra topledelsen', 'Pauser på møderne'];
const [SPARRING, PRIORITIES, BREAKS] = POINTS;
/** Per phone: how many dots go to which point (three each). */
const SPENDING: Array<Array<[string, number]>> = [
	[
		[SPARRING, 2],
		[PRIORITIES, 1]
	],
	[
		[SPARRING, 2],
		[PRIORITIES, 1]
	],
	[[PRIORITIES, 3]]
];
/** What the spending adds up to, best first: the top point has most dots, not the first added. */
const RANKING = [
	[PRIORITIES, '5 prikker'],
	[SPARRING, '4 prikker'],
	[BREAKS, '0 prikker']
];
const ROLE = 'Ledere af ledere';
/** Who else does point 1, written beside the roles. */
const NAMES = 'Mette, Jens og Ali';
const WHO = `${ROLE}, Mette, Jens og Ali`;
const CONSOLE_FIRST_STEP = 'Ledergruppen aftaler tre prioriteter på næste møde';
const SUMMARY_FIRST_STEP = 'Sparring hver anden uge fra februar';
const TITLE = 'Ledergruppens fælles aftale';
/** The export's file name: the agreement's title as ASCII. */
const TITLE_SLUG = 'ledergruppens-faelles-aftale';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('priorities, agreement, export and deletion in the browser', () => {
	const room = new BrowserRoom();
	const errors = room.errors;
	let app: RunningApp;
	let facilitator: Page;
	let screen: Page;
	const phones: Page[] = [];
	let sessionId = '';
	let code = '';
	/** The session's date as the server dates it (UTC), taken when it was created. */
	let today = '';

	const consoleButton = (name: string) => facilitator.getByRole('button', { name, exact: true });
	const heading = (page: Page) => page.locator('h1').first();
	const panel = () => facilitator.getByRole('region', { name: 'Prioriteringer', exact: true });
	const agreementOf = (page: Page) => page.getByRole('region', { name: 'Udkast til gruppeaftale' });
	const point = (page: Page, index: number) => agreementOf(page).locator('article').nth(index);
	const field = (page: Page, index: number, label: 'Det gør vi' | 'Første skridt' | 'Opfølgning' | 'Navne (adskil med komma)') =>
		point(page, index).getByLabel(label, { exact: true });
	const more = (page: Page, text: string) => page.getByRole('button', { name: `Giv en prik til ${text}`, exact: true });
	const less = (page: Page, text: string) => page.getByRole('button', { name: `Tag en prik fra ${text}`, exact: true });
	const dotsLeft = (page: Page) => textOf(page.locator('.ballot p.left'));
	/** A ranking (console, screen or summary) as [text, dots] rows, top first. */
	const rankingIn = (scope: Page | Locator) =>
		scope
			.locator('div.ranking li')
			.evaluateAll((rows) =>
				rows.map((row) => [row.querySelector('.text')?.textContent?.trim() ?? '', row.querySelector('.dots')?.textContent?.trim() ?? ''])
			);
	/** A read-only agreement's point (the projector's): its text and the definition list under it. */
	const shownPoint = (index: number) =>
		agreementOf(screen)
			.locator('article')
			.nth(index)
			.evaluate((article) => ({
				what: article.querySelector('.what')?.textContent?.trim() ?? '',
				details: Object.fromEntries(
					[...article.querySelectorAll('dt')].map((dt) => [dt.textContent?.trim() ?? '', dt.nextElementSibling?.textContent?.trim() ?? ''])
				)
			}))
			.catch(() => null);
	const facilitatorKey = () => facilitator.evaluate((id) => localStorage.getItem(`vaegten:facilitator:${id}`), sessionId);

	beforeAll(async () => {
		await room.start();
		app = room.app;
		const opened = await room.openWorkshop(3);
		({ facilitator, screen } = opened);
		phones.push(...opened.phones);
	});

	afterAll(() => room.close());

	it('starts a workshop, opens the screen and lets three phones join', async () => {
		today = localDate(new Date());
		({ sessionId, code } = await startWorkshop(facilitator, app.url));
		expect(code).toMatch(/^[A-Z2-9]{6}$/);

		await screen.goto(`${app.url}/s/${sessionId}/screen`);
		await screen.locator('section.join').waitFor();

		await Promise.all(
			phones.map(async (phone) => {
				await phone.goto(`${app.url}/j/${code}`);
				await hydrated(phone);
				await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
				await phone.getByText('Trin 1 af', { exact: false }).waitFor();
			})
		);
		await expect.poll(() => textOf(facilitator.locator('aside.right p.count')), poll).toBe('3');
		await expect.poll(() => textOf(screen.locator('section.join p.count')), poll).toBe('3 deltagere');
	});

	it('goes to the last step, where the facilitator adds three points of its own', async () => {
		await facilitator.getByRole('button', { name: `Gå til ${STEP_TITLE}` }).click();
		await Promise.all([facilitator, screen, ...phones].map((page) => expect.poll(() => textOf(heading(page)), poll).toBe(STEP_TITLE)));
		const steps = await textOf(facilitator.locator('p.eyebrow'));
		const [index, total] = (/(\d+)\/(\d+)$/.exec(steps) ?? []).slice(1).map(Number);
		expect(index).toBe(total);

		await panel().waitFor();
		// Nobody rated in this workshop: Vægten has nothing to offer, the own point field is there.
		expect(await textOf(panel())).toContain('Vægten har endnu ingen resultater at foreslå.');
		expect(await textOf(panel().getByRole('status'))).toBe('Afstemningen er ikke åbnet.');
		expect(await consoleButton('Åbn afstemningen').isDisabled()).toBe(true);

		const own = panel().getByLabel('Eget punkt');
		const add = panel().locator('form').getByRole('button', { name: 'Tilføj', exact: true });
		const listed = () => panel().locator('.vote li span').allTextContents();
		for (let count = 1; count <= POINTS.length; count++) {
			await own.fill(POINTS[count - 1]);
			await add.click();
			await expect.poll(listed, poll).toEqual(POINTS.slice(0, count));
			// The field is emptied for the next point.
			expect(await own.inputValue()).toBe('');
		}
		expect(await panel().getByRole('button', { name: `Fjern ${BREAKS}` }).count()).toBe(1);
		// The same point again, in other case and spacing: said so by the field, and not added.
		await own.fill(`  ${SPARRING.toUpperCase()}  `);
		await add.click();
		await expect.poll(() => textOf(panel().getByRole('alert')), poll).toBe('Det punkt er allerede på listen.');
		expect(await listed()).toEqual(POINTS);
		expect(await own.getAttribute('aria-invalid')).toBe('true');
		await own.fill('');
		expect(await textOf(panel().getByRole('alert'))).toBe('');

		// The phones wait for the vote; nothing to spend yet.
		for (const phone of phones) {
			await phone.getByText('Facilitatoren samler punkterne. Afstemningen åbner snart.', { exact: true }).waitFor();
			expect(await phone.locator('.ballot').count()).toBe(0);
		}
		// And the projector shows the step itself, not an empty ranking.
		expect(await screen.getByText('Det vigtigste for os').count()).toBe(0);
	});

	it('opens the vote: the phones spend their dots and the screen ranks the points live', async () => {
		expect(await panel().getByRole('spinbutton', { name: 'Prikker pr. deltager' }).inputValue()).toBe('3');
		await consoleButton('Åbn afstemningen').click();
		await expect.poll(() => textOf(panel().getByRole('status')), poll).toBe('Afstemningen er åben.');
		await consoleButton('Luk afstemningen').waitFor();
		// The points can no longer be changed while the vote is open.
		expect(await panel().getByLabel('Eget punkt').count()).toBe(0);

		for (const phone of phones) {
			await phone.getByRole('heading', { name: 'Fordel dine prikker' }).waitFor();
			await expect.poll(() => dotsLeft(phone), poll).toBe('3 af 3 prikker tilbage');
			for (const text of POINTS) {
				expect(await more(phone, text).isEnabled()).toBe(true);
				expect(await less(phone, text).isDisabled()).toBe(true);
			}
		}
		const ranking = screen.getByRole('heading', { name: 'Det vigtigste for os' });
		await ranking.waitFor();
		expect(await rankingIn(screen)).toEqual(POINTS.map((text) => [text, '0 prikker']));

		// The first phone: two dots, then (after a look) the third.
		const [first] = phones;
		await more(first, SPARRING).click();
		await more(first, SPARRING).click();
		await expect.poll(() => dotsLeft(first), poll).toBe('1 af 3 prikker tilbage');
		expect(await less(first, SPARRING).isEnabled()).toBe(true);
		// One phone's dots are its own: the projector shows nothing of a vote until three have voted.
		await expect.poll(() => textOf(screen.locator('.ranking p.voters')), poll).toBe('Rangeringen vises, når mindst 3 har stemt.');
		expect(await rankingIn(screen)).toEqual(POINTS.map((text) => [text, '0 prikker']));

		await Promise.all(
			phones.map(async (phone, index) => {
				const plan = index === 0 ? [[PRIORITIES, 1] as const] : SPENDING[index];
				for (const [text, dots] of plan) for (let dot = 0; dot < dots; dot++) await more(phone, text).click();
				await expect.poll(() => dotsLeft(phone), poll).toBe('0 af 3 prikker tilbage');
				// Nothing left to give: every "+" is disabled, "−" only where a dot lies.
				for (const text of POINTS) {
					expect(await more(phone, text).isDisabled()).toBe(true);
					const mine = SPENDING[index].find(([spentOn]) => spentOn === text)?.[1] ?? 0;
					expect(await less(phone, text).isEnabled()).toBe(mine > 0);
				}
			})
		);

		// Live while it runs, in batches of three phones' changes.
		await expect.poll(() => textOf(screen.locator('.ranking p.voters')), poll).toBe('3 har stemt · Opdateres for hver 3 stemmer.');
	});

	it('closes the vote: the final ranking, the phones thank, the console drafts the agreement from the top two', async () => {
		await consoleButton('Luk afstemningen').click();
		// Closing publishes the vote whole: every phone's last dots count.
		await expect.poll(() => rankingIn(screen), poll).toEqual(RANKING);
		// The top two are marked: they go into the agreement.
		expect(await screen.locator('div.ranking li.top .text').allTextContents()).toEqual([PRIORITIES, SPARRING]);
		// The console follows the same count.
		await expect.poll(() => rankingIn(panel()), poll).toEqual(RANKING);
		await Promise.all(
			phones.map(async (phone) => {
				await phone.getByText('Tak! Afstemningen er lukket.', { exact: true }).waitFor();
				expect(await phone.locator('.ballot').count()).toBe(0);
			})
		);
		await expect.poll(() => textOf(panel().getByRole('status')), poll).toBe('Afstemningen er lukket.');

		const agreement = agreementOf(facilitator);
		await agreement.waitFor();
		await expect.poll(() => agreement.locator('article').count(), poll).toBe(2);
		await expect.poll(() => agreement.getByLabel('Titel', { exact: true }).inputValue(), poll).toBe(SESSION_TITLE);
		await expect.poll(() => field(facilitator, 0, 'Det gør vi').inputValue(), poll).toBe(PRIORITIES);
		expect(await textOf(point(facilitator, 0).locator('h3'))).toBe('Punkt 1');
		expect(await field(facilitator, 1, 'Det gør vi').inputValue()).toBe(SPARRING);
		expect(await textOf(point(facilitator, 1).locator('h3'))).toBe('Punkt 2');
		for (const index of [0, 1]) {
			expect(await field(facilitator, index, 'Første skridt').inputValue()).toBe('');
			expect(await point(facilitator, index).getByRole('checkbox', { checked: true }).count()).toBe(0);
			// Follow up in about three months.
			const followUp = await field(facilitator, index, 'Opfølgning').inputValue();
			expect(followUp).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			const days = (Date.parse(followUp) - Date.parse(today)) / DAY_MS;
			expect(days).toBeGreaterThanOrEqual(89);
			expect(days).toBeLessThanOrEqual(92);
		}
		// Step 2's roles to choose from.
		expect(await point(facilitator, 0).getByRole('checkbox', { name: ROLE, exact: true }).count()).toBe(1);
	});

	it('lets the facilitator edit the agreement in the console and put it on the screen, read-only', async () => {
		const firstStep = field(facilitator, 0, 'Første skridt');
		await firstStep.click();
		await firstStep.pressSequentially(CONSOLE_FIRST_STEP, { delay: 5 });
		const role = point(facilitator, 0).getByRole('checkbox', { name: ROLE, exact: true });
		await role.check();
		expect(await role.isChecked()).toBe(true);
		expect(await point(facilitator, 1).getByRole('checkbox', { name: ROLE, exact: true }).isChecked()).toBe(false);
		expect(await firstStep.inputValue()).toBe(CONSOLE_FIRST_STEP);
		// Besides the five roles, "Hvem" takes names.
		await field(facilitator, 0, 'Navne (adskil med komma)').fill(NAMES);

		await consoleButton('Vis aftalen på skærm').click();
		await expect.poll(() => consoleButton('Tag ned fra skærm').getAttribute('aria-pressed'), poll).toBe('true');
		await agreementOf(screen).waitFor();
		await expect.poll(() => textOf(agreementOf(screen).locator('.title-text')), poll).toBe(SESSION_TITLE);
		await expect.poll(() => shownPoint(0), poll).toMatchObject({
			what: PRIORITIES,
			details: { Hvem: WHO, 'Første skridt': CONSOLE_FIRST_STEP }
		});
		expect(await shownPoint(1)).toMatchObject({ what: SPARRING, details: { Hvem: '–', 'Første skridt': '–' } });
		// The projector reads; it does not write.
		expect(await screen.locator('textarea, input').count()).toBe(0);
		expect(await screen.getByText('Det vigtigste for os').count()).toBe(0);

		await firstStep.blur();
		await facilitator.evaluate(() => window.scrollTo(0, 0));
		await screenshot(facilitator, 'console-agreement.png', { fullPage: true });
	});

	it('makes the draft again from the ranking, but only once the facilitator says yes: it replaces the edits', async () => {
		const redraft = consoleButton('Lav udkast igen');
		const question = facilitator.getByRole('group', { name: 'Er du sikker? Det erstatter jeres rettelser med et nyt udkast fra den nuværende prioritering.' });
		expect(await question.count()).toBe(0);

		// Asked first; "Fortryd" (where the focus goes) keeps everything as it was.
		await redraft.click();
		await question.waitFor();
		expect(await consoleButton('Lav udkast igen').count()).toBe(0);
		expect(await facilitator.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Fortryd');
		await question.getByRole('button', { name: 'Fortryd', exact: true }).click();
		await redraft.waitFor();
		expect(await facilitator.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Lav udkast igen');
		expect(await field(facilitator, 0, 'Første skridt').inputValue()).toBe(CONSOLE_FIRST_STEP);
		expect(await shownPoint(0)).toMatchObject({ details: { Hvem: WHO } });

		// "Ja": the draft from the ranking again, every edit gone, here and on the projector.
		await redraft.click();
		await question.getByRole('button', { name: 'Ja, lav udkast igen', exact: true }).click();
		await expect.poll(() => field(facilitator, 0, 'Første skridt').inputValue(), poll).toBe('');
		await expect.poll(() => textOf(agreementOf(facilitator).getByRole('status')), poll).toBe('Udkastet er lavet igen ud fra prioriteringen.');
		expect(await field(facilitator, 0, 'Det gør vi').inputValue()).toBe(PRIORITIES);
		expect(await field(facilitator, 1, 'Det gør vi').inputValue()).toBe(SPARRING);
		expect(await field(facilitator, 0, 'Navne (adskil med komma)').inputValue()).toBe('');
		expect(await point(facilitator, 0).getByRole('checkbox', { checked: true }).count()).toBe(0);
		await expect.poll(() => shownPoint(0), poll).toMatchObject({ what: PRIORITIES, details: { Hvem: '–', 'Første skridt': '–' } });

		// The facilitator writes point 1 again, for the summary and the exports.
		const firstStep = field(facilitator, 0, 'Første skridt');
		await firstStep.click();
		await firstStep.pressSequentially(CONSOLE_FIRST_STEP, { delay: 5 });
		await point(facilitator, 0).getByRole('checkbox', { name: ROLE, exact: true }).check();
		await field(facilitator, 0, 'Navne (adskil med komma)').fill(NAMES);
		await expect.poll(() => shownPoint(0), poll).toMatchObject({ details: { Hvem: WHO, 'Første skridt': CONSOLE_FIRST_STEP } });
	});

	it('shows the same agreement, the ranking and Vægten on the summary page, where it can be edited too', async () => {
		await facilitator.locator('main').getByRole('link', { name: 'Opsummering og eksport', exact: true }).click();
		await facilitator.waitForURL(`${app.url}/s/${sessionId}/summary`);
		await expect.poll(() => textOf(heading(facilitator)), poll).toBe(`Opsummering: ${SESSION_TITLE}`);

		// The console's edits are there.
		const agreement = agreementOf(facilitator);
		await expect.poll(() => agreement.locator('article').count(), poll).toBe(2);
		const title = agreement.getByLabel('Titel', { exact: true });
		await expect.poll(() => title.inputValue(), poll).toBe(SESSION_TITLE);
		expect(await field(facilitator, 0, 'Det gør vi').inputValue()).toBe(PRIORITIES);
		expect(await field(facilitator, 0, 'Første skridt').inputValue()).toBe(CONSOLE_FIRST_STEP);
		expect(await point(facilitator, 0).getByRole('checkbox', { name: ROLE, exact: true }).isChecked()).toBe(true);
		expect(await field(facilitator, 0, 'Navne (adskil med komma)').inputValue()).toBe(NAMES);
		expect(await field(facilitator, 1, 'Det gør vi').inputValue()).toBe(SPARRING);
		expect(await field(facilitator, 1, 'Første skridt').inputValue()).toBe('');

		// The ranking and both of Vægten's models.
		const ranking = facilitator.locator('section.card').filter({ has: facilitator.getByRole('heading', { name: 'Prioritering', exact: true }) });
		await expect.poll(() => rankingIn(ranking), poll).toEqual(RANKING);
		expect(await textOf(ranking.locator('p.voters'))).toBe('3 har stemt · Opdateres for hver 3 stemmer.');
		await expect.poll(() => facilitator.locator('section.card .vaegten').count(), poll).toBe(2);
		for (const figure of await facilitator.locator('section.card .vaegten').all()) {
			expect(await figure.locator('svg').count()).toBe(1);
			expect(await textOf(figure.locator('figcaption span'))).toBe('0 har vurderet');
		}
		const exports = facilitator.getByRole('region', { name: 'Hent' });
		expect((await exports.getByRole('button').allTextContents()).map((name) => name.trim())).toEqual(['PDF', 'DOCX', 'XLSX', 'MD', 'CSV', 'JSON', 'Kalender (.ics)']);

		// Edit the title and point 2's first step here.
		await title.fill(TITLE);
		const secondStep = field(facilitator, 1, 'Første skridt');
		await secondStep.click();
		await secondStep.pressSequentially(SUMMARY_FIRST_STEP, { delay: 5 });
		await secondStep.blur();
		expect(await title.inputValue()).toBe(TITLE);
		// Live on the projector too (the agreement is still shown there).
		await expect.poll(() => textOf(agreementOf(screen).locator('.title-text')), poll).toBe(TITLE);
		await expect.poll(() => shownPoint(1), poll).toMatchObject({ details: { 'Første skridt': SUMMARY_FIRST_STEP } });

		await facilitator.evaluate(() => window.scrollTo(0, 0));
		await screenshot(facilitator, 'summary.png', { fullPage: true });
	});

	it('downloads the PDF from the summary page, with the edited agreement in it', async () => {
		const downloading = facilitator.waitForEvent('download');
		await facilitator.getByRole('button', { name: 'PDF', exact: true }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toBe(`vaegten-${TITLE_SLUG}-${today}.pdf`);
		expect(await download.failure()).toBeNull();
		const file = new Uint8Array(await readFile((await download.path())!));
		expect(new TextDecoder().decode(file.subarray(0, 5))).toBe('%PDF-');
		expect(await facilitator.getByRole('alert').count()).toBe(0);

		const { text, pages } = await pdfText(file);
		expect(pages.length).toBeGreaterThan(0);
		for (const part of [TITLE, PRIORITIES, SPARRING, CONSOLE_FIRST_STEP, SUMMARY_FIRST_STEP, ROLE]) expect(text).toContain(part);
	});

	it('downloads the Markdown, where "Hvem" holds the role and the names written beside it', async () => {
		const downloading = facilitator.waitForEvent('download');
		await facilitator.getByRole('button', { name: 'MD', exact: true }).click();
		const download = await downloading;
		expect(download.suggestedFilename()).toBe(`vaegten-${TITLE_SLUG}-${today}.md`);
		const md = await readFile((await download.path())!, 'utf8');
		expect(md).toContain(WHO);
		expect(md).toContain(CONSOLE_FIRST_STEP);
	});

	it('deletes the workshop from the summary page: phones lose it, the key opens nothing', async () => {
		const key = await facilitatorKey();
		expect(key).toBeTruthy();
		const asFacilitator = { headers: { authorization: `Bearer ${key}` } };
		expect((await fetch(`${app.url}/api/sessions/${sessionId}`, asFacilitator)).status).toBe(200);

		let question = '';
		facilitator.once('dialog', (dialog) => {
			question = dialog.message();
			void dialog.accept();
		});
		await facilitator.getByRole('button', { name: 'Slet workshoppen', exact: true }).click();
		await facilitator.getByText('Workshoppen er slettet.', { exact: true }).waitFor();
		expect(question).toBe('Slet workshoppen og alt i den – vurderinger, gruppernes svar og aftalen? Det kan ikke fortrydes.');
		expect(await agreementOf(facilitator).count()).toBe(0);
		expect(await facilitator.getByRole('link', { name: 'Tilbage til forsiden' }).getAttribute('href')).toBe('/');

		// Every open phone hears it at once and says so, without anyone reloading it.
		await phones[0].getByText('Workshoppen er slettet.', { exact: true }).waitFor();
		const gone = `Der er ingen workshop med koden ${code}. Tjek koden på skærmen.`;
		// A phone that comes back (a reload) is told the workshop is gone.
		await phones[2].reload();
		await phones[2].getByText(gone, { exact: true }).waitFor();
		expect(await phones[2].getByRole('link', { name: 'Tilbage til forsiden' }).count()).toBe(1);

		expect((await fetch(`${app.url}/api/sessions/${sessionId}`, asFacilitator)).status).toBe(404);
		expect(await app.context.rooms.byId(sessionId)).toBeFalsy();
	});

	it('made no request to any other site, and used WebSockets of its own', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect([...room.requests].some((url) => url.startsWith('ws://'))).toBe(true);
	});

	it('ran without errors in any page', () => {
		expect(errors).toEqual([]);
	});
});
