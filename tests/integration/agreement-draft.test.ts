import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { pointParts, readAgreement } from '../../src/lib/agreement';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { facilitator, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { serverRoundTrip, ticketed, waitFor } from '../helpers/yjs';

/**
 * The draft agreement always comes from the final ranking: a draft opened early (the summary
 * page fills one in as it opens, even while the vote runs) is made afresh when the vote closes;
 * edits after the close stay until the facilitator asks for "Lav udkast igen". And the list to
 * vote on never holds the same point twice.
 */
const prioritiesStep = introTool.steps.findIndex((step) => step.id === 'priorities');
const POINTS = ['Faste pauser på møderne', 'Mere sparring i ledergruppen', 'Tydelige prioriteringer fra topledelsen'];
const [PAUSES, SPARRING, PRIORITIES] = POINTS;

describe('the draft agreement and the final ranking', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[] = [];
	const providers: WebsocketProvider[] = [];
	const docs: Y.Doc[] = [];

	/** The agreement as the summary page opens it: `POST …/agreement` first, then the document with a ticket of the facilitator's. */
	async function openAgreement(): Promise<{ doc: Y.Doc; provider: WebsocketProvider; created: boolean }> {
		const response = await fetch(`${app.url}/api/sessions/${session.id}/agreement`, { method: 'POST', headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		expect(response.status).toBe(200);
		const { created } = (await response.json()) as { created: boolean };
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`ws://127.0.0.1:${app.port}/collab`, `${session.id}/agreement`, doc, ticketed(host, `${session.id}/agreement`));
		providers.push(provider);
		docs.push(doc);
		await waitFor(() => provider.synced, 'the agreement to sync');
		return { doc, provider, created };
	}
	const whats = (doc: Y.Doc) => readAgreement(doc).points.map((point) => point.what);
	const vote = async (allocations: Array<Record<string, number>>) => {
		for (const [p, allocation] of allocations.entries()) expect(await phones[p].emit('dots:set', { allocation })).toEqual({ data: { allocation } });
	};
	const ranked = (order: string[]) => host.until((c) => JSON.stringify(c.results?.ranking.filter((point) => point.dots > 0).map((point) => point.text)) === JSON.stringify(order));

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		// Six phones: the ranking is published in batches of three phones' changes.
		phones = await Promise.all(Array.from({ length: 6 }, (_, i) => participant(app.url, session.code, undefined, `Leder ${i + 1}`)));
		expect(await host.emit('step:goto', { index: prioritiesStep })).toEqual({ data: null });
	});

	afterAll(async () => {
		for (const provider of providers) provider.destroy();
		for (const doc of docs) doc.destroy();
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('refuses the same point twice, whatever its case, spacing or source, and keeps the list as it was', async () => {
		for (const text of POINTS) expect(await host.emit('candidate:add', { text, source: { kind: 'own' } })).toEqual({ data: null });
		for (const again of ['  faste   PAUSER på møderne ', 'Mere sparring\ni ledergruppen']) {
			const answer = await host.emit('candidate:add', { text: again, source: { kind: 'answer', groupId: 'g1', field: 'theme-recovery.0' } });
			expect(answer).toEqual({ error: { code: 'duplicate', message: expect.any(String) } });
		}
		expect(await host.emit('candidate:add', { text: 'tydelige prioriteringer fra topledelsen', source: { kind: 'resource', itemId: 'leader-klart-ledelsesrum' } })).toMatchObject({
			error: { code: 'duplicate' }
		});
		await host.until((c) => c.session?.priorities.candidates.length === 3);
		expect(host.session?.priorities.candidates.map((candidate) => `${candidate.id} ${candidate.text}`)).toEqual(POINTS.map((text, i) => `c${i + 1} ${text}`));
	});

	it('fills a draft opened while the vote runs from the final ranking the moment the vote closes', async () => {
		expect(await host.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.priorities.status === 'open')));
		await vote([{ c1: 3 }, { c1: 3 }, { c1: 3 }]);
		await ranked([PAUSES]);

		// The summary page opened now: a draft from the point that leads at this moment.
		const early = await openAgreement();
		expect(early.created).toBe(true);
		await waitFor(() => whats(early.doc)[0] === PAUSES, 'the early draft');
		pointParts(early.doc, 0).firstStep.insert(0, 'Skrevet før lukningen');
		await serverRoundTrip(early.provider, early.doc);

		// The room votes otherwise, and the vote closes.
		await vote([{ c2: 1 }, { c3: 3 }, { c3: 3 }, { c2: 3 }, {}, {}]);
		await ranked([PRIORITIES, SPARRING]);
		expect(await host.emit('dots:close', {})).toEqual({ data: null });

		await waitFor(() => JSON.stringify(whats(early.doc)) === JSON.stringify([PRIORITIES, SPARRING]), 'the draft from the final ranking', 5_000);
		expect(readAgreement(early.doc).points.map((point) => point.firstStep)).toEqual(['', '']);
		// Anyone who opens it now reads the same, and opening it fills in nothing more.
		const later = await openAgreement();
		expect(later.created).toBe(false);
		expect(readAgreement(later.doc)).toEqual(readAgreement(early.doc));
	});

	it('keeps what the facilitator writes after the close, however often the draft is opened', async () => {
		const { doc, provider } = await openAgreement();
		pointParts(doc, 0).firstStep.insert(0, 'Tre prioriteter på næste ledermøde');
		pointParts(doc, 0).who.push(['Topledelsen']);
		await serverRoundTrip(provider, doc);
		const edited = readAgreement(doc);
		const again = await openAgreement();
		expect(again.created).toBe(false);
		expect(readAgreement(again.doc)).toEqual(edited);
		expect(edited.points[0]).toMatchObject({ what: PRIORITIES, who: ['Topledelsen'], firstStep: 'Tre prioriteter på næste ledermøde' });
	});

	it('carries the names written beside the roles into the exports', async () => {
		const { doc, provider } = await openAgreement();
		pointParts(doc, 0).names!.insert(0, 'Mette, Jens og Ali');
		await serverRoundTrip(provider, doc);
		const headers = { authorization: `Bearer ${session.facilitatorKey}` };
		const report = (await (await fetch(`${app.url}/api/sessions/${session.id}/export?format=json`, { headers })).json()) as {
			agreement: { points: Array<Record<string, unknown>> };
		};
		expect(report.agreement.points[0]).toEqual({ what: PRIORITIES, who: ['Topledelsen', 'Mette', 'Jens og Ali'], firstStep: 'Tre prioriteter på næste ledermøde', followUp: expect.any(String) });
		const md = await (await fetch(`${app.url}/api/sessions/${session.id}/export?format=md`, { headers })).text();
		expect(md).toContain('Topledelsen, Mette, Jens og Ali');
	});

	it('makes the draft afresh on "Lav udkast igen", over every edit, for the facilitator only', async () => {
		const { doc, provider } = await openAgreement();
		doc.getText('title').insert(0, 'Vores ');
		pointParts(doc, 1).firstStep.insert(0, 'Sparring hver anden uge');
		await serverRoundTrip(provider, doc);
		const edited = readAgreement(doc);

		for (const client of [phones[0], projector]) expect(await client.emit('agreement:redraft', {})).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
		expect(await host.emit('agreement:redraft', { points: ['Noget andet'] })).toMatchObject({ error: { code: 'invalid_payload' } });
		await serverRoundTrip(provider, doc);
		expect(readAgreement(doc)).toEqual(edited);

		expect(await host.emit('agreement:redraft', {})).toEqual({ data: null });
		await waitFor(() => readAgreement(doc).points[0].names === '', 'the draft made afresh');
		const redrafted = readAgreement(doc);
		expect(redrafted.title).toBe(introTool.title.da);
		expect(redrafted.points.map(({ followUp: _followUp, ...point }) => point)).toEqual([
			{ what: PRIORITIES, who: [], names: '', firstStep: '' },
			{ what: SPARRING, who: [], names: '', firstStep: '' }
		]);
	});

	it('makes it afresh again when a reopened vote closes again', async () => {
		expect(await host.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		await phones[3].until((c) => c.session?.priorities.status === 'open');
		await vote([{ c2: 1 }, { c3: 3 }, { c3: 3 }, { c1: 3 }, { c1: 1 }, { c1: 1 }]);
		await ranked([PRIORITIES, PAUSES, SPARRING]);
		const { doc, provider } = await openAgreement();
		pointParts(doc, 0).firstStep.insert(0, 'Skrevet mens afstemningen var åben igen');
		await serverRoundTrip(provider, doc);
		expect(await host.emit('dots:close', {})).toEqual({ data: null });
		await waitFor(() => JSON.stringify(whats(doc)) === JSON.stringify([PRIORITIES, PAUSES]), 'the draft from the second close');
		expect(readAgreement(doc).points[0].firstStep).toBe('');
	});
});
