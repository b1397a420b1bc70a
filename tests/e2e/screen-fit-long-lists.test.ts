import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Locale, Step } from '../../src/lib/template/types';
import { protectiveItems } from '../../src/lib/template/slides';
import { BrowserRoom, poll, textOf } from '../helpers/browser';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { createSession, type CreatedSession } from '../helpers/server';
import { fitProblems } from '../helpers/screen-fit';

/**
 * Ledervægten with the slides' eleven protective factors added ("Hvad kan især beskytte lederes
 * trivsel?", material:add) holds 22 items: on the projector, at 16:9 and 4:3 in both languages,
 * every one of them is in view at the size screen-fit.test.ts holds every text of a step to,
 * rated and with its spread revealed. SCREEN_FIT_SHOTS=DIR saves each view.
 */
const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1024, height: 768 }
];
/** As screen-fit.test.ts: the smallest text at 1080 px high, and the same share of a smaller picture. */
const READABLE_PX = 22;
const atHeight = (px: number, height: number) => (px * height) / 1080;
const shotDir = process.env.SCREEN_FIT_SHOTS;

describe('the projector fits Ledervægten with the protective factors added', () => {
	const room = new BrowserRoom();
	let session: CreatedSession;
	let host: TestClient;
	let screen: Page;
	const phones: TestClient[] = [];

	const leaderStep = (): Step => host.content!.steps.find((step) => step.kind === 'rating' && step.model === 'leader')!;
	const leaderItems = () => host.content!.items.filter((item) => item.model === 'leader');

	async function command(type: string, payload: object = {}) {
		expect(await host.emit(type, payload), type).toEqual({ data: null });
	}

	async function fits(name: string, locale: Locale) {
		const texts = [...leaderStep().questions.map((question) => question[locale]), ...leaderItems().map((item) => item.label[locale])];
		for (const size of SIZES) {
			await screen.setViewportSize(size);
			const label = `${name} (${locale}) at ${size.width}×${size.height}`;
			if (shotDir) {
				mkdirSync(shotDir, { recursive: true });
				await screen.screenshot({ path: join(shotDir, `${name}-${locale}-${size.width}x${size.height}.png`), animations: 'disabled', caret: 'hide' });
			}
			await expect.poll(() => fitProblems(screen, texts, atHeight(READABLE_PX, size.height)), { ...poll, message: label }).toEqual([]);
		}
	}

	beforeAll(async () => {
		await room.start();
		session = await createSession(room.app.url);
		host = await facilitator(room.app.url, session.id, session.facilitatorKey);
		for (let p = 0; p < 3; p++) phones.push(await participant(room.app.url, session.code));
		await host.until((client) => client.content !== null && client.session !== null);
		await command('material:add', { material: 'protective' });
		await host.until((client) => client.content!.items.some((item) => item.id === protectiveItems[0].id));
		screen = await room.open('projector', 'screen');
		await screen.goto(`${room.app.url}/s/${session.id}/screen`);
		await screen.locator('section.join').waitFor();
	});
	afterAll(async () => {
		for (const client of [host, ...phones]) client?.close();
		await room.close();
	});

	it('shows all 22 items readable, before and after the room has rated, and with the spread', async () => {
		expect(leaderItems()).toHaveLength(22);
		const index = host.content!.steps.indexOf(leaderStep());
		await command('step:goto', { index });
		await expect.poll(() => textOf(screen.locator('h1').first()), poll).toBe(leaderStep().title.da);
		await fits('protective', 'da');
		for (const [p, phone] of phones.entries()) {
			for (const [i, item] of leaderItems().entries()) expect(await phone.emit('rating:set', { itemId: item.id, value: (i + p) % 5 })).toMatchObject({ data: {} });
		}
		await screen.getByText('3 har vurderet').first().waitFor();
		await fits('protective-rated', 'da');
		await command('vote:reveal', { stepId: leaderStep().id, revealed: true });
		await command('vote:lock', { stepId: leaderStep().id, locked: true });
		await fits('protective-spread', 'da');
		await command('language:set', { locale: 'en' });
		await expect.poll(() => textOf(screen.locator('h1').first()), poll).toBe(leaderStep().title.en);
		await fits('protective-spread', 'en');
	});
});
