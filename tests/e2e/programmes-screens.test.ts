import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { FollowUpCreated, SessionCreated } from '../../src/lib/protocol';
import { PROGRAMME_IDS, programmes, type ProgrammeId } from '../../src/lib/template/programmes';
import type { Locale, Step } from '../../src/lib/template/types';
import { BrowserRoom, poll, screenshot, textOf } from '../helpers/browser';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { fitProblems } from '../helpers/screen-fit';

/**
 * Every programme on the projector (issue 16): each step of the three tools fits the screen at
 * 16:9 and 4:3, in Danish and in English, every text of the step in view and readable (the
 * introduction and the follow-up are walked by screen-fit.test.ts); three phones rate or mark
 * what each rating step asks. With SCREENSHOTS=1 the first and the last screen of every
 * programme are saved in docs/screenshots (programme-ID-first/last-projector.png).
 */
const SIZES = [
	{ width: 1920, height: 1080 },
	{ width: 1024, height: 768 }
];
const READABLE_PX = 22;
const atHeight = (px: number, height: number) => (px * height) / 1080;
const WALKED: ProgrammeId[] = ['leader-agreement', 'leader-group', 'wellbeing-plan'];

describe('every programme on the projector', () => {
	const room = new BrowserRoom();
	let screen: Page;
	const clients: TestClient[] = [];

	beforeAll(async () => {
		await room.start();
		screen = await room.open('projector', 'screen');
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await room.close();
	});

	/** A session of `programme`: a follow-up is made from a session of the introduction. */
	async function start(programme: ProgrammeId): Promise<SessionCreated> {
		const post = (path: string, body: object, key?: string) =>
			fetch(`${room.app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) }, body: JSON.stringify(body) });
		if (programme !== 'follow-up') return (await post('/api/sessions', { programme })).json() as Promise<SessionCreated>;
		const first = (await (await post('/api/sessions', {})).json()) as SessionCreated;
		return (await (await post(`/api/sessions/${first.id}/follow-up`, {}, first.facilitatorKey)).json()) as FollowUpCreated;
	}

	/** Each text the screen shows for `step`, as screen-fit.test.ts lists them. */
	function textsOf(host: TestClient, step: Step, locale: Locale, code: string): string[] {
		const tr = (text: { da: string; en: string }) => text[locale];
		const questions = step.questions.map(tr);
		if (step.kind === 'join') return [code];
		// A step with a model shows that model's result (a content step too) beside its questions.
		if (step.model) return [...questions, ...host.content!.items.filter((item) => item.model === step.model).map((item) => tr(item.label))];
		return [step.lead, ...(step.paragraphs ?? []), step.bullets?.heading, ...(step.bullets?.items ?? []), ...(step.roles ?? []).flatMap((role) => [role.name, ...role.responsibilities]), ...step.questions].flatMap((text) =>
			text ? [tr(text)] : []
		);
	}

	for (const id of PROGRAMME_IDS) {
		it(`${id}: ${WALKED.includes(id) ? 'every step fits at 16:9 and 4:3 in both languages' : 'its first and last screen'}`, async () => {
			const session = await start(id);
			const host = await facilitator(room.app.url, session.id, session.facilitatorKey);
			const phones = await Promise.all([1, 2, 3].map((n) => participant(room.app.url, session.code, undefined, `Leder ${n}`)));
			clients.push(host, ...phones);
			await host.until((client) => client.content !== null);
			const send = async (type: string, payload: object) => expect(await host.emit(type, payload), type).toEqual({ data: null });
			// Steps a programme skips by default (Ledergruppen's Ledervægten) are walked too.
			for (const step of host.content!.steps.filter((candidate) => candidate.skipped)) await send('step:skip', { stepId: step.id, skipped: false });
			await host.until((client) => client.content!.steps.every((step) => !step.skipped));
			const steps = host.content!.steps;
			await screen.setViewportSize(SIZES[0]);
			await screen.goto(`${room.app.url}/s/${session.id}/screen`);
			const walk = WALKED.includes(id) ? steps.map((_, index) => index) : [0, steps.length - 1];
			for (const index of walk) {
				const step = steps[index];
				await send('step:goto', { index });
				if (step.kind === 'rating' && step.model) {
					for (const [p, phone] of phones.entries()) {
						for (const [i, item] of host.content!.items.filter((candidate) => candidate.model === step.model).entries()) {
							const value = item.kind === 'mark' ? (i + p) % 2 : (i + 2 * p) % 5;
							expect(await phone.emit('rating:set', { itemId: item.id, value }), item.id).toMatchObject({ data: {} });
						}
					}
				}
				for (const locale of WALKED.includes(id) ? (['da', 'en'] as const) : (['da'] as const)) {
					await send('language:set', { locale });
					await expect.poll(() => textOf(screen.locator('h1').first()), poll).toBe(step.title[locale]);
					for (const size of WALKED.includes(id) ? SIZES : SIZES.slice(0, 1)) {
						await screen.setViewportSize(size);
						const label = `${id} step ${step.id} (${locale}) at ${size.width}×${size.height}`;
						await expect.poll(() => fitProblems(screen, textsOf(host, step, locale, session.code), atHeight(READABLE_PX, size.height)), { ...poll, message: label }).toEqual([]);
					}
				}
				await send('language:set', { locale: 'da' });
				await screen.setViewportSize(SIZES[0]);
				if (index === 0 || index === steps.length - 1) {
					await expect.poll(() => textOf(screen.locator('h1').first()), poll).toBe(step.title.da);
					await screenshot(screen, `programme-${id}-${index === 0 ? 'first' : 'last'}-projector.png`);
				}
			}
			expect(room.errors).toEqual([]);
		}, 180_000);
	}
});
