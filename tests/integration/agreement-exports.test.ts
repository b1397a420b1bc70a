import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { pointParts, readAgreement } from '../../src/lib/agreement';
import { ReportSchema } from '../../src/lib/server/report';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { sweepExpired } from '../../server/sessions';
import { facilitator, newToken, participant, TestClient } from '../helpers/clients';
import { docxDocument, parseCsv, pdfText } from '../helpers/documents';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';
import { ticketed } from '../helpers/yjs';

const stepIndex = (id: string) => introTool.steps.findIndex((step) => step.id === id);
const leaderItems = introTool.items.filter((item) => item.model === 'leader');
/** Vægten's rows: the introduction's list of tools to mark is not a balance. */
const vaegtenItems = introTool.items.filter((item) => item.model === 'general' || item.model === 'leader');

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
	const started = Date.now();
	while (!check()) {
		if (Date.now() - started > timeoutMs) throw new Error('Timed out');
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
}

describe('from the room to the draft agreement and every export', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let phones: TestClient[] = [];
	// Six phones: results are published in batches of three (src/lib/session/publication.ts), so all of them show.
	const tokens = Array.from({ length: 6 }, () => newToken());
	const providers: WebsocketProvider[] = [];
	/** A sheet as the pages open it: a ticket from `client` for each connection. */
	const open = (docName: string, client: TestClient) => {
		const doc = new Y.Doc();
		const provider = new WebsocketProvider(`ws://127.0.0.1:${app.port}/collab`, docName, doc, ticketed(client, docName));
		providers.push(provider);
		return { doc, provider };
	};
	const get = (format: string, key: string | null = session.facilitatorKey, lang?: 'da' | 'en') =>
		fetch(`${app.url}/api/sessions/${session.id}/export?format=${format}${lang ? `&lang=${lang}` : ''}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });
	const rowsOf = (id: string) => {
		const db = new Database(join(data.dir, 'vaegten.db'), { readonly: true });
		try {
			const count = (sql: string) => (db.prepare(sql).get(id) as { n: number }).n;
			return {
				sessions: count('SELECT COUNT(*) AS n FROM sessions WHERE id = ?'),
				participants: count('SELECT COUNT(*) AS n FROM participants WHERE session_id = ?'),
				ratings: count('SELECT COUNT(*) AS n FROM ratings WHERE session_id = ?'),
				dots: count('SELECT COUNT(*) AS n FROM dots WHERE session_id = ?'),
				documents: (db.prepare("SELECT COUNT(*) AS n FROM collab_updates WHERE substr(doc, 1, length(?) + 1) = ? || '/'").get(id, id) as { n: number }).n
			};
		} finally {
			db.close();
		}
	};

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		phones = await Promise.all(tokens.map((token) => participant(app.url, session.code, token)));

		// Ratings on the leader model: loads heavy, resources weak.
		expect(await host.emit('step:goto', { index: stepIndex('leader-model') })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.stepIndex === stepIndex('leader-model'))));
		for (const [p, phone] of phones.entries()) {
			for (const item of leaderItems) {
				const value = item.kind === 'load' ? 4 - (p % 2) : p % 2;
				expect(await phone.emit('rating:set', { itemId: item.id, value })).toMatchObject({ data: { value } });
			}
		}

		// "Vis fordeling": the exports carry the spread, as the screen shows it.
		expect(await host.emit('vote:reveal', { stepId: 'leader-model', revealed: true })).toEqual({ data: null });

		// Two groups; one writes an answer.
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		await phones[0].until((c) => c.self?.groupId != null);
		const sheet = open(`${session.id}/${phones[0].self!.groupId}`, phones[0]);
		await until(() => sheet.provider.synced);
		sheet.doc.getText('theme-safety.0').insert(0, 'Sjældent. Vi øver os på at dele tvivl.');

		// The dot vote, closed: the agreement fills itself in from the two top points.
		expect(await host.emit('step:goto', { index: stepIndex('priorities') })).toEqual({ data: null });
		for (const text of ['Faste sparringsmøder i ledergruppen', 'Tydelige prioriteringer fra topledelsen', 'Godt samarbejde 👍 – æøå ÆØÅ']) {
			expect(await host.emit('candidate:add', { text, source: { kind: 'own' } })).toEqual({ data: null });
		}
		expect(await host.emit('dots:open', { dots: 3 })).toEqual({ data: null });
		await Promise.all(phones.map((phone) => phone.until((c) => c.session?.priorities.status === 'open')));
		const spend = [{ c1: 2, c2: 1 }, { c1: 1, c2: 2 }, { c1: 3 }, { c2: 1, c3: 2 }, {}, {}];
		for (const [p, phone] of phones.entries()) expect(await phone.emit('dots:set', { allocation: spend[p] })).toMatchObject({ data: {} });
		expect(await host.emit('dots:close', {})).toEqual({ data: null });
	});

	afterAll(async () => {
		for (const provider of providers) provider.destroy();
		for (const client of [host, ...phones]) client?.close();
		await app?.close();
		data.remove();
	});

	it('fills in the draft agreement with the two top points and a follow-up in three months, and the facilitator edits it live', async () => {
		const agreement = open(`${session.id}/agreement`, host);
		await until(() => agreement.provider.synced && readAgreement(agreement.doc).points.length === 2);
		const draft = readAgreement(agreement.doc);
		expect(draft.points.map((point) => point.what)).toEqual(['Faste sparringsmøder i ledergruppen', 'Tydelige prioriteringer fra topledelsen']);
		expect(draft.points[0].followUp).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		expect(new Date(draft.points[0].followUp).getTime() - Date.now()).toBeGreaterThan(85 * 86_400_000);

		const coFacilitator = open(`${session.id}/agreement`, host);
		await until(() => coFacilitator.provider.synced);
		pointParts(agreement.doc, 0).firstStep.insert(0, 'Sæt første møde i kalenderen før jul');
		pointParts(coFacilitator.doc, 0).who.push(['Ledere af ledere']);
		// Ticked under its English name (the session was in English then, or a draft of an older version).
		pointParts(coFacilitator.doc, 1).who.push(['Top management', 'Topledelsen']);
		await until(() => {
			const [a, b] = [readAgreement(agreement.doc), readAgreement(coFacilitator.doc)];
			return JSON.stringify(a) === JSON.stringify(b) && a.points[0].who.length === 1 && a.points[1].who.length === 2 && a.points[0].firstStep !== '';
		});
		expect(await fetch(`${app.url}/api/sessions/${session.id}/agreement`, { method: 'POST', headers: { authorization: `Bearer ${session.facilitatorKey}` } }).then((r) => r.json())).toEqual({ created: false });
		// Committed before the exports read it back from another connection.
		await new Promise((resolve) => setTimeout(resolve, 700));
	});

	it('keeps the agreement from participants', async () => {
		expect(await phones[0].emit('collab:ticket', { doc: 'agreement' })).toMatchObject({ error: { code: 'forbidden' } });
	});

	it('exports a PDF with the drawing, the agreement and the appendix, in Danish typography', async () => {
		const response = await get('pdf');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/pdf');
		expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="vaegten-saet-spot-paa-lederes-trivsel-\d{4}-\d{2}-\d{2}\.pdf"/);
		const pdf = new Uint8Array(await response.arrayBuffer());
		const { text, pages } = await pdfText(pdf);
		expect(text).toContain('Udkast til gruppeaftale');
		expect(text).toContain('Faste sparringsmøder i ledergruppen');
		expect(text).toContain('Tydelige prioriteringer fra topledelsen');
		expect(text).toContain('Sæt første møde i kalenderen før jul');
		expect(text).toContain('Sjældent. Vi øver os på at dele tvivl.');
		// Typed with an emoji: printed, in the embedded emoji font, and read back by a PDF reader.
		expect(text).toContain('Godt samarbejde 👍 – æøå ÆØÅ');
		expect(pages[0].width).toBeCloseTo(595.28, 0);
		expect(pages[0].height).toBeCloseTo(841.89, 0);
	});

	it('exports a Word document the consultant can edit', async () => {
		const response = await get('docx');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-disposition')).toMatch(/\.docx"$/);
		const docx = new Uint8Array(await response.arrayBuffer());
		const { xml, text } = docxDocument(docx);
		// Each model's scale drawing: an SVG and its PNG fallback in word/media, both placed in the text.
		const media = Object.keys(unzipSync(docx)).filter((path) => path.startsWith('word/media/')).sort();
		expect(media).toEqual(['word/media/image1.png', 'word/media/image1.svg', 'word/media/image2.png', 'word/media/image2.svg']);
		expect(xml.match(/<asvg:svgBlip [^>]*r:embed="rId\d+"/g)).toHaveLength(2);
		expect(text).toContain('Faste sparringsmøder i ledergruppen');
		expect(text).toContain('Tydelige prioriteringer fra topledelsen');
		expect(text).toContain('Krydspres');
		expect(xml).toContain('<w:tbl>');
	});

	it('exports Markdown of the same', async () => {
		const response = await get('md');
		expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
		const md = await response.text();
		expect(md).toMatch(/^# Udkast til gruppeaftale/);
		expect(md).toContain('Faste sparringsmøder i ledergruppen');
		expect(md).toContain('| Krydspres | Belastning | 6 |');
		expect(md).toContain('> Sjældent. Vi øver os på at dele tvivl.');
	});

	it('exports CSV for Danish Excel: a byte order mark, one row per item with count, average and spread, one per point with its dots, nobody’s own rating', async () => {
		const response = await get('csv');
		expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(/\.csv"$/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect(Array.from(bytes.subarray(0, 3))).toEqual([0xef, 0xbb, 0xbf]);
		const csv = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
		const [header, ...rows] = parseCsv(csv, ';').filter((row) => row.length > 1);
		expect(header).toEqual(['type', 'model', 'id', 'side', 'label', 'count', 'mean', 'sd', 'dots', 'then', 'change', 'count_then', 'marked', 'rated_0', 'rated_1', 'rated_2', 'rated_3', 'rated_4']);
		const items = rows.filter((row) => row[0] === 'item');
		expect(items).toHaveLength(vaegtenItems.length);
		const krydspres = items.find((row) => row[2] === 'leader-krydspres')!;
		expect(krydspres.slice(5, 8)).toEqual(['6', '3,50', '0,50']);
		const points = rows.filter((row) => row[0] === 'point').map((row) => [row[4], row[8]]);
		expect(points).toEqual([
			['Faste sparringsmøder i ledergruppen', '6'],
			['Tydelige prioriteringer fra topledelsen', '4'],
			['Godt samarbejde 👍 – æøå ÆØÅ', '2']
		]);
		expect(csv).not.toMatch(/participant|token/i);
	});

	it('exports CSV in the international form in English: "," between fields and a decimal point', async () => {
		const csv = await (await get('csv', session.facilitatorKey, 'en')).text();
		const rows = parseCsv(csv.replace(/^\ufeff/, ''));
		expect(rows[0]).toEqual(['type', 'model', 'id', 'side', 'label', 'count', 'mean', 'sd', 'dots', 'then', 'change', 'count_then', 'marked', 'rated_0', 'rated_1', 'rated_2', 'rated_3', 'rated_4']);
		expect(rows.find((row) => row[2] === 'leader-krydspres')?.slice(5, 8)).toEqual(['6', '3.50', '0.50']);
		expect(rows.find((row) => row[0] === 'point')?.[8]).toBe('6');
	});

	it('exports an Excel workbook: Vægten, the ranking and the groups’ answers on three sheets, numbers as numbers', async () => {
		const response = await get('xlsx');
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="vaegten-saet-spot-paa-lederes-trivsel-\d{4}-\d{2}-\d{2}\.xlsx"/);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await response.arrayBuffer());
		// The introduction's dots on the three tools (step 3) are a list marked, with its own sheet.
		expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Vægten', 'Lister med kryds', 'Prioritering', 'Gruppernes svar', 'Udkast til gruppeaftale']);

		const vaegten = workbook.getWorksheet('Vægten')!;
		expect(vaegten.getRow(1).getCell(3).value).toBe('Punkt');
		expect(vaegten.rowCount).toBe(1 + vaegtenItems.length);
		let krydspres: ExcelJS.Row | undefined;
		vaegten.eachRow((row) => {
			if (row.getCell(3).value === 'Krydspres') krydspres = row;
		});
		expect([4, 5, 6].map((column) => krydspres!.getCell(column).type)).toEqual([ExcelJS.ValueType.Number, ExcelJS.ValueType.Number, ExcelJS.ValueType.Number]);
		expect([4, 5, 6, 7, 8, 9, 10, 11].map((column) => krydspres!.getCell(column).value)).toEqual([3.5, 6, 0.5, 0, 0, 0, 3, 3]);

		const ranking = workbook.getWorksheet('Prioritering')!;
		expect([2, 3, 4].map((row) => ranking.getRow(row).values)).toEqual([
			[undefined, 1, 'Faste sparringsmøder i ledergruppen', 6],
			[undefined, 2, 'Tydelige prioriteringer fra topledelsen', 4],
			[undefined, 3, 'Godt samarbejde 👍 – æøå ÆØÅ', 2]
		]);
		const answers = workbook.getWorksheet('Gruppernes svar')!;
		expect(answers.rowCount).toBe(2);
		expect(answers.getRow(2).getCell(4).value).toBe('Sjældent. Vi øver os på at dele tvivl.');

		const english = new ExcelJS.Workbook();
		await english.xlsx.load(await (await get('xlsx', session.facilitatorKey, 'en')).arrayBuffer());
		expect(english.worksheets.map((sheet) => sheet.name)).toEqual(['Vægten', 'Marked lists', 'Priorities', 'Groups’ answers', 'Draft group agreement']);
		expect(english.getWorksheet('Vægten')!.getRow(1).getCell(4).value).toBe('Average');
	});

	it('exports JSON that validates against its schema', async () => {
		const response = await get('json');
		const report = await response.json();
		const parsed = v.safeParse(ReportSchema, report);
		expect(parsed.success).toBe(true);
		expect(report.schemaVersion).toBe(3);
		expect(report.agreement.points[0].who).toEqual(['Ledere af ledere']);
		// A role once, in the export's language, whichever name it was ticked under.
		expect(report.agreement.points[1].who).toEqual(['Topledelsen']);
		const english = await (await get('json', session.facilitatorKey, 'en')).json();
		expect(english.agreement.points.map((point: { who: string[] }) => point.who)).toEqual([['Leaders of leaders'], ['Top management']]);
		expect(report.groups.flatMap((group: { answers: unknown[] }) => group.answers)).toHaveLength(1);
	});

	it('writes English when asked', async () => {
		const md = await (await fetch(`${app.url}/api/sessions/${session.id}/export?format=md&lang=en`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } })).text();
		expect(md).toMatch(/^# Draft group agreement/);
	});

	it('refuses exports without the key, with a wrong key, and of an unknown format, with no data', async () => {
		const missing = await get('pdf', null);
		expect(missing.status).toBe(401);
		expect(await missing.json()).toMatchObject({ error: { code: 'forbidden' } });
		expect((await get('json', 'wrong')).status).toBe(403);
		const bad = await get('exe');
		expect(bad.status).toBe(400);
		expect(await bad.text()).not.toContain('Faste');
	});

	it('deletes the session and everything in it, after which nothing is left', async () => {
		expect(rowsOf(session.id)).toMatchObject({ sessions: 1, participants: 6 });
		expect(rowsOf(session.id).ratings).toBeGreaterThan(0);
		const url = `${app.url}/api/sessions/${session.id}`;
		expect((await fetch(url, { method: 'DELETE' })).status).toBe(401);
		expect((await fetch(url, { method: 'DELETE', headers: { authorization: 'Bearer wrong' } })).status).toBe(403);
		expect(rowsOf(session.id).sessions).toBe(1);

		const disconnected = new Promise<void>((resolve) => phones[1].socket.once('disconnect', () => resolve()));
		expect((await fetch(url, { method: 'DELETE', headers: { authorization: `Bearer ${session.facilitatorKey}` } })).status).toBe(204);
		await disconnected;
		expect(rowsOf(session.id)).toEqual({ sessions: 0, participants: 0, ratings: 0, dots: 0, documents: 0 });
		expect(app.context.collab?.loadedDocuments).toBe(0);
		expect((await get('json')).status).toBe(404);
		expect(await app.context.store.sessionById(session.id)).toBeUndefined();
	});

	it('expires sessions after the retention period, by a sweep that runs on its own', async () => {
		const old = await createSession(app.url);
		const fresh = await createSession(app.url);
		const db = new Database(join(data.dir, 'vaegten.db'));
		db.prepare('UPDATE sessions SET created_at = ? WHERE id = ?').run(Date.now() - 31 * 86_400_000, old.id);
		db.close();
		expect(await sweepExpired(app.context)).toEqual([old.id]);
		expect(rowsOf(old.id).sessions).toBe(0);
		expect(rowsOf(fresh.id).sessions).toBe(1);

		const again = await createSession(app.url);
		const db2 = new Database(join(data.dir, 'vaegten.db'));
		db2.prepare('UPDATE sessions SET created_at = ? WHERE id = ?').run(Date.now() - 40 * 86_400_000, again.id);
		db2.close();
		await app.close();
		app = await startTestApp(data.dir);
		await until(() => rowsOf(again.id).sessions === 0);
		expect(rowsOf(fresh.id).sessions).toBe(1);
	});
});
