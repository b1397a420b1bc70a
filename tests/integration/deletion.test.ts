import { afterAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { sweepExpired } from '../../server/sessions';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { found } from '../helpers/sqlite-files';
import { YClient } from '../helpers/yjs';

const DAY_MS = 86_400_000;

interface Workshop {
	session: CreatedSession;
	/** Every string of this workshop that must be gone from the files once it is deleted. */
	secrets: string[];
	close(): void;
}

/**
 * A workshop with something of everything in it, each piece distinctive: a title, the join
 * code, nicknames, a group's text (Yjs), a point for the vote, the agreement (Yjs).
 */
async function runWorkshop(app: RunningApp, tag: string): Promise<Workshop> {
	const session = await createSession(app.url);
	const title = `Trivselsdag på Ærø ${tag}`;
	const nicknames = [`Gudrun Østergård ${tag}`, `Bjørn Ågesen ${tag}`];
	const answer = `Vi deler sjældent tvivl på møderne, især om budgettet ${tag}`;
	const point = `Faste sparringsmøder hver fredag ${tag}`;
	const agreementText = `Første skridt: kalenderen før jul ${tag}`;

	const host = await facilitator(app.url, session.id, session.facilitatorKey);
	const phones: TestClient[] = [];
	for (const name of nicknames) phones.push(await participant(app.url, session.code, undefined, name));
	const sheets: YClient[] = [];
	const close = () => {
		for (const sheet of sheets) sheet.destroy();
		for (const client of [host, ...phones]) client.close();
	};

	expect(await host.emit('title:set', { title })).toEqual({ data: null });
	expect(await host.emit('candidate:add', { text: point, source: { kind: 'own' } })).toEqual({ data: null });
	expect(await host.emit('groups:setup', { count: 1, mode: 'auto' })).toEqual({ data: null });
	await phones[0].until((c) => c.self?.groupId != null);
	const filled = await fetch(`${app.url}/api/sessions/${session.id}/agreement`, { method: 'POST', headers: { authorization: `Bearer ${session.facilitatorKey}` } });
	expect(filled.status).toBe(200);

	const ws = app.url.replace('http', 'ws');
	const group = new YClient(ws, `${session.id}/${phones[0].self!.groupId}`, phones[0]);
	const agreement = new YClient(ws, `${session.id}/agreement`, host);
	sheets.push(group, agreement);
	await Promise.all([group.synced(), agreement.synced()]);
	group.text.insert(0, answer);
	agreement.doc.getText('title').insert(0, agreementText);
	await Promise.all([group.roundTrip(), agreement.roundTrip()]);
	// Committed (the updates are buffered for up to 500 ms) and released, so it is in the files.
	for (const sheet of sheets) sheet.destroy();
	await app.context.collab!.use(`${session.id}/agreement`, () => undefined);
	const secrets = [session.id, session.code, title, ...nicknames, answer, point, agreementText];
	await expect.poll(() => found(app.context.config.dataDir, secrets), { timeout: 5_000 }).toEqual(secrets);
	return { session, secrets, close };
}

describe('a deleted workshop is gone from the database files', () => {
	const data = tempDataDir();
	let app: RunningApp | undefined;

	afterAll(async () => {
		await app?.close();
		data.remove();
	});

	it('after DELETE /api/sessions/ID: no title, code, nickname, group text, point or agreement is left in the files, while another workshop stays', async () => {
		app = await startTestApp(data.dir);
		const deleted = await runWorkshop(app, 'slettes-nu');
		const kept = await runWorkshop(app, 'bliver');
		const response = await fetch(`${app.url}/api/sessions/${deleted.session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${deleted.session.facilitatorKey}` } });
		expect(response.status).toBe(204);
		deleted.close();
		expect(found(data.dir, deleted.secrets)).toEqual([]);
		expect(found(data.dir, kept.secrets)).toEqual(kept.secrets);
		kept.close();
	});

	it('after the retention sweep: only what a comparison needs stays (no code, nickname or group text), until RESULTS_RETENTION_DAYS have passed too', async () => {
		const expiring = await runWorkshop(app!, 'udløber');
		expect(await sweepExpired(app!.context, Date.now() + 365 * DAY_MS)).toContain(expiring.session.id);
		expiring.close();
		// The kept results (server/store/types.ts, KeptResults): the session's id, its title, the ranking's point, the agreement.
		const [id, code, title, nickname1, nickname2, answer, point, agreementText] = expiring.secrets;
		expect(found(data.dir, expiring.secrets)).toEqual([id, title, point, agreementText]);
		expect(found(data.dir, [code, nickname1, nickname2, answer])).toEqual([]);
		await sweepExpired(app!.context, Date.now() + (app!.context.config.resultsRetentionDays + 1) * DAY_MS);
		expect(found(data.dir, expiring.secrets)).toEqual([]);
	});

	it('after a clean stop, and a start on the same files', async () => {
		const stopped = await runWorkshop(app!, 'stoppet');
		const response = await fetch(`${app!.url}/api/sessions/${stopped.session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${stopped.session.facilitatorKey}` } });
		expect(response.status).toBe(204);
		stopped.close();
		await app!.close();
		app = undefined;
		expect(found(data.dir, stopped.secrets)).toEqual([]);
		app = await startTestApp(data.dir);
		await app.close();
		app = undefined;
		expect(found(data.dir, stopped.secrets)).toEqual([]);
	});
});
