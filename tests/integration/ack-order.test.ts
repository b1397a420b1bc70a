/**
 * The sender hears first: a client's acknowledgement arrives before the broadcast its own
 * request caused, on the same connection (real socket.io clients, the real server).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { facilitator, participant, type TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

describe('acknowledge, then broadcast', () => {
	const data = tempDataDir();
	let app: RunningApp;
	let session: CreatedSession;
	let host: TestClient;
	let phone: TestClient;

	beforeAll(async () => {
		app = await startTestApp(data.dir);
		session = await createSession(app.url);
		host = await facilitator(app.url, session.id, session.facilitatorKey);
		phone = await participant(app.url, session.code, undefined, 'Ada');
	});

	afterAll(async () => {
		for (const client of [host, phone]) client?.close();
		await app?.close();
		data.remove();
	});

	/**
	 * What `client` hears, in order, from sending `event` until it has heard `broadcast`: the
	 * acknowledgement's callback runs as its packet is read, so the log is the wire's order.
	 */
	async function heardAfter(client: TestClient, event: string, payload: unknown, broadcast: string): Promise<string[]> {
		const socket = client.socket as unknown as import('socket.io-client').Socket;
		const log: string[] = [];
		const listener = (name: string) => log.push(name);
		socket.onAny(listener);
		try {
			await new Promise<void>((resolve, reject) => {
				const timer = setTimeout(() => reject(new Error(`no ${broadcast} after ${event}: heard ${log.join(', ')}`)), 5_000);
				const done = () => {
					if (!log.includes('ack') || !log.includes(broadcast)) return;
					clearTimeout(timer);
					resolve();
				};
				socket.onAny(done);
				socket.emit(event, payload, (response: unknown) => {
					expect(response).toEqual({ data: null });
					log.push('ack');
					done();
				});
			});
		} finally {
			socket.offAny();
		}
		return log;
	}

	const before = (log: string[], broadcast: string) => log.indexOf('ack') < log.indexOf(broadcast);

	it('a facilitator command: the ack, then session:changed', async () => {
		const log = await heardAfter(host, 'step:next', {}, 'session:changed');
		expect(before(log, 'session:changed'), log.join(', ')).toBe(true);
	});

	it('a change of content: the ack, then session:content and session:changed', async () => {
		const log = await heardAfter(host, 'title:set', { title: 'Ledere af ledere' }, 'session:content');
		expect(before(log, 'session:content'), log.join(', ')).toBe(true);
		expect(before(log, 'session:changed') || !log.includes('session:changed'), log.join(', ')).toBe(true);
	});

	it("a participant's table: the ack, then its own participant:self", async () => {
		expect(await host.emit('groups:setup', { count: 2, mode: 'choose' })).toEqual({ data: null });
		await phone.until((client) => client.session?.groups.mode === 'choose');
		const log = await heardAfter(phone, 'group:choose', { groupId: phone.session!.groups.list[0].id }, 'participant:self');
		expect(before(log, 'participant:self'), log.join(', ')).toBe(true);
	});
});
