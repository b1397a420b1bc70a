import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResultsView } from '../../src/lib/protocol';
import type { ItemResult } from '../../src/lib/session/aggregate';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { facilitator, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const generalStep = introTool.steps.findIndex((step) => step.id === 'general-model');
const prioritiesStep = introTool.steps.findIndex((step) => step.id === 'priorities');
const item = introTool.items.find((candidate) => candidate.model === 'general')!.id;
const VALUES = [4, 0, 3, 1, 2, 4, 0, 1, 3];

/**
 * The outside attack, repeated: watch the screen's aggregates and subtract one from the next.
 * With a new rater between two messages, mean × count gives that rater's value; with a changed
 * rating, its old and new value. Results go out in batches of at least three people's changes,
 * so neither works.
 */
describe('one leader’s rating stays theirs', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[];
	const seen: ResultsView[] = [];
	const bearer = () => ({ headers: { authorization: `Bearer ${session.facilitatorKey}` } });

	const of = (results: ResultsView): ItemResult => results.items.find((result) => result.itemId === item)!;
	const sumOf = (result: ItemResult) => Math.round((result.mean ?? 0) * result.count);
	/** A round trip through the room: every broadcast due before it has gone out once it is answered. */
	const settle = async () => {
		expect(await host.emit('timer:add', { minutes: 1 })).toEqual({ data: null });
		await new Promise((resolve) => setTimeout(resolve, 120));
	};

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		projector.socket.on('results:changed', (results) => seen.push(results));
		phones = await Promise.all(Array.from({ length: 11 }, (_, n) => participant(app.url, session.code, undefined, `Leder ${n + 1}`)));
		expect(await host.emit('step:goto', { index: generalStep })).toEqual({ data: null });
	});

	afterAll(async () => {
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('never shows two aggregates that one new rater tells apart', async () => {
		for (const [index, value] of VALUES.entries()) {
			expect(await phones[index].emit('rating:set', { itemId: item, value })).toMatchObject({ data: {} });
			await settle();
		}
		await projector.until((client) => client.results !== null && of(client.results).count === VALUES.length);
		const counts = seen.map((results) => of(results).count);
		for (let i = 1; i < seen.length; i++) {
			const step = counts[i] - counts[i - 1];
			expect(step === 0 || step >= 3, `count ${counts[i - 1]} → ${counts[i]}`).toBe(true);
		}
		expect(new Set(counts)).toEqual(new Set([0, 3, 6, 9]));
		expect(sumOf(of(projector.results!))).toBe(VALUES.reduce((a, b) => a + b, 0));
	});

	it('hides a changed rating until two more people have changed theirs', async () => {
		const before = sumOf(of(projector.results!));
		const from = seen.length;
		expect(await phones[0].emit('rating:set', { itemId: item, value: 1 })).toMatchObject({ data: {} });
		await settle();
		expect(await phones[1].emit('rating:set', { itemId: item, value: 2 })).toMatchObject({ data: {} });
		await settle();
		// Someone joins: the screen hears of it, and of nothing else.
		await participant(app.url, session.code, undefined, 'Sen').then((late) => phones.push(late));
		await projector.until((client) => client.results?.participants === 12);
		expect(seen.slice(from).every((results) => sumOf(of(results)) === before)).toBe(true);
		expect(await phones[2].emit('rating:set', { itemId: item, value: 4 })).toMatchObject({ data: {} });
		await projector.until((client) => sumOf(of(client.results!)) === before - 3 + 2 + 1);
	});

	it('says the same on every route, and publishes the round whole when the facilitator locks it', async () => {
		// A tenth rater waits for two more: the screen, the console and the API hold it back alike.
		expect(await phones[9].emit('rating:set', { itemId: item, value: 4 })).toMatchObject({ data: {} });
		await settle();
		const count = async () => {
			const api = (await (await fetch(`${app.url}/api/sessions/${session.id}`, bearer())).json()) as { items: Array<{ id: string; count: number }> };
			const csv = await (await fetch(`${app.url}/api/sessions/${session.id}/export?format=csv`, bearer())).text();
			const row = csv.split('\r\n').find((line) => line.includes(`;${item};`))!;
			return [of(projector.results!).count, of(host.results!).count, api.items.find((candidate) => candidate.id === item)?.count, Number(row.split(';')[5])];
		};
		expect(await count()).toEqual([9, 9, 9, 9]);
		// Locking ends the round: everyone's rating counts, on every route.
		expect(await host.emit('vote:lock', { stepId: 'general-model', locked: true })).toEqual({ data: null });
		await projector.until((client) => of(client.results!).count === 10);
		await host.until((client) => of(client.results!).count === 10);
		expect(await count()).toEqual([10, 10, 10, 10]);
	});

	it('sends the spread only once it is revealed', async () => {
		expect(seen.every((results) => of(results).histogram === null)).toBe(true);
		expect(await host.emit('vote:reveal', { stepId: 'general-model', revealed: true })).toEqual({ data: null });
		await projector.until((client) => of(client.results!).histogram !== null);
		expect(of(projector.results!).histogram?.reduce((a, b) => a + b, 0)).toBe(10);
	});

	it('keeps the dot vote’s ranking and its voters hidden until three have voted, then in batches', async () => {
		expect(await host.emit('step:goto', { index: prioritiesStep })).toEqual({ data: null });
		for (const text of ['Sparring', 'Pauser']) expect(await host.emit('candidate:add', { text, source: { kind: 'own' } })).toEqual({ data: null });
		expect(await host.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		const from = seen.length;
		for (const phone of phones.slice(0, 2)) expect(await phone.emit('dots:set', { allocation: { c1: 3 } })).toMatchObject({ data: {} });
		await settle();
		expect(seen.slice(from).every((results) => results.voters === 0 && results.ranking.every((point) => point.dots === 0))).toBe(true);
		expect(await phones[2].emit('dots:set', { allocation: { c2: 3 } })).toMatchObject({ data: {} });
		await projector.until((client) => client.results?.voters === 3);
		expect(projector.results!.ranking.map((point) => point.dots)).toEqual([6, 3]);
	});

	it('goes on after a restart from what was last published, not from what was committed', async () => {
		await app.close();
		app = await startTestApp(data.dir);
		const again = await screen(app.url, session.id);
		await again.until((client) => client.results !== null);
		expect(of(again.results!).count).toBe(10);
		expect(again.results!.voters).toBe(3);
		again.close();
		for (const client of [host, projector, ...phones]) client.close();
	});
});
