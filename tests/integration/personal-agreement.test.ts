import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { RunningApp } from '../../server/app';
import { sweepExpired } from '../../server/sessions';
import { documentName, personalDoc } from '../../src/lib/documents';
import { pointKey } from '../../src/lib/personal-agreement';
import type { SessionCreated } from '../../src/lib/protocol';
import { facilitator, newToken, participant, screen, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir } from '../helpers/server';
import { serverRoundTrip, ticketed, ticketFor, ticketPath, upgradeStatus, waitFor } from '../helpers/yjs';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Words only phone A writes: found nowhere but in A's own document and A's own downloads. */
const SECRET = 'Hemmelig-aftale-7731';

/** A phone's own lederaftale, opened as the phone opens it: a ticket from its own connection. */
class Sheet {
	readonly doc = new Y.Doc();
	readonly provider: WebsocketProvider;
	closes = 0;
	constructor(app: RunningApp, client: TestClient, docName: string) {
		this.provider = new WebsocketProvider(`${app.url.replace('http', 'ws')}/collab`, docName, this.doc, { ...ticketed(client, docName), connect: true });
		this.provider.on('connection-close', () => this.closes++);
	}
	async synced(): Promise<this> {
		await waitFor(() => this.provider.synced, 'the lederaftale to sync');
		await serverRoundTrip(this.provider, this.doc);
		return this;
	}
	text(key: string): string {
		return this.doc.getText(key).toString();
	}
	destroy(): void {
		this.provider.destroy();
		this.doc.destroy();
	}
}

/**
 * Issue 16: a lederaftale is private to its phone. Only that participant's token opens it (a
 * ticket, an upgrade, a download); the facilitator and the screen see only how many have one;
 * no export or API view carries its text; it opens again after the end, and the retention
 * sweep removes it with the session.
 */
describe('the private lederaftale', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: SessionCreated;
	let host: TestClient;
	let projector: TestClient;
	const tokens = [newToken(), newToken(), newToken()];
	let phones: TestClient[] = [];
	const sheets: Sheet[] = [];
	const docOf = (phone: TestClient) => documentName(session.id, personalDoc(phone.self!.participantId));
	const download = (format: string, token: string | null, id = session.id) =>
		fetch(`${app.url}/api/sessions/${id}/personal?format=${format}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
	const open = async (client: TestClient, docName: string) => {
		const sheet = new Sheet(app, client, docName);
		sheets.push(sheet);
		return sheet.synced();
	};

	beforeAll(async () => {
		app = await startTestApp(data.dir, { refusals: { address: { limit: 1_000, seconds: 10 } } });
		session = await createSession(app.url, 'leader-agreement');
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		projector = await screen(app.url, session.id);
		phones = await Promise.all(tokens.map((token, index) => participant(app.url, session.code, token, `Leder ${index + 1}`)));
		await Promise.all(phones.map((phone) => phone.until((client) => client.self !== null)));
	});

	afterAll(async () => {
		for (const sheet of sheets) sheet.destroy();
		for (const client of [host, projector, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('opens on its own phone, and the console and screen count it without its text', async () => {
		expect(host.results?.personal).toBe(0);
		const mine = await open(phones[0], docOf(phones[0]));
		mine.doc.transact(() => {
			mine.doc.getText(pointKey(0, 'what')).insert(0, `${SECRET} – tid til refleksion`);
			mine.doc.getText('leader').insert(0, 'Min direktør');
		});
		await serverRoundTrip(mine.provider, mine.doc);
		await host.until((client) => client.results?.personal === 1);
		await projector.until((client) => client.results?.personal === 1);
		expect(JSON.stringify(host.results)).not.toContain(SECRET);
		// A second phone writes: two. Emptied again: one.
		const second = await open(phones[1], docOf(phones[1]));
		second.doc.getText('partners').insert(0, 'Netværksgruppen');
		await host.until((client) => client.results?.personal === 2);
		second.doc.getText('partners').delete(0, second.doc.getText('partners').length);
		await host.until((client) => client.results?.personal === 1);
	});

	it('stays open when its phone is put in a group (it is nobody’s group sheet)', async () => {
		const mine = sheets[0];
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		await phones[0].until((client) => client.self?.groupId != null);
		mine.doc.getText(pointKey(0, 'takes')).insert(0, 'En fast ugentlig blok');
		await serverRoundTrip(mine.provider, mine.doc);
		expect(mine.closes).toBe(0);
	});

	it('gives no ticket for it to another participant, the facilitator or the screen', async () => {
		const doc = personalDoc(phones[0].self!.participantId);
		for (const other of [phones[1], phones[2], host, projector]) {
			expect(await other.emit('collab:ticket', { doc })).toMatchObject({ error: { code: 'forbidden' } });
		}
		expect(await phones[0].emit('collab:ticket', { doc })).toMatchObject({ data: { ticket: expect.any(String) } });
		// Not a personal document's name at all: refused as a payload.
		expect(await phones[0].emit('collab:ticket', { doc: 'personal.x' })).toMatchObject({ error: { code: 'invalid_payload' } });
	});

	it('refuses a direct upgrade to it without its owner’s ticket', async () => {
		const target = docOf(phones[0]);
		const status = (path: string) => upgradeStatus(app.port, path);
		expect(await status(`/collab/${target}`)).toBe(401);
		expect(await status(`/collab/${target}?token=${tokens[0]}`)).toBe(400);
		expect(await status(`/collab/${target}?key=${encodeURIComponent(session.facilitatorKey)}`)).toBe(400);
		// A valid ticket of someone else's (the other phone's own lederaftale, the host's group sheet) opens nothing here.
		const othersTicket = await ticketFor(phones[1], docOf(phones[1]));
		expect(await status(`/collab/${target}?ticket=${othersTicket}`)).toBe(403);
		const hostTicket = await ticketFor(host, documentName(session.id, 'agreement'));
		expect(await status(`/collab/${target}?ticket=${hostTicket}`)).toBe(403);
		expect(await status(await ticketPath(phones[0], target))).toBe(101);
	});

	it('downloads as PDF and .ics only with its own token, in a header', async () => {
		const pdf = await download('pdf', tokens[0]);
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="lederaftale-\d{4}-\d{2}-\d{2}\.pdf"$/);
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		const ics = await download('ics', tokens[0]);
		expect(ics.status).toBe(200);
		const calendar = await ics.text();
		expect(calendar).toContain('BEGIN:VEVENT');
		expect(calendar.replace(/\r\n[ \t]/g, '')).toContain(SECRET);
		// Three months after the workshop, by default.
		const created = new Date(host.content!.createdAt);
		const due = new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth() + 3, 1));
		expect(calendar).toMatch(new RegExp(`DTSTART;VALUE=DATE:${due.getUTCFullYear()}${String(due.getUTCMonth() + 1).padStart(2, '0')}`));
		// In the phone's own language, when it asks.
		const english = await (await fetch(`${app.url}/api/sessions/${session.id}/personal?format=ics&lang=en`, { headers: { authorization: `Bearer ${tokens[0]}` } })).text();
		expect(english).toContain('SUMMARY:Follow-up on my leader agreement');
		expect(english.replace(/\r\n[ \t]/g, '')).toContain(SECRET);
		// Another phone gets its own (empty) agreement, never this one.
		const others = await download('ics', tokens[1]);
		expect(others.status).toBe(200);
		expect(await others.text()).not.toContain(SECRET);
		for (const [token, status] of [
			[null, 401],
			[session.facilitatorKey, 403],
			['not-a-token', 403]
		] as const) {
			const refused = await download('pdf', token);
			expect(refused.status, String(token)).toBe(status);
			expect(await refused.text()).not.toContain(SECRET);
		}
		expect((await download('pdf', tokens[0], 'no-such-session')).status).toBe(404);
		expect((await fetch(`${app.url}/api/sessions/${session.id}/personal?format=pdf&token=${tokens[0]}`)).status).toBe(401);
		expect((await download('docx', tokens[0])).status).toBe(400);
	});

	it('is in no facilitator export and no API view of the session', async () => {
		const auth = { authorization: `Bearer ${session.facilitatorKey}` };
		for (const format of ['pdf', 'docx', 'xlsx', 'md', 'csv', 'json', 'ics']) {
			const response = await fetch(`${app.url}/api/sessions/${session.id}/export?format=${format}`, { headers: auth });
			expect(response.status, format).toBe(200);
			expect(Buffer.from(await response.arrayBuffer()).toString('latin1'), format).not.toContain(SECRET);
		}
		const view = await fetch(`${app.url}/api/sessions/${session.id}`, { headers: auth });
		expect(view.status).toBe(200);
		expect(await view.text()).not.toContain(SECRET);
	});

	it('opens again after the workshop is ended, and is kept nowhere in its results', async () => {
		expect(await host.emit('session:end', { ended: true })).toEqual({ data: null });
		phones[0].close();
		phones[0] = await participant(app.url, session.code, tokens[0]);
		await phones[0].until((client) => client.self !== null && client.session?.ended === true);
		const again = await open(phones[0], docOf(phones[0]));
		expect(again.text(pointKey(0, 'what'))).toContain(SECRET);
		expect(again.text('leader')).toBe('Min direktør');
		expect((await download('pdf', tokens[0])).status).toBe(200);
		const kept = await app.context.store.keptResults(session.id);
		expect(JSON.stringify(kept ?? null)).not.toContain(SECRET);
	});

	it('is removed with the session by the retention sweep', async () => {
		const name = docOf(phones[0]);
		expect((await app.context.store.collab.load(name)).length).toBeGreaterThan(0);
		expect(await sweepExpired(app.context, Date.now() + 365 * DAY_MS)).toContain(session.id);
		expect(await app.context.store.collab.load(name)).toEqual([]);
		expect((await download('pdf', tokens[0])).status).toBe(404);
	});
});
