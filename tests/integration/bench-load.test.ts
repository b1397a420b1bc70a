/**
 * The bench's light load generator (bench/load/) speaks the real server's protocol: its raw
 * WebSocket phones join, are refused and try again as a phone does, and every rating they send
 * is acknowledged and counted, so a benchmark built on it cannot silently measure nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../server/app';
import { LoadGenerator, resolveOnScreen } from '../../bench/load/generator';
import { ScreenTracker } from '../../bench/screen-tracker';
import { Screen } from '../../bench/clients';
import { Latencies } from '../../bench/stats';
import type { ContentView } from '../../src/lib/protocol';
import { facilitator } from '../helpers/clients';
import { usePostgres } from '../helpers/postgres';
import { createSession, startTestApp, tempDataDir } from '../helpers/server';

const PHONES = 20;
const data = tempDataDir();
let app: RunningApp;
let generator: LoadGenerator;
const postgres = usePostgres();

beforeAll(async () => {
	// A small handshake budget, so that some of the 20 phones are refused and must try again.
	app = await startTestApp(data.dir, { rates: { handshakes: { burst: 12, perSecond: 10 } } });
	generator = LoadGenerator.start(2);
});

afterAll(async () => {
	generator?.stop();
	await app?.close();
	data.remove();
});

async function leaderRoom(url = app.url) {
	const session = await createSession(url);
	const host = await facilitator(url, session.id, session.facilitatorKey);
	await host.until((c) => c.content !== null);
	const content = host.content as ContentView;
	const index = content.steps.findIndex((step) => step.kind === 'rating' && step.model === 'leader');
	expect(await host.emit('step:goto', { index })).toEqual({ data: null });
	const items = content.items.filter((item) => item.model === 'leader').map((item) => item.id);
	return { session, host, items };
}

describe('bench load generator', () => {
	it('joins every phone (refused handshakes tried again), and every rating is acknowledged, counted and seen on the screen', async () => {
		const { session, host, items } = await leaderRoom();
		const screen = new Screen(app.url, session.id);
		const tracker = new ScreenTracker(screen, new Latencies());
		await new Promise<void>((resolve) => screen.socket.once('connect', () => resolve()));

		const join = await generator.join(app.url, session.code, PHONES, 200);
		expect(join.joined).toBe(PHONES);
		expect(join.failed).toBe(0);
		// 12 in the burst (less the screen's), the rest refused rate_limited and let in after ≥ 1 s.
		expect(join.retries).toBeGreaterThan(0);
		expect(join.summary.count).toBe(PHONES);
		expect(join.summary.allJoinedMs).not.toBeNull();

		const outcome = await generator.rate(items, 1_500, { intervalMs: 300 });
		expect(outcome.counts.sent).toBeGreaterThan(PHONES);
		expect(outcome.counts.acknowledged).toBe(outcome.counts.sent);
		expect(outcome.counts.lost + outcome.counts.cut).toBe(0);
		expect(outcome.counts.refused).toEqual({});
		expect(outcome.ack.count).toBe(outcome.counts.sent);
		expect(outcome.firsts.length).toBeGreaterThan(0);

		// Every phone's first ratings reach the screen's counts.
		const rated = new Map<string, number>();
		for (const first of outcome.firsts) rated.set(items[first.itemIndex], (rated.get(items[first.itemIndex]) ?? 0) + 1);
		await new Promise((resolve) => setTimeout(resolve, 500));
		resolveOnScreen(tracker, items, outcome.firsts);
		expect(tracker.latencies.count).toBeGreaterThan(0);

		const offered = await generator.rate(items, 1_000, { perSecond: 100 });
		expect(offered.counts.sent).toBeGreaterThanOrEqual(90);
		expect(offered.counts.acknowledged).toBe(offered.counts.sent);
		expect(offered.achievedPerSecond).toBeGreaterThan(0);

		await generator.close();
		screen.close();
		host.close();
	});

	it('reports a final refusal as a failed join, not a retry', async () => {
		const join = await generator.join(app.url, 'ZZZZZZ', 2);
		expect(join.joined).toBe(0);
		expect(join.failed).toBe(2);
		expect(join.failures).toEqual({ not_found: 2 });
		expect(join.summary.allJoinedMs).toBeNull();
	});

	it('on PostgreSQL, follows the `moved` refusal with the session in the query, as a phone does; a WebSocket reaching the session’s own process is let in at once', async () => {
		const pgData = tempDataDir();
		const pgApp = await startTestApp(pgData.dir, { databaseUrl: await postgres.freshDatabase() });
		try {
			// The session's room is in no process yet: the first phones are told its id, and follow it.
			const created = await createSession(pgApp.url);
			const early = await generator.join(pgApp.url, created.code, 4);
			expect(early.failures).toEqual({});
			expect(early.joined).toBe(4);
			expect(early.moved).toBeGreaterThanOrEqual(1);
			const host = await facilitator(pgApp.url, created.id, created.facilitatorKey);
			await host.until((c) => c.content !== null);
			const content = host.content as ContentView;
			expect(await host.emit('step:goto', { index: content.steps.findIndex((step) => step.kind === 'rating' && step.model === 'leader') })).toEqual({ data: null });
			const items = content.items.filter((item) => item.model === 'leader').map((item) => item.id);
			// Now this process holds it: nothing to route.
			const late = await generator.join(pgApp.url, created.code, 4);
			expect(late.failures).toEqual({});
			expect(late.joined).toBe(4);
			expect(late.moved).toBe(0);
			const outcome = await generator.rate(items, 600, { intervalMs: 200 });
			expect(outcome.counts.sent).toBeGreaterThan(0);
			expect(outcome.counts.acknowledged).toBe(outcome.counts.sent);
			await generator.close();
			host.close();
		} finally {
			await pgApp.close();
			pgData.remove();
		}
	});
});
