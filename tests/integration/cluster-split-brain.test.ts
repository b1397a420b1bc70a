import { afterAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/keys';
import { introTool } from '../../src/lib/template/intro-tool';
import { startCluster, type Cluster } from '../helpers/cluster';
import { usePostgres } from '../helpers/postgres';
import { RoutedClient, RoutedPhone } from '../helpers/routed-clients';
import { createSession } from '../helpers/server';
import { waitFor } from '../helpers/yjs';

const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);

const postgres = usePostgres();

describe('a process paused while another took its session', () => {
	let cluster: Cluster | undefined;
	afterAll(async () => {
		await cluster?.stop();
	});

	it('commits nothing after it wakes, and its clients end up on the process that holds the session', async () => {
		cluster = await startCluster(await postgres.freshDatabase());
		const session = await createSession(cluster.url);
		const host = await new RoutedClient(cluster.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online();
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
		const phones = Array.from({ length: 10 }, () => new RoutedPhone(cluster!.url, session.code));
		const silent = new RoutedPhone(cluster.url, session.code);
		await Promise.all([...phones, silent].map((phone) => phone.online()));
		const paused = (await cluster.ownerOf(session.id))!;
		const other = cluster.apps.find((app) => app !== paused)!;

		paused.pause();
		// Sent to the frozen process: they wait in its socket buffers.
		for (const phone of phones) phone.rate(leaderItems[0], 4);
		silent.rate(leaderItems[1], 3);
		await new Promise((resolve) => setTimeout(resolve, 200));
		// This one will not be sent again by anyone: only the frozen process could store it.
		silent.close();

		// The proxy sends the session to the other process now (here: a console that reaches it
		// directly); once the frozen lease expires, that process takes the session.
		const steering = await new RoutedClient(other.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online(15_000);
		expect(await cluster.ownerOf(session.id)).toBe(other);
		expect(await steering.emit('timer:add', { minutes: 1 })).toEqual({ data: null });
		const { rows: before } = await cluster.db.query<{ version: string }>('SELECT version FROM sessions WHERE id = $1', [session.id]);
		// Gone again before the frozen one wakes: the proxy's route is the only route from here on.
		steering.close();

		paused.resume();
		// It finds out (a refused write, its renewal) and sends its clients away.
		await waitFor(() => /write refused: another process holds the session|lease lost/.test(paused.output), 'the woken process to notice', 10_000);
		await waitFor(() => [host, ...phones].every((client) => client.socket.connected && client.connects >= 2), 'its clients back', 15_000);

		// Nothing the woken process was sent while frozen was committed by it.
		const silentRating = await cluster.db.query(
			'SELECT 1 FROM ratings r JOIN participants p ON p.id = r.participant_id WHERE r.session_id = $1 AND p.token_hash = $2',
			[session.id, hashSecret(silent.token)]
		);
		expect(silentRating.rowCount).toBe(0);
		const { rows: after } = await cluster.db.query<{ version: string; state: string }>('SELECT version, state FROM sessions WHERE id = $1', [session.id]);
		expect(Number(after[0].version)).toBeGreaterThanOrEqual(Number(before[0].version));
		expect(JSON.parse(after[0].state).timer.addedMs).toBe(60_000);

		// The phones' ratings reach whichever process holds the session now, and are stored there.
		await waitFor(() => phones.every((phone) => phone.waiting === 0), 'the ratings acknowledged', 15_000).catch(async (error) => {
			console.log(JSON.stringify(phones.map((phone) => [phone.waiting, phone.socket.connected, phone.connects, phone.self?.ratings, phone.replies])), await cluster!.ownerOf(session.id).then((app) => app?.name), paused.name);
			console.log(paused.output.slice(-3000), other.output.slice(-3000));
			throw error;
		});
		const owner = await cluster.ownerOf(session.id);
		expect(owner).toBeDefined();
		const { rows } = await cluster.db.query<{ n: string }>('SELECT count(*) AS n FROM ratings WHERE session_id = $1 AND item_id = $2 AND value = 4', [
			session.id,
			leaderItems[0]
		]);
		expect(Number(rows[0].n)).toBe(phones.length);
		for (const client of [host, ...phones]) client.close();
	}, 90_000);
});
