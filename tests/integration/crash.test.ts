import { afterAll, describe, expect, it } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import { facilitator, newToken, participant } from '../helpers/clients';
import { createSession, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server';

const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');

describe('a crash', () => {
	const data = tempDataDir();
	let server: ServerProcess | undefined;

	afterAll(async () => {
		await server?.kill();
		data.remove();
	});

	it('loses no acknowledged rating when the server is killed with SIGKILL', async () => {
		server = await spawnServer(data.dir);
		const session = await createSession(server.url);
		expect(session.joinUrl).toBe(`http://phones.test/j/${session.code}`);
		const host = await facilitator(server.url, session.id, session.facilitatorKey);
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });

		const tokens = Array.from({ length: 10 }, () => newToken());
		const phones = await Promise.all(tokens.map((token) => participant(server!.url, session.code, token)));
		const acknowledged = new Map<string, number[]>();
		await Promise.all(
			phones.map(async (phone, p) => {
				for (const [i, itemId] of leaderItems.entries()) {
					const value = (p + i) % 5;
					const reply = await phone.emit('rating:set', { itemId, value });
					if ('data' in reply) acknowledged.set(itemId, [...(acknowledged.get(itemId) ?? []), value]);
				}
			})
		);
		await server.kill();
		for (const client of [host, ...phones]) client.close();

		server = await spawnServer(data.dir);
		const response = await fetch(`${server.url}/api/sessions/${session.id}`, { headers: { authorization: `Bearer ${session.facilitatorKey}` } });
		const body = (await response.json()) as { participants: number; step: { index: number }; items: Array<{ id: string; count: number; histogram: number[] | null }> };
		expect(body.participants).toBe(10);
		expect(body.step.index).toBe(leaderStep);
		for (const itemId of leaderItems) {
			const values = acknowledged.get(itemId) ?? [];
			const item = body.items.find((candidate) => candidate.id === itemId)!;
			expect(item.count).toBe(values.length);
			expect(item.histogram).toEqual([0, 1, 2, 3, 4].map((v) => values.filter((x) => x === v).length));
		}
	});
});
