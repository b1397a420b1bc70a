import { afterAll, describe, expect, it } from 'vitest';
import { newToken, TestClient } from '../helpers/clients';
import { createSession, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server';

interface LogLine {
	level: number;
	time: number;
	msg: string;
	[field: string]: unknown;
}

/** The two lines for the person who started the server, printed whatever LOG_LEVEL says. */
const HUMAN = [/^Vægten Live is running on http:\/\/127\.0\.0\.1:\d+$/, /^Phones join at http:\/\/phones\.test; data in /];

/** SIGTERM, and what the server printed until it exited. */
async function stop(server: ServerProcess): Promise<{ stdout: string; stderr: string }> {
	const exited = new Promise((resolve) => server.child.once('exit', resolve));
	server.child.kill('SIGTERM');
	await exited;
	return server.output();
}

/** Every line of standard output, read: the two human lines must be the only ones that are not JSON. */
function read(stdout: string): { logs: LogLine[]; human: string[] } {
	const lines = stdout.split('\n').filter(Boolean);
	const human = lines.filter((line) => HUMAN.some((pattern) => pattern.test(line)));
	const logs = lines.filter((line) => !human.includes(line)).map((line) => JSON.parse(line) as LogLine);
	return { logs, human };
}

async function refusedHandshake(client: TestClient): Promise<string | undefined> {
	try {
		await client.connected();
		return undefined;
	} catch (error) {
		return (error as { data?: { code?: string } }).data?.code;
	} finally {
		client.close();
	}
}

describe('the server log', () => {
	const data = tempDataDir();
	afterAll(() => data.remove());

	it('says in JSON lines what happened (start, sessions, refusals, the sweep), and no key, token, code or nickname', async () => {
		const server = await spawnServer(data.dir, 0, { LOG_LEVEL: 'info' });
		const session = await createSession(server.url);
		const token = newToken();
		const phone = await new TestClient(server.url, { role: 'participant', code: session.code, token, nickname: 'Hemmelige Ida' }).connected();
		phone.close();
		expect(await refusedHandshake(new TestClient(server.url, { role: 'participant', code: 'ZZZZZZ', token, nickname: '' }))).toBe('not_found');
		expect(await refusedHandshake(new TestClient(server.url, { role: 'facilitator', sessionId: session.id, key: 'wrong-key' }))).toBe('forbidden');
		const deleted = await fetch(`${server.url}/api/sessions/${session.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		expect(deleted.status).toBe(204);
		const { stdout, stderr } = await stop(server);

		expect(stderr).toBe('');
		const { logs, human } = read(stdout);
		expect(human).toHaveLength(2);
		for (const line of logs) {
			expect(typeof line.level).toBe('number');
			expect(typeof line.time).toBe('number');
			expect(typeof line.msg).toBe('string');
		}
		// Started: the JSON line, then the human lines, in that order.
		const lines = stdout.split('\n');
		const startedAt = lines.findIndex((line) => line.includes('"msg":"started"'));
		expect(HUMAN[0].test(lines[startedAt + 1]), lines[startedAt + 1]).toBe(true);
		expect(HUMAN[1].test(lines[startedAt + 2]), lines[startedAt + 2]).toBe(true);
		const event = (msg: string) => logs.filter((line) => line.msg === msg);
		expect(event('started')[0]).toMatchObject({ level: 30, publicUrl: 'http://phones.test', dataDir: data.dir });
		expect(event('retention sweep')[0]).toMatchObject({ deleted: 0 });
		expect(event('session created')).toEqual([expect.objectContaining({ sessionId: session.id })]);
		expect(event('session deleted')).toEqual([expect.objectContaining({ sessionId: session.id })]);
		// Refusals: counted, and said once, together (here when the server stops).
		expect(event('connections refused')).toEqual([expect.objectContaining({ refused: { socket: { not_found: 1, forbidden: 1 } } })]);

		for (const secret of [session.facilitatorKey, token, session.code, 'Hemmelige Ida', 'wrong-key']) expect(stdout).not.toContain(secret);
	});

	it('says only warnings and errors with LOG_LEVEL=warn, and still where to go', async () => {
		const server = await spawnServer(data.dir, 0, { LOG_LEVEL: 'warn' });
		await createSession(server.url);
		expect(await refusedHandshake(new TestClient(server.url, { role: 'participant', code: 'ZZZZZZ', token: newToken(), nickname: '' }))).toBe('not_found');
		const { stdout, stderr } = await stop(server);
		expect(stderr).toBe('');
		const { logs, human } = read(stdout);
		expect(human).toHaveLength(2);
		expect(logs.filter((line) => line.level < 40)).toEqual([]);
	});
});
