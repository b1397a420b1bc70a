import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, fillAgreement, pointParts, readAgreement, whoOf } from '../../src/lib/agreement';
import { fieldKey } from '../../src/lib/documents';
import type { FollowUpCreated } from '../../src/lib/protocol';
import { ReportSchema, type SessionReport } from '../../src/lib/server/report';
import * as v from 'valibot';
import { introTool } from '../../src/lib/template/intro-tool';
import { rolesOf } from '../../src/lib/session/content';
import type { RunningApp } from '../../server/app';
import { sweepExpired } from '../../server/sessions';
import { facilitator, newToken, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { found, rowsMentioning } from '../helpers/sqlite-files';

const DAY_MS = 86_400_000;
const generalItems = introTool.items.filter((item) => item.model === 'general');
const stepOf = (client: TestClient, id: string) => client.content!.steps.findIndex((step) => step.id === id);
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe('Opfølgning: a follow-up made from a workshop, compared against what it measured', () => {
	const data = tempDataDir();
	const file = join(data.dir, 'vaegten.db');
	let app: RunningApp;
	let first: CreatedSession;
	const clients: TestClient[] = [];
	const keep = <T extends TestClient>(client: T) => (clients.push(client), client);
	const tokens = Array.from({ length: 3 }, () => newToken());
	const nicknames = ['Gudrun Østergård', 'Bjørn Ågesen', 'Sørine Lyngbæk'];
	const groupText = 'Vi taler sjældent om budgettet i ledergruppen';
	const customLabel = 'Nyt økonomisystem';
	const followUpDate = addMonths(new Date(), 3);
	const points = ['Faste sparringsmøder hver fredag', 'Ingen mails efter kl. 17'];
	/** The follow-up that ran, compared against the first workshop's kept results. */
	let ran: FollowUpCreated;
	const followUp = (id: string, key: string | null) => fetch(`${app.url}/api/sessions/${id}/follow-up`, { method: 'POST', headers: key ? bearer(key) : {} });

	/** Three phones rate every general item `value`, and the published means reach the console. */
	async function rateGeneral(host: TestClient, phones: TestClient[], value: (item: number) => number) {
		expect(await host.emit('step:goto', { index: stepOf(host, 'general-model') })).toEqual({ data: null });
		// Leaving a step publishes what waits there, whole: settled first, so it takes no rating of this round.
		await (await app.context.rooms.byId(host.content!.id))!.settle();
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.stepIndex === stepOf(host, 'general-model'))));
		for (const phone of phones) for (const [i, item] of generalItems.entries()) expect(await phone.emit('rating:set', { itemId: item.id, value: value(i) })).toMatchObject({ data: {} });
		await host.until((c) => generalItems.every((item) => c.results?.items.find((result) => result.itemId === item.id)?.count === phones.length));
	}

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		first = await createSession(app.url);
		const host = keep(await facilitator(app.url, first.id, first.facilitatorKey));
		const phones = await Promise.all(tokens.map((token, i) => participant(app.url, first.code, token, nicknames[i]).then(keep)));
		expect(await host.emit('item:add', { model: 'general', kind: 'load', label: customLabel })).toEqual({ data: null });
		await host.until((c) => c.content!.items.some((item) => item.custom));
		await rateGeneral(host, phones, (i) => i % 5);
		expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
		await phones[0].until((c) => c.self?.groupId != null);
		const collab = app.context.collab!;
		await collab.use(`${first.id}/g1`, (doc) => doc.getText(fieldKey('balance-dialogue', 0)).insert(0, groupText));
		await collab.use(`${first.id}/agreement`, (doc) => {
			fillAgreement(doc, { title: 'Ledergruppens aftale', points, followUp: followUpDate });
			const first = pointParts(doc, 0);
			first.who.push(['Ledergruppen']);
			first.names!.insert(0, 'Mette, Jens');
			first.firstStep.insert(0, 'Book lokalet');
		});
		expect(await host.emit('session:end', { ended: true })).toEqual({ data: null });
	});

	afterAll(async () => {
		for (const client of clients) client.close();
		await app?.close();
		data.remove();
	});

	it('keeps what a comparison needs when the workshop is ended, and nothing about any person', async () => {
		// Written to the files, so their absence later means something.
		await expect.poll(() => found(data.dir, [groupText, ...nicknames]), { timeout: 5_000 }).toEqual([groupText, ...nicknames]);
		const kept = (await app.context.store.keptResults(first.id))!;
		expect(kept.measurement.agreement.points.map((point) => point.what)).toEqual(points);
		expect(kept.measurement.items.find((item) => item.itemId === generalItems[1].id)).toMatchObject({ count: 3, mean: 1 });
		expect(kept.items.some((item) => item.label.da === customLabel && item.custom)).toBe(true);
		const text = JSON.stringify(kept);
		for (const secret of [...nicknames, groupText, first.code, first.facilitatorKey, ...tokens]) expect(text).not.toContain(secret);
	});

	it('POST /api/sessions/ID/follow-up: 201 with the links and followUpOf; the same items, the agreed points to rate, planned for the follow-up date', async () => {
		expect((await followUp(first.id, null)).status).toBe(401);
		expect((await followUp(first.id, 'not-the-key')).status).toBe(403);
		expect((await followUp('nosuchsession0', first.facilitatorKey)).status).toBe(404);
		const response = await followUp(first.id, first.facilitatorKey);
		expect(response.status).toBe(201);
		const created = (await response.json()) as FollowUpCreated;
		expect(created).toEqual({
			id: expect.any(String),
			code: expect.any(String),
			joinUrl: expect.stringContaining(`/j/${created.code}`),
			screenUrl: expect.stringContaining(`/s/${created.id}/screen`),
			facilitatorUrl: expect.stringContaining(`/s/${created.id}/facilitate`),
			facilitatorKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
			followUpOf: first.id
		});
		const state = (await app.context.rooms.stateOf(created.id))!;
		const before = (await app.context.rooms.stateOf(first.id))!;
		// Vægten's items again; the introduction's list of tools to mark is no instrument to measure again.
		expect(state.items.filter((item) => item.model !== 'progress')).toEqual(before.items.filter((item) => item.model !== 'tools'));
		expect(before.items.some((item) => item.model === 'tools')).toBe(true);
		expect(state.items.filter((item) => item.model === 'progress').map((item) => item.label.da)).toEqual(points);
		expect(state.followUp).toMatchObject({ of: first.id, plannedFor: followUpDate, chain: [{ sessionId: first.id }] });
		// Its draft agreement starts from the points agreed last time (keep, change or replace), before any dot is given.
		expect((await fetch(`${app.url}/api/sessions/${created.id}/agreement`, { method: 'POST', headers: bearer(created.facilitatorKey) })).status).toBe(200);
		// Each with who was to do it then (to keep or change), its first step and follow-up date new.
		expect((await app.context.collab!.read(`${created.id}/agreement`, readAgreement)).points.map((point) => ({ what: point.what, who: whoOf(point, rolesOf(state.steps), 'da'), firstStep: point.firstStep, followUp: point.followUp }))).toEqual([
			{ what: points[0], who: ['Ledergruppen', 'Mette', 'Jens'], firstStep: '', followUp: addMonths(new Date(), 3) },
			{ what: points[1], who: [], firstStep: '', followUp: addMonths(new Date(), 3) }
		]);
		// Its own key opens it; the first's does not.
		expect((await fetch(`${app.url}/api/sessions/${created.id}`, { headers: bearer(created.facilitatorKey) })).status).toBe(200);
		expect((await fetch(`${app.url}/api/sessions/${created.id}`, { headers: bearer(first.facilitatorKey) })).status).toBe(403);
	});

	it('is made from the console too (followup:create), and a follow-up of a follow-up carries the whole chain', async () => {
		const host = keep(await facilitator(app.url, first.id, first.facilitatorKey));
		const answer = await host.emit<FollowUpCreated>('followup:create', {});
		expect(answer).toEqual({ data: expect.objectContaining({ followUpOf: first.id }) });
		const second = 'data' in answer ? answer.data : null;
		const again = await followUp(second!.id, second!.facilitatorKey);
		expect(again.status).toBe(201);
		const third = (await again.json()) as FollowUpCreated;
		expect((await app.context.rooms.stateOf(third.id))!.followUp!.chain.map((measurement) => measurement.sessionId)).toEqual([first.id, second!.id]);
		const phone = keep(await participant(app.url, first.code, tokens[0]));
		expect(await phone.emit('followup:create', {})).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
	});

	it('after the raw data expires, still compares against the kept results, and no row about any person of the workshop is left', async () => {
		const made = (ran = (await (await followUp(first.id, first.facilitatorKey)).json()) as FollowUpCreated);
		// A month on: the workshop's raw data goes, the follow-up planned for three months on stays.
		const swept = await sweepExpired(app.context, Date.now() + 31 * DAY_MS);
		expect(swept).toContain(first.id);
		expect(swept).not.toContain(made.id);
		expect(await app.context.rooms.stateOf(made.id)).toBeDefined();
		expect(rowsMentioning(file, first.id)).toEqual({ sessions: 0, participants: 0, ratings: 0, published_ratings: 0, dots: 0, collab_updates: 0, kept_results: 1 });
		expect(found(data.dir, [groupText, ...nicknames, first.code])).toEqual([]);
		const db = new Database(file, { readonly: true });
		expect(db.prepare("SELECT count(*) AS n FROM participants WHERE nickname IN (?, ?, ?)").get(...nicknames)).toEqual({ n: 0 });
		db.close();

		// The follow-up runs: three phones rate progress and Vægten; the screen and console see Før og nu.
		const host = keep(await facilitator(app.url, made.id, made.facilitatorKey));
		const projector = keep(await screen(app.url, made.id));
		const phones = await Promise.all(Array.from({ length: 3 }, () => participant(app.url, made.code).then(keep)));
		expect(await host.emit('step:goto', { index: stepOf(host, 'progress') })).toEqual({ data: null });
		await (await app.context.rooms.byId(made.id))!.settle();
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.stepIndex === stepOf(host, 'progress'))));
		for (const [p, phone] of phones.entries()) for (const id of ['progress-1', 'progress-2']) expect(await phone.emit('rating:set', { itemId: id, value: p + 1 })).toMatchObject({ data: {} });
		await rateGeneral(host, phones, (i) => Math.min(4, (i % 5) + (i % 2)));
		await projector.until((c) => c.results?.comparison?.items.length === generalItems.length);
		const comparison = projector.results!.comparison!;
		expect(comparison.then).toEqual({ sessionId: first.id, date: expect.any(String), title: expect.any(String) });
		expect(comparison.items.find((item) => item.itemId === generalItems[1].id)).toMatchObject({ then: 1, now: 2, change: 1, countThen: 3, countNow: 3 });
		expect(comparison.progress.map(({ label, count, mean, histogram }) => [label.da, count, mean, histogram])).toEqual([
			[points[0], 3, 2, [0, 1, 1, 1, 0]],
			[points[1], 3, 2, [0, 1, 1, 1, 0]]
		]);
		// Phones never get the comparison.
		expect(phones[0].results).toBeNull();

		// And a new follow-up can still be made from what was kept, the raw session gone.
		const later = await followUp(first.id, first.facilitatorKey);
		expect(later.status).toBe(201);
		expect((await followUp(first.id, 'not-the-key')).status).toBe(403);
	});

	it("exports the follow-up's comparison, and every agreement's .ics with the summary's link and no key", async () => {
		const get = (format: string) => fetch(`${app.url}/api/sessions/${ran.id}/export?format=${format}&lang=da`, { headers: bearer(ran.facilitatorKey) });
		const report = (await (await get('json')).json()) as SessionReport;
		expect(v.safeParse(ReportSchema, report).success).toBe(true);
		expect(report.schemaVersion).toBe(3);
		expect(report.followUp).toEqual({ of: first.id, plannedFor: followUpDate });
		expect(report.comparison!.items.find((item) => item.id === generalItems[1].id)).toMatchObject({ then: 1, now: 2, change: 1 });
		expect(report.comparison!.progress.map((point) => point.point)).toEqual(points);
		expect(JSON.stringify(report)).not.toMatch(new RegExp([...nicknames, groupText].join('|')));
		const csv = await (await get('csv')).text();
		expect(csv).toContain('\r\ncomparison;general;');
		expect(csv).toContain(`\r\nprogress;progress;progress-1;progress;${points[0]};3;2,00;`);
		expect(await (await get('md')).text()).toContain('## Før og nu');
		const pdf = await get('pdf');
		expect(pdf.headers.get('content-type')).toBe('application/pdf');

		const ics = await get('ics');
		expect(ics.status).toBe(200);
		expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
		expect(ics.headers.get('content-disposition')).toMatch(/\.ics"$/);
		const event = (await ics.text()).replace(/\r\n[ \t]/g, '');
		expect(event).toContain(`URL:${app.url}/s/${ran.id}/summary`);
		expect(event).toContain('DTSTART;VALUE=DATE:');
		for (const secret of [ran.facilitatorKey, first.facilitatorKey]) expect(event).not.toContain(secret);
		expect((await fetch(`${app.url}/api/sessions/${ran.id}/export?format=ics`)).status).toBe(401);
	});

	it('sweeps a follow-up not yet run only after its planned date, and kept results after RESULTS_RETENTION_DAYS', async () => {
		const made = (await (await followUp(first.id, first.facilitatorKey)).json()) as FollowUpCreated;
		const planned = Date.parse(`${followUpDate}T00:00:00Z`);
		expect(await sweepExpired(app.context, planned + 29 * DAY_MS)).not.toContain(made.id);
		expect(await sweepExpired(app.context, planned + 32 * DAY_MS)).toContain(made.id);
		expect(await app.context.store.keptResults(made.id)).toBeDefined();
		await sweepExpired(app.context, Date.now() + (app.context.config.resultsRetentionDays + 1) * DAY_MS);
		expect(await app.context.store.keptResults(first.id)).toBeUndefined();
		expect(rowsMentioning(file, first.id).kept_results).toBe(0);
		expect((await followUp(first.id, first.facilitatorKey)).status).toBe(404);
	});
});

describe('DELETE removes the kept results too', () => {
	const data = tempDataDir();
	let app: RunningApp;

	beforeAll(async () => {
		app = await startTestApp(data.dir);
	});
	afterAll(async () => {
		await app?.close();
		data.remove();
	});

	it('while the raw data is there, and after it has gone', async () => {
		for (const expire of [false, true]) {
			const session = await createSession(app.url);
			const host = await facilitator(app.url, session.id, session.facilitatorKey);
			expect(await host.emit('session:end', { ended: true })).toEqual({ data: null });
			host.close();
			expect(await app.context.store.keptResults(session.id)).toBeDefined();
			if (expire) expect(await sweepExpired(app.context, Date.now() + 31 * DAY_MS)).toContain(session.id);
			const url = `${app.url}/api/sessions/${session.id}`;
			expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
			expect((await fetch(url, { method: 'DELETE', headers: bearer('wrong') })).status).toBe(403);
			expect((await fetch(url, { method: 'DELETE', headers: bearer(session.facilitatorKey) })).status).toBe(204);
			expect(await app.context.store.keptResults(session.id)).toBeUndefined();
			expect((await fetch(url, { method: 'DELETE', headers: bearer(session.facilitatorKey) })).status).toBe(404);
		}
	});
});
