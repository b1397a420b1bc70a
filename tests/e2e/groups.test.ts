import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import * as Y from 'yjs';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, isOfflineSocketError, networkSwitch, type NetworkSwitch, poll, screenshot, startWorkshop, textOf } from '../helpers/browser';

/**
 * Groups in real browsers against the real server: the facilitator makes two groups of two,
 * renames one, and goes to a step with dialogue questions; two phones of a group write in
 * the same field (Yjs over /collab/) and see each other's text and who is typing; the console
 * wall shows it live and puts it on the screen; a phone that loses the network keeps typing
 * and merges when it is back; a page closed while offline keeps its unsent text (IndexedDB).
 * The `it`s run in order and share the room.
 */

const THEME = 'theme-safety';
const THEME_TITLE = 'Psykologisk tryghed og tillid';
const QUESTIONS = ['Hvor ofte og hvordan taler I om jeres egne fejl og tvivl i jeres ledelsesgruppe?', 'Og hvad med uenigheder?'];
const NICKNAMES = ['Anna', 'Bo', 'Cai', 'Dorte'];
const RENAMED = 'Vinduesbordet';

/** Reconnecting after the network is back: both socket.io and y-websocket back off up to 5 s. */
const reconnect = { timeout: 20_000, interval: 100 };

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe('group answer sheets in the browser', () => {
	const room = new BrowserRoom();
	const errors = room.errors;
	let app: RunningApp;
	let facilitator: Page;
	let screen: Page;
	const phones: Page[] = [];
	const phoneContexts: BrowserContext[] = [];
	const networks: NetworkSwitch[] = [];
	let sessionId = '';
	let joinUrl = '';

	/** The renamed group: Anna and her partner. */
	let a = 0;
	let b = 0;
	/** A member of the other group. */
	let other = 0;
	let otherGroup = '';

	const open = (context: BrowserContext, label: string) => room.page(context, label);

	const consoleButton = (name: string) => facilitator.getByRole('button', { name, exact: true });
	const heading = (page: Page) => page.locator('h1').first();
	const yourGroup = (page: Page) => textOf(page.locator('p.progress .group'));
	const field = (page: Page, question: number) => page.locator(`textarea[id="answer-${THEME}.${question}"]`);
	/** "NAME skriver …" under a field, from the others' awareness. */
	const typing = (page: Page, question: number) =>
		textOf(page.locator('.field').filter({ has: field(page, question) }).locator('p.typing'));
	const wallCard = (name: string) => facilitator.locator('section.wall article').filter({ has: facilitator.locator('h3', { hasText: name }) });
	/**
	 * A question's answer in a read-only sheet (wall or screen), whitespace collapsed; '' while
	 * the sheet is not there. The question and any buttons beside the text are left out.
	 */
	async function answerIn(sheet: Locator, question: number): Promise<string> {
		const block = sheet.locator('.field').nth(question);
		if ((await block.count()) === 0) return '';
		return block.evaluate((element) => {
			const copy = element.cloneNode(true) as HTMLElement;
			for (const extra of copy.querySelectorAll('h4, button')) extra.remove();
			return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
		});
	}
	const wallAnswer = (name: string, question: number) => answerIn(wallCard(name), question);
	/** Puts the caret at the very end of a field, as a tap at the end of the text would. */
	async function caretToEnd(textarea: Locator): Promise<void> {
		await textarea.click();
		await textarea.press('ControlOrMeta+End');
	}

	/** What this page's IndexedDB holds of a field of its group's sheet (y-indexeddb's store, merged here with Yjs). */
	async function storedText(page: Page, question: number): Promise<string> {
		const updates = await page.evaluate(async (prefix) => {
			const found: number[][] = [];
			for (const { name } of await indexedDB.databases()) {
				if (!name?.startsWith(prefix)) continue;
				const db = await new Promise<IDBDatabase>((resolve, reject) => {
					const request = indexedDB.open(name);
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				});
				if (db.objectStoreNames.contains('updates')) {
					const all = await new Promise<Uint8Array[]>((resolve, reject) => {
						const request = db.transaction('updates').objectStore('updates').getAll();
						request.onsuccess = () => resolve(request.result as Uint8Array[]);
						request.onerror = () => reject(request.error);
					});
					found.push(...all.map((update) => Array.from(update)));
				}
				db.close();
			}
			return found;
		}, `vaegten:${sessionId}/`);
		const doc = new Y.Doc();
		for (const update of updates) Y.applyUpdate(doc, new Uint8Array(update));
		return doc.getText(`${THEME}.${question}`).toString();
	}

	beforeAll(async () => {
		await room.start();
		app = room.app;
		facilitator = await room.open('laptop', 'console');
		screen = await room.open('projector', 'screen');
		for (let index = 0; index < NICKNAMES.length; index++) {
			const context = await room.device('phone');
			phoneContexts.push(context);
			// Before any page opens a socket: every WebSocket of the phone can be cut.
			networks.push(await networkSwitch(context));
			phones.push(await open(context, `phone ${NICKNAMES[index]}`));
		}
	});

	afterAll(() => room.close());

	it('starts a workshop, opens the screen and lets four phones join', async () => {
		const started = await startWorkshop(facilitator, app.url);
		sessionId = started.sessionId;
		const { code } = started;
		expect(code).toMatch(/^[A-Z2-9]{6}$/);
		joinUrl = `${app.url}/j/${code}`;

		await screen.goto(`${app.url}/s/${sessionId}/screen`);
		await screen.locator('section.join').waitFor();

		await Promise.all(
			phones.map(async (phone, index) => {
				await phone.goto(joinUrl);
				await hydrated(phone);
				await phone.getByLabel('Kaldenavn (valgfrit)').fill(NICKNAMES[index]);
				await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
				await phone.getByText('Trin 1 af', { exact: false }).waitFor();
			})
		);
		await expect.poll(() => textOf(facilitator.locator('aside.right p.count')), poll).toBe('4');
		// No groups yet: the phones say nothing about one.
		for (const phone of phones) expect(await yourGroup(phone)).toBe('');
	});

	it('makes two groups of two, evenly, and tells each phone its group', async () => {
		const panel = facilitator.getByRole('region', { name: 'Grupper' });
		expect(await panel.getByRole('radio', { name: 'antal grupper' }).isChecked()).toBe(true);
		await panel.getByRole('spinbutton', { name: 'Antal' }).fill('2');
		await panel.getByRole('radio', { name: 'Fordel automatisk og jævnt' }).check();
		await panel.getByRole('button', { name: 'Lav grupper (2)', exact: true }).click();

		const groups = panel.locator('article.group');
		await expect.poll(() => groups.count(), poll).toBe(2);
		for (let index = 0; index < 2; index++) {
			await expect.poll(() => textOf(groups.nth(index).locator('p.count')), poll).toBe('2 personer');
			expect(await groups.nth(index).locator('li').count()).toBe(2);
		}
		expect(await panel.getByRole('heading', { name: 'Ingen gruppe' }).count()).toBe(0);

		await Promise.all(phones.map((phone) => expect.poll(() => yourGroup(phone), poll).toMatch(/^Din gruppe: Gruppe [12]$/)));
		const names = await Promise.all(phones.map(yourGroup));
		expect(names.filter((name) => name === 'Din gruppe: Gruppe 1')).toHaveLength(2);
		expect(names.filter((name) => name === 'Din gruppe: Gruppe 2')).toHaveLength(2);

		a = 0;
		b = names.findIndex((name, index) => index !== a && name === names[a]);
		other = names.findIndex((name) => name !== names[a]);
		otherGroup = names[other].replace('Din gruppe: ', '');
		// The console lists the same pairs.
		const annasGroup = groups.filter({ hasText: NICKNAMES[a] });
		expect(await textOf(annasGroup.locator('ul'))).toContain(NICKNAMES[b]);
	});

	it('renames a group in the console; its phones follow', async () => {
		const panel = facilitator.getByRole('region', { name: 'Grupper' });
		const annasGroup = panel.locator('article.group').filter({ hasText: NICKNAMES[a] });
		const name = annasGroup.getByRole('textbox', { name: 'Navn' });
		await name.fill(RENAMED);
		await name.press('Tab'); // the name is sent on change, when the field is left

		await Promise.all(
			[a, b].map((index) => expect.poll(() => yourGroup(phones[index]), poll).toBe(`Din gruppe: ${RENAMED}`))
		);
		for (const index of [0, 1, 2, 3].filter((index) => index !== a && index !== b)) {
			expect(await yourGroup(phones[index])).toBe(`Din gruppe: ${otherGroup}`);
		}
		// The move menus use the new name too.
		const options = annasGroup.locator('select').first().locator('option');
		await expect.poll(async () => (await options.allTextContents()).map((name) => name.trim()).sort(), poll).toEqual(
			[RENAMED, otherGroup, 'Ingen gruppe'].sort()
		);
	});

	it('gives each group a shared sheet at a step with dialogue questions', async () => {
		await facilitator.getByRole('button', { name: `Gå til ${THEME_TITLE}` }).click();
		await Promise.all([screen, ...phones].map((page) => expect.poll(() => textOf(heading(page)), poll).toBe(THEME_TITLE)));
		for (const phone of phones) {
			const sheet = phone.getByRole('region', { name: 'Jeres fælles svar' });
			await field(phone, 1).waitFor();
			expect(await sheet.locator('textarea').count()).toBe(QUESTIONS.length);
			for (let question = 0; question < QUESTIONS.length; question++) {
				expect(await textOf(sheet.locator(`label[for="answer-${THEME}.${question}"]`))).toBe(QUESTIONS[question]);
				expect(await field(phone, question).inputValue()).toBe('');
			}
		}
		// The console's live wall has a card per group, empty so far.
		await facilitator.getByRole('heading', { name: 'Gruppernes svar' }).waitFor();
		await expect.poll(() => facilitator.locator('section.wall article').count(), poll).toBe(2);
		await expect.poll(() => wallAnswer(RENAMED, 0), poll).toBe('–');
	});

	it('lets two phones of a group write in the same field, each seeing the other and who is typing', async () => {
		const [anna, partner] = [phones[a], phones[b]];
		const first = 'Vi taler om fejl. ';
		const second = 'Sjældent om tvivl.';

		// Anna types slowly; her partner sees that she is typing, and then what.
		await field(anna, 0).click();
		const annaTypes = field(anna, 0).pressSequentially(first, { delay: 40 });
		await expect.poll(() => typing(partner, 0), poll).toBe(`${NICKNAMES[a]} skriver …`);
		expect(await typing(partner, 1)).toBe('');
		await annaTypes;
		await expect.poll(() => field(partner, 0).inputValue(), poll).toBe(first);

		// The partner taps at the end and goes on; Anna sees it.
		await caretToEnd(field(partner, 0));
		await expect.poll(() => typing(anna, 0), poll).toBe(`${NICKNAMES[b]} skriver …`);
		await field(partner, 0).pressSequentially(second, { delay: 10 });
		const both = first + second;
		await expect.poll(() => field(anna, 0).inputValue(), poll).toBe(both);
		expect(await field(partner, 0).inputValue()).toBe(both);

		// At the same time: Anna at the start, her partner at the end. Neither caret jumps.
		await field(anna, 0).press('ControlOrMeta+Home');
		await caretToEnd(field(partner, 0));
		await Promise.all([
			field(anna, 0).pressSequentially('Ærligt: ', { delay: 25 }),
			field(partner, 0).pressSequentially(' Men vi øver os.', { delay: 25 })
		]);
		const merged = `Ærligt: ${both} Men vi øver os.`;
		await expect.poll(() => field(anna, 0).inputValue(), poll).toBe(merged);
		await expect.poll(() => field(partner, 0).inputValue(), poll).toBe(merged);

		// The other group writes on its own sheet, which Anna's group does not see.
		const otherPhone = phones[other];
		await field(otherPhone, 0).click();
		await field(otherPhone, 0).pressSequentially('Vi deler en fejl på hvert ledermøde.', { delay: 5 });
		await field(otherPhone, 0).blur();
		expect(await field(anna, 0).inputValue()).toBe(merged);
	});

	it('shows the groups’ answers live on the console wall', async () => {
		const merged = 'Ærligt: Vi taler om fejl. Sjældent om tvivl. Men vi øver os.';
		await expect.poll(() => wallAnswer(RENAMED, 0), poll).toBe(merged);
		expect(await wallAnswer(RENAMED, 1)).toBe('–');
		await expect.poll(() => wallAnswer(otherGroup, 0), poll).toBe('Vi deler en fejl på hvert ledermøde.');
		expect(await textOf(wallCard(RENAMED).locator('h4').first())).toBe(QUESTIONS[0]);
		// Nothing is on the screen yet: the step is.
		expect(await screen.locator('.answers').count()).toBe(0);
	});

	it('lifts a line of an answer to the vote once: the line then says it is on the list', async () => {
		const line = 'Vi deler en fejl på hvert ledermøde.';
		const card = wallCard(otherGroup);
		await card.getByRole('button', { name: `Løft til afstemning: ${line}`, exact: true }).click();
		const listed = card.getByRole('button', { name: `Allerede på listen: ${line}`, exact: true });
		await expect.poll(() => listed.count(), poll).toBe(1);
		expect(await listed.isDisabled()).toBe(true);
		expect(await card.getByRole('button', { name: `Løft til afstemning: ${line}`, exact: true }).count()).toBe(0);
		// The other group's line is still there to lift.
		expect(await wallCard(RENAMED).getByRole('button', { name: /^Løft til afstemning: / }).count()).toBe(1);
	});

	it('puts one group, then all groups, on the screen, and takes them down', async () => {
		const merged = 'Ærligt: Vi taler om fejl. Sjældent om tvivl. Men vi øver os.';
		await wallCard(RENAMED).getByRole('button', { name: 'Vis på skærm' }).click();
		const sections = screen.locator('.answers section');
		await expect.poll(() => textOf(sections.first().locator('h2')), poll).toBe(`Svar fra ${RENAMED}`);
		await expect.poll(() => answerIn(sections.first(), 0), poll).toBe(merged);
		expect(await sections.count()).toBe(1);
		expect(await textOf(sections.first().locator('h4').first())).toBe(QUESTIONS[0]);
		// The console marks it; the screen reads, it does not write.
		await expect.poll(() => textOf(wallCard(RENAMED).locator('.badge')), poll).toBe('På skærmen');
		expect(await screen.locator('textarea').count()).toBe(0);
		// Live: what the group writes now appears on the screen.
		await caretToEnd(field(phones[b], 1));
		await field(phones[b], 1).pressSequentially('Dem tager vi.', { delay: 5 });
		await expect.poll(() => answerIn(sections.first(), 1), poll).toBe('Dem tager vi.');

		await consoleButton('Vis alle grupper på skærm').click();
		await expect.poll(() => sections.count(), poll).toBe(2);
		// In the groups' order: "Gruppe 1" first, whichever of the two was renamed.
		const order = otherGroup === 'Gruppe 1' ? [otherGroup, RENAMED] : [RENAMED, otherGroup];
		await expect.poll(async () => (await sections.locator('h2').allTextContents()).map((name) => name.trim()), poll).toEqual(order);
		const byName = (name: string) => sections.filter({ has: screen.locator('h2', { hasText: name }) });
		await expect.poll(() => answerIn(byName(RENAMED), 0), poll).toBe(merged);
		await expect.poll(() => answerIn(byName(otherGroup), 0), poll).toBe('Vi deler en fejl på hvert ledermøde.');
		await expect.poll(() => wallCard(otherGroup).locator('.badge').count(), poll).toBe(1);
		await screenshot(screen, 'screen-groups.png');

		await consoleButton('Tag ned fra skærm').click();
		await expect.poll(() => screen.locator('.answers').count(), poll).toBe(0);
		expect(await textOf(heading(screen))).toBe(THEME_TITLE);
		const main = await textOf(screen.locator('main'));
		expect(main).toContain(QUESTIONS[0]);
		expect(main).not.toContain('Sjældent om tvivl');
		expect(main).not.toContain('ledermøde');
		await expect.poll(() => consoleButton('Tag ned fra skærm').count(), poll).toBe(0);
		expect(await facilitator.locator('section.wall .badge').count()).toBe(0);
	});

	it('merges what a phone typed offline with what its partner typed meanwhile', async () => {
		const [anna, partner] = [phones[a], phones[b]];
		const offline = ' Anna skrev offline.';
		const online = ' Partneren skrev imens.';
		const before = await field(partner, 1).inputValue();
		expect(before).toBe('Dem tager vi.');

		await networks[a].cut();
		await anna.getByText('Ingen forbindelse lige nu – vi prøver igen af os selv.').waitFor();
		await caretToEnd(field(anna, 1));
		await field(anna, 1).pressSequentially(offline, { delay: 5 });
		await caretToEnd(field(partner, 1));
		await field(partner, 1).pressSequentially(online, { delay: 5 });
		await field(partner, 1).blur();

		// Each has only its own part for now: the wall got the partner's, Anna's phone did not,
		// and Anna's never left her phone.
		await expect.poll(() => wallAnswer(RENAMED, 1), poll).toBe(before + online);
		expect(await field(partner, 1).inputValue()).toBe(before + online);
		expect(await field(anna, 1).inputValue()).toBe(before + offline);
		await anna.getByText('Ingen forbindelse lige nu', { exact: false }).waitFor();
		// The sheet says so too, and keeps saying it while the retries fail.
		await anna.getByText('Du er offline.', { exact: false }).waitFor();

		await networks[a].mend();
		for (const page of [anna, partner]) {
			await expect
				.poll(async () => {
					const text = await field(page, 1).inputValue();
					return [text.startsWith(before), occurrences(text, offline), occurrences(text, online), text.length];
				}, reconnect)
				.toEqual([true, 1, 1, before.length + offline.length + online.length]);
		}
		const converged = await field(anna, 1).inputValue();
		expect(await field(partner, 1).inputValue()).toBe(converged);
		await expect.poll(() => wallAnswer(RENAMED, 1), poll).toBe(converged.trim());
		await expect.poll(() => anna.getByText('Ingen forbindelse lige nu', { exact: false }).count(), reconnect).toBe(0);
		// The first field was not touched by any of this.
		expect(await field(anna, 0).inputValue()).toBe('Ærligt: Vi taler om fejl. Sjældent om tvivl. Men vi øver os.');

		await field(anna, 1).blur();
		await anna.evaluate(() => window.scrollTo(0, 0));
		await facilitator.evaluate(() => window.scrollTo(0, 0));
		await screenshot(facilitator, 'console-groups.png', { fullPage: true });
	});

	it('keeps text typed offline when the page is closed, and sends it once the phone is back', async () => {
		const unsent = ' Ikke sendt endnu';
		let partner = phones[b];
		const before = await field(partner, 0).inputValue();

		await networks[b].cut();
		await partner.getByText('Ingen forbindelse lige nu', { exact: false }).waitFor();
		await caretToEnd(field(partner, 0));
		await field(partner, 0).pressSequentially(unsent, { delay: 5 });
		expect(await field(partner, 0).inputValue()).toBe(before + unsent);
		// Stored on the phone before the page goes (y-indexeddb writes each change).
		await expect.poll(() => storedText(partner, 0), poll).toBe(before + unsent);
		await partner.close();
		// Nobody else has it.
		expect(await field(phones[a], 0).inputValue()).toBe(before);

		// The same phone (same storage), a new page: back online, the join link again.
		partner = await open(phoneContexts[b], `phone ${NICKNAMES[b]} (reopened)`);
		phones[b] = partner;
		await networks[b].mend();
		await partner.goto(joinUrl);
		// Still the same participant: no join form, the same group.
		await expect.poll(() => yourGroup(partner), poll).toBe(`Din gruppe: ${RENAMED}`);
		expect(await partner.locator('#nickname').count()).toBe(0);
		await expect.poll(() => field(partner, 0).inputValue(), poll).toBe(before + unsent);
		await expect.poll(() => field(phones[a], 0).inputValue(), reconnect).toBe(before + unsent);
		await expect.poll(() => wallAnswer(RENAMED, 0), poll).toBe((before + unsent).trim());
		// Once: nothing was sent twice on the way.
		expect(occurrences(await field(partner, 0).inputValue(), 'Ikke sendt endnu')).toBe(1);
		expect(await field(partner, 1).inputValue()).toBe(await field(phones[a], 1).inputValue());
	});

	it('made no request to any other site, and used WebSockets of its own', () => {
		expect(room.foreignRequests()).toEqual([]);
		expect([...room.requests].some((url) => url.startsWith('ws://'))).toBe(true);
	});

	it('ran without errors in any page', () => {
		const expected = errors.filter((error) => isOfflineSocketError(error));
		// Only the phones that were cut off, and only their sockets failing to reconnect while offline.
		for (const error of expected) expect(error).toMatch(new RegExp(`^phone (${NICKNAMES[a]}|${NICKNAMES[b]}).*: console: `));
		expect(errors.filter((error) => !isOfflineSocketError(error))).toEqual([]);
	});
});
