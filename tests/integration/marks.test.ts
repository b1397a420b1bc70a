import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { contentOf } from '../../src/lib/session/content';
import { markedCount } from '../../src/lib/session/marks';
import { unsafeTeamItems, unsafeTeamModel } from '../../src/lib/template/slides';
import type { Template } from '../../src/lib/template/types';
import { facilitator, participant, screen, type TestClient } from '../helpers/clients';
import { startTestApp, tempDataDir } from '../helpers/server';

/** A programme of one step: the phones mark the unsafe team's signs they recognise (seed 003). */
const marking: Template = {
	id: 'marks-test',
	title: { da: 'Tegn', en: 'Signs' },
	parts: [{ part: 1, title: { da: 'Del 1', en: 'Part 1' }, durationMin: 10 }],
	models: [unsafeTeamModel],
	items: unsafeTeamItems,
	steps: [{ id: 'unsafe', part: 1, kind: 'rating', model: 'unsafe-team', title: { da: 'Det utrygge lederteam', en: 'The unsafe team' }, durationMin: 10, questions: [] }]
};
const [first, second] = unsafeTeamItems.map((item) => item.id);

describe('a list the phones mark', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[];
	const marked = (client: TestClient, itemId: string) => markedCount(client.results?.items.find((result) => result.itemId === itemId));

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		const session = await app.context.rooms.create(Date.now(), contentOf(marking));
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all(Array.from({ length: 5 }, (_, n) => participant(app.url, session.code, undefined, `Leder ${n + 1}`)));
	});
	afterAll(async () => {
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('takes marks and taken-back marks, and refuses anything but 1 and 0 without changing a thing', async () => {
		expect(await phones[0].emit('rating:set', { itemId: first, value: 1 })).toMatchObject({ data: {} });
		for (const value of [2, 4]) {
			expect(await phones[0].emit('rating:set', { itemId: first, value })).toMatchObject({ error: { code: 'invalid_payload' } });
		}
		// Its mark stays 1: the first batch below counts it as marked.
	});

	it('shows how many marked an item once three have touched it, on the screen and in the console', async () => {
		expect(await phones[1].emit('rating:set', { itemId: first, value: 1 })).toMatchObject({ data: {} });
		// Two have marked: nothing is shown of them.
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(marked(projector, first)).toBeNull();
		expect(await phones[2].emit('rating:set', { itemId: first, value: 0 })).toMatchObject({ data: {} });
		// Phones 0 and 1 marked it, phone 2 took its mark back.
		await projector.until((client) => marked(client, first) === 2);
		await host.until((client) => marked(client, first) === 2);
		expect(projector.results?.raters['unsafe-team']).toBe(3);
		// A mark taken back and two new ones are the next batch of three.
		expect(await phones[0].emit('rating:set', { itemId: first, value: 0 })).toMatchObject({ data: {} });
		expect(await phones[3].emit('rating:set', { itemId: first, value: 1 })).toMatchObject({ data: {} });
		expect(await phones[4].emit('rating:set', { itemId: first, value: 1 })).toMatchObject({ data: {} });
		await projector.until((client) => marked(client, first) === 3);
		expect(marked(projector, second)).toBeNull();
	});
});
