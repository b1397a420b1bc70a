import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { introTool } from '../../src/lib/template/intro-tool';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const prioritiesStep = introTool.steps.findIndex((step) => step.id === 'priorities');

describe('the dot vote on priorities', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	const tokens = Array.from({ length: 6 }, () => newToken());
	let phones: TestClient[] = [];
	/** The allocations every phone has had acknowledged. */
	const spent = new Map<number, Record<string, number>>();
	const expected = () => {
		const totals = new Map<string, number>();
		for (const allocation of spent.values()) for (const [id, dots] of Object.entries(allocation)) totals.set(id, (totals.get(id) ?? 0) + dots);
		return totals;
	};
	const matches = (client: TestClient) =>
		(client.results?.ranking.length ?? 0) > 0 && client.results!.ranking.every((candidate) => candidate.dots === (expected().get(candidate.id) ?? 0));

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all(tokens.map((token) => participant(app.url, session.code, token)));
		expect(await host.emit('step:goto', { index: prioritiesStep })).toEqual({ data: null });
	});

	afterAll(async () => {
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('lets the facilitator build the list of points, and nobody else', async () => {
		const points = [
			{ text: 'Krydspres: tydeligere prioriteringer', source: { kind: 'load', itemId: 'leader-krydspres' } },
			{ text: 'Mere sparring i ledergruppen', source: { kind: 'resource', itemId: 'leader-stoette-og-sparring' } },
			{ text: 'Faste pauser på møderne', source: { kind: 'answer', groupId: 'g1', field: 'theme-recovery.0' } },
			{ text: 'Tal om fejl hver måned', source: { kind: 'own' } }
		];
		for (const point of points) expect(await host.emit('candidate:add', point)).toEqual({ data: null });
		expect(await phones[0].emit('candidate:add', points[0])).toMatchObject({ error: { code: 'forbidden' } });
		expect(await host.emit('candidate:add', { text: '', source: { kind: 'own' } })).toMatchObject({ error: { code: 'invalid_payload' } });
		expect(await host.emit('candidate:add', { text: 'x', source: { kind: 'nope' } })).toMatchObject({ error: { code: 'invalid_payload' } });
		await phones[0].until((c) => c.session?.priorities.candidates.length === 4);
		expect(phones[0].session?.priorities.candidates.map((candidate) => candidate.id)).toEqual(['c1', 'c2', 'c3', 'c4']);
	});

	it('refuses dots before the vote opens', async () => {
		expect(await phones[0].emit('dots:set', { allocation: { c1: 1 } })).toMatchObject({ error: { code: 'voting_closed' } });
	});

	it('gives each phone its dots and grows the ranking live on the screen', async () => {
		expect(await phones[0].emit('dots:open', { dots: 3 })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await host.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.priorities.status === 'open')));
		const choices: Array<Record<string, number>> = [{ c1: 2, c2: 1 }, { c1: 3 }, { c3: 1, c4: 1 }, { c2: 2 }, { c1: 1, c2: 1, c4: 1 }, { c3: 3 }];
		await Promise.all(
			phones.map(async (phone, i) => {
				expect(await phone.emit('dots:set', { allocation: choices[i] })).toEqual({ data: { allocation: choices[i] } });
				spent.set(i, choices[i]);
			})
		);
		await projector.until(matches);
		expect(projector.results?.ranking[0]).toMatchObject({ id: 'c1', dots: 6 });
		expect(projector.results?.voters).toBe(6);
		expect(phones.every((phone) => phone.results === null)).toBe(true);
	});

	it('refuses more dots than a phone has, unknown points and bad shapes, and keeps the last good allocation', async () => {
		const bad: unknown[] = [{ allocation: { c1: 4 } }, { allocation: { c1: 2, c2: 2 } }, { allocation: { c9: 1 } }, { allocation: { c1: -1 } }, { allocation: { c1: 1.5 } }, { allocation: 'all' }, {}];
		for (const payload of bad) {
			expect(await phones[1].emit('dots:set', payload)).toMatchObject({ error: { code: 'invalid_payload' } });
		}
		expect(await host.emit('dots:set', { allocation: { c1: 1 } })).toMatchObject({ error: { code: 'forbidden' } });
		expect(await phones[1].emit('dots:set', { allocation: { c4: 2 } })).toEqual({ data: { allocation: { c4: 2 } } });
		// One phone's change alone would show in the ranking as that phone's dots: it waits for two more.
		await new Promise((resolve) => setTimeout(resolve, 150));
		expect(matches(projector)).toBe(true);
		spent.set(1, { c4: 2 });
		for (const [i, allocation] of [[3, { c2: 1 }], [4, { c1: 1, c2: 2 }]] as const) {
			expect(await phones[i].emit('dots:set', { allocation })).toEqual({ data: { allocation } });
			spent.set(i, allocation);
		}
		await projector.until(matches);
		expect(projector.results?.ranking.find((candidate) => candidate.id === 'c1')?.dots).toBe(3);
	});

	it('does not let points change while the vote is open', async () => {
		expect(await host.emit('candidate:remove', { candidateId: 'c2' })).toMatchObject({ error: { code: 'voting_open' } });
		expect(await host.emit('candidate:add', { text: 'Sent', source: { kind: 'own' } })).toMatchObject({ error: { code: 'voting_open' } });
	});

	it('closes the vote: no more dots, and the ranking stays', async () => {
		expect(await host.emit('dots:close', {})).toEqual({ data: null });
		expect(await phones[2].emit('dots:set', { allocation: { c1: 3 } })).toMatchObject({ error: { code: 'voting_closed' } });
		// A double click on "Luk afstemningen": the second is a quiet repeat.
		expect(await host.emit('dots:close', {})).toEqual({ data: null });
		expect(matches(projector)).toBe(true);
	});

	it('starts the vote afresh when it reopens with another number of dots', async () => {
		const session2 = await createSession(app.url);
		const host2 = await facilitator(app.url, session2.id, session2.facilitatorKey);
		// Three phones: a ranking of fewer voters is never shown.
		const room2 = await Promise.all([1, 2, 3].map(() => participant(app.url, session2.code, newToken())));
		const [phone] = room2;
		expect(await host2.emit('candidate:add', { text: 'Et punkt', source: { kind: 'own' } })).toEqual({ data: null });
		expect(await host2.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		await phone.until((c) => c.session?.priorities.status === 'open');
		for (const each of room2) expect(await each.emit('dots:set', { allocation: { c1: 1 } })).toMatchObject({ data: {} });
		expect(await host2.emit('dots:close', {})).toEqual({ data: null });
		// Reopened with the same dots: the choices stand.
		expect(await host2.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		await host2.until((c) => c.results?.ranking[0]?.dots === 3 && c.results.voters === 3);
		expect(await host2.emit('dots:close', {})).toEqual({ data: null });
		// With fewer dots: nobody is left holding more than they now have.
		expect(await host2.emit('dots:open', { dots: 2 })).toEqual({ data: null });
		await host2.until((c) => c.results?.ranking[0]?.dots === 0 && c.results.voters === 0);
		await phone.until((c) => c.self?.allocation.c1 === undefined);
		expect(await phone.emit('dots:set', { allocation: { c1: 2 } })).toMatchObject({ data: {} });
		for (const client of [host2, ...room2]) client.close();
	});

	it('keeps points, allocations and the ranking across a restart', async () => {
		const ranking = JSON.stringify(projector.results?.ranking);
		for (const client of [host, projector, ...phones]) client.close();
		await app.close();
		app = await startTestApp(data.dir);
		projector = await screen(app.url, session.id);
		expect(JSON.stringify(projector.results?.ranking)).toBe(ranking);
		expect(projector.session?.priorities.status).toBe('closed');
		phones = [await participant(app.url, session.code, tokens[1])];
		expect(phones[0].self?.allocation).toEqual({ c4: 2 });
		host = await facilitator(app.url, session.id, session.facilitatorKey);
	});
});
