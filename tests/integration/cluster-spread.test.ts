import { afterAll, describe, expect, it } from 'vitest';
import { newToken, TestClient } from '../helpers/clients';
import { startCluster, type Cluster } from '../helpers/cluster';
import { usePostgres } from '../helpers/postgres';
import { RoutedClient, RoutedPhone } from '../helpers/routed-clients';
import { createSession, type CreatedSession } from '../helpers/server';
import { waitFor } from '../helpers/yjs';

const SESSIONS = 40;
const postgres = usePostgres();

describe('many sessions on two processes', () => {
	let cluster: Cluster | undefined;
	afterAll(async () => {
		await cluster?.stop();
	});

	it('spreads 40 sessions over both; every client talks to its owner; exports, the API and DELETE work on either process', async () => {
		cluster = await startCluster(await postgres.freshDatabase());
		const sessions: CreatedSession[] = [];
		for (let i = 0; i < SESSIONS; i++) sessions.push(await createSession(cluster.url));
		expect(new Set(sessions.map((session) => session.code)).size).toBe(SESSIONS);

		const hosts = await Promise.all(
			sessions.map((session) => new RoutedClient(cluster!.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online())
		);
		// A phone knows only the code: a process that does not hold the session tells it the
		// session's id, to connect with at once; the one that holds it lets a WebSocket in.
		const owner = (await cluster.ownerOf(sessions[0].id))!;
		const unrouted = (app: { url: string }) => {
			const phone = new TestClient(app.url, { role: 'participant', code: sessions[0].code, token: newToken() });
			return phone.connected().then(
				() => (phone.close(), null),
				(error: Error & { data?: unknown }) => (phone.close(), error.data)
			);
		};
		for (const app of cluster.apps) {
			if (app === owner) expect(await unrouted(app)).toBeNull();
			else expect(await unrouted(app)).toMatchObject({ code: 'moved', retryAfterSeconds: 0, sessionId: sessions[0].id });
		}
		const phones = await Promise.all(sessions.map((session) => new RoutedPhone(cluster!.url, session.code).online()));
		// A command is answered only by the process that holds the session (any other refuses the handshake).
		for (const host of hosts) expect(await host.emit('step:next', {})).toEqual({ data: null });
		const owners = await Promise.all(sessions.map((session) => cluster!.ownerOf(session.id)));
		for (const app of cluster.apps) expect(owners.filter((owner) => owner === app).length).toBeGreaterThan(0);
		await waitFor(() => phones.every((phone) => phone.session?.stepIndex === 1), 'every phone hearing its owner');

		// Reads are answered by either process, from what is committed.
		for (const [index, session] of sessions.entries()) {
			const auth = { authorization: `Bearer ${session.facilitatorKey}` };
			for (const app of cluster.apps) {
				const json = await fetch(`${app.url}/api/sessions/${session.id}`, { headers: auth });
				expect(json.status).toBe(200);
				expect(((await json.json()) as { step: { index: number } }).step.index).toBe(1);
				if (index % 8 === 0) {
					const pdf = await fetch(`${app.url}/api/sessions/${session.id}/export?format=pdf`, { headers: auth });
					expect(pdf.status).toBe(200);
					expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
				}
			}
		}

		// DELETE on the process that does not hold it: the owner closes the room, everyone hears it.
		for (const [index, session] of sessions.entries()) {
			if (index % 4 !== 0) continue;
			const elsewhere = cluster.apps.find((app) => app !== owners[index])!;
			const deleted = new Promise<void>((resolve) => hosts[index].socket.once('session:deleted', () => resolve()));
			const response = await fetch(`${elsewhere.url}/api/sessions/${session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.facilitatorKey}` } });
			expect(response.status).toBe(204);
			await deleted;
			for (const app of cluster.apps) {
				const gone = await fetch(`${app.url}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } });
				expect(gone.status).toBe(404);
			}
			expect((await cluster.db.query('SELECT 1 FROM leases WHERE session_id = $1', [session.id])).rowCount).toBe(0);
		}
		for (const client of [...hosts, ...phones]) client.close();
	}, 120_000);
});
