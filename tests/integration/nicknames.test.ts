import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { usePostgres } from '../helpers/postgres';
import { createSession, startTestApp, tempDataDir } from '../helpers/server';

const postgres = usePostgres();

/**
 * A name no keyboard types (a NUL, a tab, half a surrogate pair, as a crafted client sends):
 * the phone joins all the same, and both stores keep the name as the server answered it.
 */
describe.each(['sqlite', 'postgresql'] as const)('a phone joining with control characters or a lone surrogate in its name (%s)', (store) => {
	const data = tempDataDir();
	let app: RunningApp;
	const clients: TestClient[] = [];
	beforeAll(async () => {
		app = await startTestApp(data.dir, store === 'postgresql' ? { databaseUrl: await postgres.freshDatabase() } : {});
	});
	afterAll(async () => {
		for (const client of clients) client.close();
		await app?.close();
		data.remove();
	});

	it('joins, named with a space for each control character and U+FFFD for the lone surrogate', async () => {
		const session = await createSession(app.url);
		const host = await facilitator(app.url, session.id, session.facilitatorKey);
		clients.push(host);
		const named = ['Ada\u0000Lovelace', 'Bo\tB\ud800', ' \udc00Å\u007f ', '👩🏽‍💼 "x" \\'];
		for (const nickname of named) clients.push(await participant(app.url, session.code, undefined, nickname));
		await host.until((client) => client.members?.members.length === named.length);
		expect(host.members!.members.map((member) => member.nickname).sort()).toEqual(['Ada Lovelace', 'Bo B\ufffd', '\ufffdÅ', '👩🏽‍💼 "x" \\'].sort());
	});
});
