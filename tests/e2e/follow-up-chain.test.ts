import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addMonths, fillAgreement } from '../../src/lib/agreement';
import type { FollowUpCreated } from '../../src/lib/protocol';
import type { SessionReport } from '../../src/lib/server/report';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { BrowserRoom, hydrated, poll, screenshot, textOf } from '../helpers/browser';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { createSession } from '../helpers/server';
import { rateVaegten, stepIndex } from '../helpers/follow-up-room';
import { fitProblems } from '../helpers/screen-fit';

/**
 * A chain of three (issue 15): a workshop, its follow-up and the follow-up's follow-up. The
 * first follow-up is made with *Planlæg opfølgning* on the workshop's summary page, and its
 * console link and join code are tried in the browser; the second is made through the API.
 * Each session has three socket.io phones rate every Vægten item, 3 then 1 then 2, so an
 * item's course reads "3,0 → 1,0 → 2,0" (in that order, oldest first). The projector shows
 * that course in *Før og nu*'s "Forløb" column, and the JSON export's `comparison.course` has
 * the three measurements. At 16:9 each balance's date is one line and its drawing takes most of
 * its figure. The `it`s run in order and share the room.
 */

const VALUES = [3, 1, 2];
/** Vægten's items: the introduction's list of tools to mark is no balance. */
const vaegtenItems = introTool.items.filter((item) => item.model === 'general' || item.model === 'leader');
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('Opfølgning: a chain of three, its course on the screen and in the export', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	const clients: TestClient[] = [];
	const keep = <T extends TestClient>(client: T) => (clients.push(client), client);
	const sessions: Array<{ id: string; code: string; key: string }> = [];

	/** Three phones rate every Vægten item `value`, published whole; the agreement is written. */
	async function run(session: { id: string; code: string; key: string }, value: number, point: string) {
		const host = keep(await facilitator(app.url, session.id, session.key));
		const phones = await Promise.all(Array.from({ length: 3 }, (_, p) => participant(app.url, session.code, undefined, `Leder ${p + 1}`).then(keep)));
		await rateVaegten(host, phones, () => value);
		await app.context.collab!.use(`${session.id}/agreement`, (doc) => fillAgreement(doc, { title: 'Ledergruppens aftale', points: [point, 'Ingen mails efter klokken 17'], followUp: addMonths(new Date(), 3) }));
		return host;
	}

	beforeAll(async () => {
		await room.start();
		app = room.app;
		const first = await createSession(app.url);
		sessions.push({ id: first.id, code: first.code, key: first.facilitatorKey });
		const host = await run(sessions[0], VALUES[0], 'Faste sparringsmøder hver anden fredag');
		expect(await host.emit('session:end', { ended: true })).toEqual({ data: null });
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await room.close();
	});

	it('“Planlæg opfølgning” on the summary page makes a follow-up whose console connects and whose code lets a phone in', async () => {
		const laptop = await room.open('laptop', 'summary');
		const [first] = sessions;
		await laptop.goto(`${app.url}/s/${first.id}/summary#key=${first.key}`);
		await hydrated(laptop);
		await laptop.getByRole('button', { name: 'Planlæg opfølgning', exact: true }).click();
		const made = laptop.getByRole('region', { name: 'Opfølgningen er oprettet' });
		await made.waitFor();
		const code = await textOf(made.locator('.code'));
		expect(code).toMatch(/^[A-Z0-9]{6}$/);
		const href = (await made.getByRole('link', { name: 'Åbn opfølgningens konsol' }).getAttribute('href'))!;
		const match = /^\/s\/([^/]+)\/facilitate#key=(.+)$/.exec(href);
		expect(match, href).not.toBeNull();
		const second = { id: match![1], code, key: decodeURIComponent(match![2]) };
		expect(second.id).not.toBe(first.id);

		await made.getByRole('link', { name: 'Åbn opfølgningens konsol' }).click();
		await laptop.waitForURL(`${app.url}/s/${second.id}/facilitate`);
		// Connected with the new key: it shows its own code and what it follows up.
		await expect.poll(() => textOf(laptop.locator('aside.right p.code')), poll).toBe(code);
		await expect.poll(() => textOf(laptop.locator('.follows')), poll).toMatch(/^Opfølgning af “Sæt spot på lederes trivsel” fra /);

		const phone = await room.open('phone', 'phone');
		await phone.goto(`${app.url}/j/${code}`);
		await hydrated(phone);
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await phone.getByText('Trin 1 af', { exact: false }).waitFor();
		await expect.poll(() => textOf(laptop.locator('aside.right p.count')), poll).toBe('1');
		sessions.push(second);
	});

	it('a follow-up of the follow-up (API) carries the whole chain', async () => {
		const second = sessions[1];
		expect(second, 'the summary page made the first follow-up').toBeDefined();
		await run(second, VALUES[1], 'Faste sparringsmøder hver fredag');
		const response = await fetch(`${app.url}/api/sessions/${second.id}/follow-up`, { method: 'POST', headers: bearer(second.key) });
		expect(response.status).toBe(201);
		const third = (await response.json()) as FollowUpCreated;
		expect(third.followUpOf).toBe(second.id);
		sessions.push({ id: third.id, code: third.code, key: third.facilitatorKey });
		expect((await app.context.rooms.stateOf(third.id))!.followUp!.chain.map((measurement) => measurement.sessionId)).toEqual([sessions[0].id, second.id]);
	});

	it('Før og nu on the projector shows each item’s course over all three measurements', async () => {
		const third = sessions[2];
		expect(third, 'the chain was made').toBeDefined();
		const host = await run(third, VALUES[2], 'Faste sparringsmøder');
		const screen: Page = await room.open('projector', 'screen');
		await screen.goto(`${app.url}/s/${third.id}/screen`);
		expect(await host.emit('step:goto', { index: stepIndex(host, 'before-after') })).toEqual({ data: null });
		await expect.poll(() => textOf(screen.locator('h1').first()), poll).toBe('Før og nu');
		const view = screen.locator('.before-after');
		await expect.poll(() => view.locator('tbody tr').count(), poll).toBe(vaegtenItems.length);
		expect(await textOf(view.locator('thead th').nth(1))).toBe('Forløb');
		const course = VALUES.map((value) => `${value},0`).join(' → ');
		const rows = await view.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').replace(/\s+/g, ' ').trim())));
		for (const [label, shown, then, now, change] of rows) expect([shown, then, now, change], label).toEqual([course, '1,0', '2,0', '▲ +1,0']);
		// At 16:9 each balance's date is one line, and its drawing takes most of the figure's width.
		const figures = await screen.evaluate(() =>
			[...document.querySelectorAll('.before-after figure')].map((figure) => {
				const when = figure.querySelector('.when')!;
				// What is drawn: the viewBox (1000 × 520) fitted into the svg's box.
				const drawing = figure.querySelector('svg')!.getBoundingClientRect();
				return { lines: Math.round(when.getBoundingClientRect().height / parseFloat(getComputedStyle(when).lineHeight)), share: Math.min(drawing.width, (drawing.height * 1000) / 520) / figure.getBoundingClientRect().width };
			})
		);
		expect(figures).toHaveLength(4);
		for (const figure of figures) expect(figure.lines).toBe(1);
		for (const figure of figures) expect(figure.share).toBeGreaterThan(0.5);
		// The extra column is not cut off, at 16:9 or 4:3 (the screen refits itself on its next frame).
		for (const size of [{ width: 1024, height: 768 }, { width: 1920, height: 1080 }]) {
			await screen.setViewportSize(size);
			await expect.poll(() => fitProblems(screen, [course, 'Forløb'], 0), { ...poll, message: `${size.width}×${size.height}` }).toEqual([]);
			await screenshot(screen, `screen-before-after-chain-${size.width}x${size.height}.png`);
		}
		expect(room.errors).toEqual([]);
	});

	it('the JSON export’s comparison.course has the three measurements, oldest first', async () => {
		const third = sessions[2];
		expect(third, 'the chain was made').toBeDefined();
		const response = await fetch(`${app.url}/api/sessions/${third.id}/export?format=json&lang=da`, { headers: bearer(third.key) });
		expect(response.status).toBe(200);
		const report = (await response.json()) as SessionReport;
		const course = report.comparison!.course!;
		expect(course.measurements).toHaveLength(3);
		expect(course.items.map((item) => item.id).sort()).toEqual(vaegtenItems.map((item) => item.id).sort());
		for (const item of course.items) expect(item.means, item.id).toEqual(VALUES);
	});
});
