import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningApp } from '../../server/app';
import type { Locale, Step, VaegtenItem } from '../../src/lib/template/types';
import { BrowserRoom, poll, textOf } from '../helpers/browser';
import { facilitator, newToken, participant, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';
import { fitProblems, textSizes } from '../helpers/screen-fit';
import { ticketed } from '../helpers/yjs';

/**
 * The projector never cuts anything off: every step of the template, at 16:9 (1920×1080) and
 * 4:3 (1024×768), in Danish and in English, fits the screen without scrolling, no box hides or
 * spills its content, and every text of the step (each reason, role and dialogue question)
 * is inside the picture at a size readable from the back of the room. So do Vægten with its
 * spread revealed, the groups' answers, the ranking and the agreement. The facilitator steers
 * and the phones rate over real socket.io clients; the groups write over real Yjs clients.
 * SCREEN_FIT_SHOTS=DIR saves a screenshot of each view at each size in DIR.
 */
const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1024, height: 768 }
];
/** The smallest text on the screen, at 1080 px high (and the same share of a smaller picture). */
const READABLE_PX = 22;
/** The spread's labels and the items beside it, at 1080 px high. */
const SPREAD_LABEL_PX = 24;
const atHeight = (px: number, height: number) => (px * height) / 1080;

const shotDir = process.env.SCREEN_FIT_SHOTS;

describe('the projector never cuts content off', () => {
	const room = new BrowserRoom();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let screen: Page;
	const tokens = [newToken(), newToken(), newToken()];
	let phones: TestClient[] = [];
	const clients: TestClient[] = [];
	const sheets: WebsocketProvider[] = [];
	let locale: Locale = 'da';

	const steps = (): Step[] => host.content!.steps;
	const items = (): VaegtenItem[] => host.content!.items;
	const tr = (text: { da: string; en: string }) => text[locale];
	const questionsOf = (stepId: string) => steps().find((step) => step.id === stepId)!.questions.map(tr);
	const heading = () => textOf(screen.locator('h1').first());
	const locked = () => screen.getByRole('status').filter({ hasText: locale === 'da' ? 'Vurderingerne er låst' : 'Ratings are locked' });

	async function command(type: string, payload: object = {}) {
		expect(await host.emit(type, payload), type).toEqual({ data: null });
	}

	async function goTo(stepId: string) {
		const index = steps().findIndex((step) => step.id === stepId);
		await command('step:goto', { index });
		await command('screen:show', { display: { kind: 'step' } });
		await expect.poll(heading, poll).toBe(tr(steps()[index].title));
	}

	/** Each text the screen shows for a step. */
	function textsOf(step: Step): string[] {
		const questions = step.questions.map(tr);
		const model = step.model;
		if (model) return [...questions, ...items().filter((item) => item.model === model).map((item) => tr(item.label))];
		if (step.kind === 'join') return [session.code];
		// Før og nu: the compared items, the agreed points' progress and the step's questions.
		if (step.kind === 'comparison') {
			const comparison = host.results!.comparison!;
			return [...questions, ...comparison.items.map((item) => tr(item.label)), ...comparison.progress.map((point) => tr(point.label))];
		}
		// Once the dot vote has opened, the last step shows its ranking.
		if (step.kind === 'priorities' && host.session!.priorities.status !== 'draft') return [...host.session!.priorities.candidates.map((candidate) => candidate.text), ...questions];
		return [
			step.lead,
			...(step.paragraphs ?? []),
			step.bullets?.heading,
			...(step.bullets?.items ?? []),
			...(step.roles ?? []).flatMap((role) => [role.name, ...role.responsibilities]),
			...step.questions
		].flatMap((text) => (text ? [tr(text)] : []));
	}

	/** The screen as it is now fits at both sizes, `texts` in view; saved as `name` when asked. */
	async function fits(name: string, texts: string[]) {
		for (const size of SIZES) {
			await screen.setViewportSize(size);
			const label = `${name} at ${size.width}×${size.height}`;
			await expect.poll(() => fitProblems(screen, texts, atHeight(READABLE_PX, size.height)), { ...poll, message: label }).toEqual([]);
			if (shotDir) {
				mkdirSync(shotDir, { recursive: true });
				await screen.screenshot({ path: join(shotDir, `${name}-${size.width}x${size.height}.png`), animations: 'disabled', caret: 'hide' });
			}
		}
	}

	async function spreadLabelsReadable(name: string) {
		for (const size of SIZES) {
			await screen.setViewportSize(size);
			await expect.poll(() => screen.locator('.vaegten .spread').count(), poll).toBeGreaterThan(0);
			const smallest = (await textSizes(screen, '.vaegten .pans'))[0];
			expect(smallest.px, `${name} at ${size.width}×${size.height}: "${smallest.text}"`).toBeGreaterThanOrEqual(atHeight(SPREAD_LABEL_PX, size.height) - 0.05);
		}
	}

	/** The three phones rate every item of the step's model, so the spread has something to show. */
	async function rateAll(step: Step) {
		const rated = items().filter((item) => item.model === step.model);
		for (const [p, phone] of phones.entries()) {
			for (const [i, item] of rated.entries()) {
				const answer = await phone.emit('rating:set', { itemId: item.id, value: (i + 2 * p) % 5 });
				expect(answer, item.id).toEqual({ data: { itemId: item.id, value: (i + 2 * p) % 5 } });
			}
		}
		await screen.getByText(locale === 'da' ? '3 har vurderet' : '3 have rated').first().waitFor();
	}

	async function markAll(step: Step) {
		const marked = items().filter((item) => item.model === step.model);
		for (const [p, phone] of phones.entries()) {
			for (const [i, item] of marked.entries()) {
				const value = (i + p) % 2;
				expect(await phone.emit('rating:set', { itemId: item.id, value }), item.id).toEqual({ data: { itemId: item.id, value } });
			}
		}
		await screen.getByText(locale === 'da' ? '3 har svaret' : '3 have answered').first().waitFor();
	}

	/** A follow-up's rating step: three phones rate, the round is locked and so published whole. */
	async function rateAndLock(step: Step) {
		await rateAll(step);
		await command('vote:lock', { stepId: step.id, locked: true });
		await locked().waitFor();
	}

	/** A sheet as a page opens it: a ticket from `client` for each connection. */
	function openSheet(docName: string, client: TestClient): Y.Doc {
		const doc = new Y.Doc();
		sheets.push(new WebsocketProvider(`ws://127.0.0.1:${app.port}/collab`, docName, doc, ticketed(client, docName)));
		return doc;
	}

	beforeAll(async () => {
		await room.start();
		app = room.app;
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		for (const [index, token] of tokens.entries()) phones.push(await participant(app.url, session.code, token, `Leder ${index + 1}`));
		await host.until((client) => client.content !== null && client.session !== null);
		screen = await room.open('projector', 'screen');
		await screen.goto(`${app.url}/s/${session.id}/screen`);
		await screen.locator('section.join').waitFor();
	});

	afterAll(async () => {
		for (const sheet of sheets) sheet.destroy();
		for (const client of [host, ...phones, ...clients]) client?.close();
		await room.close();
	});

	it('keeps the theme button off the projected picture, and within reach of the keyboard', async () => {
		await goTo('why');
		const button = screen.getByRole('button', { name: 'Mørkt tema' });
		const shown = () => button.evaluate((element) => (getComputedStyle(element).visibility === 'visible' ? Number(getComputedStyle(element).opacity) : 0));
		expect(await shown(), 'hidden while nobody touches the mouse').toBe(0);
		const [box, picture] = [(await button.boundingBox())!, screen.viewportSize()!];
		expect(box.x > picture.width / 2 && box.y > picture.height / 2, 'in the bottom right corner, clear of the title').toBe(true);
		await screen.keyboard.press('Tab');
		expect(await button.evaluate((element) => element === document.activeElement)).toBe(true);
		await expect.poll(shown, poll).toBe(1);
		await screen.keyboard.press('Enter');
		expect(await button.getAttribute('aria-pressed')).toBe('true');
		await screen.keyboard.press('Enter');
		expect(await button.getAttribute('aria-pressed')).toBe('false');
		await button.blur();
		await expect.poll(shown, poll).toBe(0);
	});

	it('fits every step of the template, each reason, role and question in view', async () => {
		await command('item:add', { model: 'general', kind: 'load', label: 'Politisk pres og mediernes opmærksomhed' });
		await host.until((client) => client.content!.items.some((item) => item.custom));
		for (const step of steps()) {
			await goTo(step.id);
			await fits(step.id, textsOf(step));
			if (step.kind !== 'rating') continue;
			if (items().some((item) => item.model === step.model && item.kind === 'mark')) {
				// A list the phones mark (step 3's tools): marked or not, counted once three have answered.
				await markAll(step);
				await fits(`${step.id}-marked`, textsOf(step));
				continue;
			}
			await rateAll(step);
			await fits(`${step.id}-rated`, textsOf(step));
			expect(await locked().count(), 'not locked yet').toBe(0);
			await command('vote:reveal', { stepId: step.id, revealed: true });
			await command('vote:lock', { stepId: step.id, locked: true });
			await locked().waitFor();
			expect(await locked().locator('svg').count(), 'an icon, not colour only').toBe(1);
			await fits(`${step.id}-spread`, [...textsOf(step), await textOf(locked())]);
			await spreadLabelsReadable(step.id);
		}
	});

	it('fits Vægten put up from another step, with its spread, its lock and the step’s questions', async () => {
		await goTo('roles');
		await command('screen:show', { display: { kind: 'vaegten', model: 'general' } });
		await locked().waitFor();
		const general = items().filter((item) => item.model === 'general').map((item) => tr(item.label));
		await fits('vaegten-general', [...general, await textOf(locked()), ...questionsOf('roles')]);
		await spreadLabelsReadable('vaegten-general');
	});

	it('fits the groups’ answers: all groups side by side, and one group with seven questions', async () => {
		await command('groups:setup', { count: 3, mode: 'auto' });
		await Promise.all(phones.map((phone) => phone.until((client) => client.self?.groupId != null)));
		const answer = (group: number, question: number) =>
			`Gruppe ${group + 1} om spørgsmål ${question + 1}: Vi mødes hver anden uge i ledergruppen og taler om, hvad der fylder, men vi kommer sjældent til det svære.`;
		for (const [p, phone] of phones.entries()) {
			const doc = openSheet(`${session.id}/${phone.self!.groupId}`, phone);
			for (const step of steps().filter((candidate) => candidate.questions.length > 0)) {
				step.questions.forEach((_, q) => doc.getText(`${step.id}.${q}`).insert(0, answer(p, q)));
			}
		}
		for (const stepId of ['roles', 'theme-safety']) {
			const step = steps().find((candidate) => candidate.id === stepId)!;
			await goTo(stepId);
			await command('screen:show', { display: { kind: 'groups' } });
			const texts = phones.flatMap((_, p) => step.questions.map((_, q) => answer(p, q)));
			await expect.poll(() => screen.getByText(texts[texts.length - 1]).count(), poll).toBe(1);
			await fits(`groups-${stepId}`, [...step.questions.map(tr), ...texts]);
		}
		const dialogue = steps().find((step) => step.id === 'balance-dialogue')!;
		await goTo(dialogue.id);
		await command('screen:show', { display: { kind: 'group', groupId: phones[0].self!.groupId } });
		const texts = dialogue.questions.map((_, q) => answer(0, q));
		await expect.poll(() => screen.getByText(texts[texts.length - 1]).count(), poll).toBe(1);
		await fits('group-balance-dialogue', [...dialogue.questions.map(tr), ...texts]);
	});

	it('fits the ranking and the draft agreement, each with the step’s questions', async () => {
		await goTo('priorities');
		const points = [
			'Faste sparringsmøder i ledergruppen hver anden uge',
			'Tydelige prioriteringer fra topledelsen, også om hvad vi holder op med',
			'Pauser på møderne',
			'Ingen mails efter klokken 18 og i weekenden',
			'En mentorordning for nye ledere på tværs af forvaltningerne',
			'Klarere ledelsesrum: hvad ligger hos mig, og hvad ligger ikke hos mig'
		];
		for (const text of points) await command('candidate:add', { text, source: { kind: 'own' } });
		await command('dots:open', { dots: 3 });
		const ids = host.session!.priorities.candidates.map((candidate) => candidate.id);
		for (const [p, phone] of phones.entries()) {
			const allocation = { [ids[p]]: 2, [ids[(p + 1) % ids.length]]: 1 };
			expect(await phone.emit('dots:set', { allocation })).toEqual({ data: { allocation } });
		}
		await screen.getByText(locale === 'da' ? '3 har stemt' : '3 have voted').first().waitFor();
		await fits('ranking', [...points, ...questionsOf('priorities')]);
		await command('dots:close');
		const agreement = openSheet(`${session.id}/agreement`, host);
		await expect.poll(() => agreement.getArray('points').length, poll).toBe(2);
		const firstSteps = ['Ledergruppen aftaler tre prioriteter på næste møde og sender dem til topledelsen', 'Vi sætter sparring i kalenderen fra februar, hver anden tirsdag'];
		agreement.getArray<Y.Map<unknown>>('points').forEach((point, index) => {
			(point.get('firstStep') as Y.Text).insert(0, firstSteps[index]);
			(point.get('who') as Y.Array<string>).push(['Ledere af ledere', 'Topledelsen', 'HR og interne konsulenter']);
		});
		await command('screen:show', { display: { kind: 'agreement' } });
		await expect.poll(() => screen.getByText(firstSteps[1]).count(), poll).toBe(1);
		await fits('agreement', [...firstSteps, ...questionsOf('priorities')]);
	});

	it('fits every step in English too, and in the dark theme', async () => {
		await command('language:set', { locale: 'en' });
		locale = 'en';
		for (const step of steps()) {
			await goTo(step.id);
			await fits(`en-${step.id}`, textsOf(step));
		}
		await screen.getByRole('button', { name: 'Dark theme' }).focus();
		await screen.keyboard.press('Enter');
		await screen.getByRole('button', { name: 'Dark theme' }).blur();
		for (const stepId of ['why', 'roles', 'general-model']) {
			const step = steps().find((candidate) => candidate.id === stepId)!;
			await goTo(stepId);
			await fits(`dark-${stepId}`, textsOf(step));
		}
	});

	it('fits every step of the follow-up programme (Opfølgning) in both languages: progress, Før og nu and the rest', async () => {
		const response = await fetch(`${app.url}/api/sessions/${session.id}/follow-up`, { method: 'POST', headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		expect(response.status).toBe(201);
		const made = (await response.json()) as CreatedSession;
		clients.push(host, ...phones);
		host = await facilitator(app.url, made.id, made.facilitatorKey);
		phones = [];
		for (const [index, token] of [newToken(), newToken(), newToken()].entries()) phones.push(await participant(app.url, made.code, token, `Leder ${index + 1}`));
		await host.until((client) => client.content !== null && client.session !== null && client.results !== null);
		session = { ...session, ...made };
		await screen.goto(`${app.url}/s/${made.id}/screen`);
		await screen.locator('section.join').waitFor();
		for (const language of [host.content!.locale, host.content!.locale === 'da' ? 'en' : 'da'] as const) {
			await command('language:set', { locale: language });
			locale = language;
			for (const step of steps()) {
				await goTo(step.id);
				if (step.kind === 'rating' && !host.session!.votes[step.id]?.locked) await rateAndLock(step);
				if (step.kind === 'comparison') await host.until((client) => (client.results?.comparison?.items.length ?? 0) === items().filter((item) => item.model !== 'progress').length);
				await fits(`follow-up-${language}-${step.id}`, textsOf(step));
			}
		}
	});

	it('fits every step of Ledergruppen in both languages, the slides’ warning signs (14 lines) and Ledervægten included', async () => {
		const made = await createSession(app.url, 'leader-group');
		clients.push(host, ...phones);
		host = await facilitator(app.url, made.id, made.facilitatorKey);
		phones = [];
		for (const [index, token] of [newToken(), newToken(), newToken()].entries()) phones.push(await participant(app.url, made.code, token, `Leder ${index + 1}`));
		await host.until((client) => client.content !== null && client.session !== null && client.results !== null);
		session = { ...session, ...made };
		await command('step:skip', { stepId: 'leader-model', skipped: false });
		await command('material:add', { material: 'warning-signs' });
		await screen.goto(`${app.url}/s/${made.id}/screen`);
		await screen.locator('section.join').waitFor();
		for (const language of ['da', 'en'] as const) {
			await command('language:set', { locale: language });
			locale = language;
			for (const step of steps()) {
				await goTo(step.id);
				if (step.kind === 'rating' && !host.session!.votes[step.id]?.locked) {
					const marks = items().some((item) => item.model === step.model && item.kind === 'mark');
					if (marks) {
						// Every phone touches every line (a mark or none), so every count is shown.
						for (const [p, phone] of phones.entries()) {
							for (const [i, item] of items().filter((candidate) => candidate.model === step.model).entries()) {
								expect(await phone.emit('rating:set', { itemId: item.id, value: (i + p) % 3 === 0 ? 0 : 1 })).toMatchObject({ data: {} });
							}
						}
						await command('vote:lock', { stepId: step.id, locked: true });
					} else await rateAndLock(step);
				}
				await fits(`leader-group-${language}-${step.id}`, textsOf(step));
			}
		}
	});
});
