/**
 * Hostile input, fuzzed with fast-check against the production entry (`server/main.ts`) in a
 * process of its own, one per surface (tests/integration/hostile-*.test.ts), so that a crash is
 * seen as an exit rather than taking the runner down.
 * What is fuzzed is read from the code: the socket events from src/lib/protocol.ts (checked
 * against what the server registers), the HTTP routes from src/routes.
 *
 * What every property holds, whatever a client sends:
 * - the process lives on;
 * - a refused call changes nothing: the session's API state and what the facilitator and a
 *   phone were last told are the same after each call as before it, and at the end as before
 *   the fuzzing (the fuzzer never sends what the contract lets through: that would be a call,
 *   not an attack), and a group's Yjs sheet is unchanged by a message the server refuses;
 * - the refusal is clear: a socket ack is `{ error: { code, message } }` with a known code
 *   (never `internal`), a handshake fails with `connect_error` carrying `data: { code, message }`,
 *   the HTTP API answers 4xx with a JSON `{ error: { code, message } }`, nothing answers 5xx,
 *   and the Yjs endpoint closes with 4400–4499 or 1009, or refuses the upgrade with a 4xx.
 *
 * Per-address rate limits would charge the fuzzer, not the checks: fuzzing handshakes and
 * requests come from fresh loopback addresses (127.1.x.y), events are spread over several
 * connections, and the checks run from 127.0.0.1. fast-check prints the seed and the shrunk
 * counterexample of a failing property; replay with FUZZ_SEED=<seed>, fuzz longer with
 * FUZZ_SCALE=10.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { facilitator, newToken, participant, screen, type TestClient } from '../clients';
import { createSession, spawnServer, tempDataDir, type CreatedSession } from '../server';
import { YClient } from '../yjs';
import { ask, expectClearError, Pool, send, watch, withoutClock, type Watched } from './calls';
import { clearCodes, leaderItems, leaderStep, type Role } from './contract';

/** The fuzzed room as the tests see it, filled in by `useHostileRoom`'s `beforeAll`. */
export interface HostileRoom {
	watched: Watched;
	url: string;
	port: number;
	session: CreatedSession;
	pools: Partial<Record<Role, Pool>>;
	/** The facilitator and a phone whose views must never change. */
	host: TestClient;
	phone: TestClient;
	phoneToken: string;
	/** The phone's group sheet, with text in it. */
	sheet: YClient;
}

/**
 * Starts the server for one surface's tests (call it inside the file's `describe`): a session on
 * the leader model's rating step, two groups placed automatically, one candidate, a phone with a
 * group sheet, connection pools per role; the snapshot to compare with; and the checks.
 */
export function useHostileRoom() {
	const room = {} as HostileRoom;
	const data = tempDataDir();
	let watched: Watched;
	let url: string;
	let port: number;
	let session: CreatedSession;
	const pools: Partial<Record<Role, Pool>> = {};
	let host: TestClient;
	let phone: TestClient;
	let phoneToken: string;
	let sheet: YClient;
	let before: Awaited<ReturnType<typeof stateNow>>;
	let fullBefore: Awaited<ReturnType<typeof freshView>>;
	const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
	/**
	 * A failing property shrinks for at most 15 s, then reports what it has. FUZZ_SCALE=10 runs
	 * every property ten times as long (and gives it the time).
	 */
	const scale = Number(process.env.FUZZ_SCALE ?? 1);
	const budget = (numRuns: number, ms = 15_000) => ({ numRuns: Math.ceil(numRuns * scale), seed, plugins: [fc.interruptAfterTimeLimit(ms * scale)] });

	/** The end of what the server logged, for a failure's message. */
	const serverLog = () => `server log:\n${watched.log.slice(-1_500)}`;

	function expectAlive(): void {
		if (!watched.exit) return;
		const last = watched.log.split('\n').filter((line) => !line.startsWith('collab: ')).slice(-40).join('\n');
		throw new Error(`The server exited (code ${watched.exit.code}, signal ${watched.exit.signal}); it last said:\n${last}`);
	}

	async function apiState(): Promise<unknown> {
		const call = { method: 'GET', path: `/api/sessions/${session.id}`, headers: { authorization: `Bearer ${session.facilitatorKey}` } };
		const answer = await send(port, call, '127.0.0.1');
		expect(answer.status, 'GET /api/sessions/ID with the key').toBe(200);
		return withoutClock(JSON.parse(answer.body));
	}

	/**
	 * The session as the API reports it and as the facilitator and a phone were last told it,
	 * once each of them has had an answer: whatever the server sent them before has arrived.
	 */
	async function stateNow() {
		expectAlive();
		await Promise.all([ask(host, 'step:goto', [{ index: 200 }]), ask(phone, 'rating:set', [{ itemId: 'no-such-item', value: 1 }])]);
		return {
			api: await apiState(),
			facilitator: { session: withoutClock(host.session), content: host.content, results: host.results, members: host.members },
			phone: { session: withoutClock(phone.session), self: phone.self }
		};
	}

	/** Everything a facilitator who connects now is told. */
	async function freshView() {
		const client = await facilitator(url, session.id, session.facilitatorKey);
		await client.until((c) => !!(c.content && c.session && c.results && c.members));
		client.close();
		return { session: withoutClock(client.session), content: client.content, results: client.results, members: client.members };
	}

	async function expectUnchanged(what: string): Promise<void> {
		expect(await stateNow(), `${what}: the session changed`).toEqual(before);
	}

	/**
	 * Runs one fuzzed call and checks that it, and nothing else, left the session as it was. A
	 * per-call snapshot keeps a change blamed on the call that made it while fast-check shrinks.
	 */
	async function changesNothing(what: string, call: () => Promise<void>): Promise<void> {
		const was = await stateNow();
		await call();
		expectAlive();
		expect(await stateNow(), `${what}: the session changed`).toEqual(was);
	}

	/** A call that goes through the room's queue and is refused: everything sent before it has been handled. */
	async function barrier(client: TestClient, role: Role): Promise<void> {
		const [event, payload] = role === 'participant' ? ['rating:set', { itemId: 'no-such-item', value: 1 }] : ['step:goto', { index: 200 }];
		for (let attempt = 0; attempt < 20; attempt++) {
			const answer = await ask(client, event, [payload]);
			if ((answer as { error?: { code?: string } })?.error?.code !== 'rate_limited') return void expectClearError(answer, clearCodes, 'the barrier');
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}

	beforeAll(async () => {
		// Limits scaled up: the fuzzer is one address sending thousands of refused calls, and a
		// refusal budget spent early would turn later properties into rate_limited answers.
		watched = watch(await spawnServer(data.dir, 0, { RATE_LIMIT_SCALE: '1000' }));
		url = watched.server.url;
		port = Number(new URL(url).port);
		session = await createSession(url);
		host = await facilitator(url, session.id, session.facilitatorKey);
		for (const [event, payload] of [
			['step:goto', { index: leaderStep }],
			['groups:setup', { count: 2, mode: 'auto' }],
			['candidate:add', { text: 'Fuzzed point', source: { kind: 'own' } }]
		] as const) {
			expect(await host.emit(event, payload), event).toEqual({ data: null });
		}
		phoneToken = newToken();
		phone = await participant(url, session.code, phoneToken, 'Observer');
		const tokens = [newToken(), newToken(), newToken()];
		pools.facilitator = await Pool.of(3, () => facilitator(url, session.id, session.facilitatorKey));
		pools.participant = await Pool.of(3, (i) => participant(url, session.code, tokens[i]));
		pools.screen = await Pool.of(2, () => screen(url, session.id));
		await host.until((c) => c.results?.participants === 4 && c.members?.members.length === 4);
		await phone.until((c) => !!c.self?.groupId && c.session !== null);

		sheet = new YClient(url.replace('http', 'ws'), `${session.id}/${phone.self!.groupId}`, phone);
		await sheet.synced();
		sheet.text.insert(0, 'What we already do: meet monthly.');
		await sheet.roundTrip();

		before = await stateNow();
		fullBefore = await freshView();
		Object.assign(room, { watched, url, port, session, pools, host, phone, phoneToken, sheet } satisfies HostileRoom);
	});

	afterAll(async () => {
		sheet?.destroy();
		for (const pool of Object.values(pools)) pool.close();
		host?.close();
		phone?.close();
		// kill() waits for an exit: a server that crashed has had its exit already.
		if (watched && !watched.exit) await watched.server.kill();
		data.remove();
	});

	/** The last test of every surface: the room still works and is as it was before the fuzzing. */
	function itServesANormalFlowAfterwards(): void {
		it('afterwards serves a normal flow, with the state it had before the fuzzing', async () => {
			expectAlive();
			await new Promise((resolve) => setTimeout(resolve, 200));
			await expectUnchanged('after the whole run');
			expect(await freshView()).toEqual(fullBefore);

			const newcomer = await participant(url, session.code, newToken(), 'Newcomer');
			try {
				await newcomer.until((c) => c.self !== null);
				expect(await newcomer.emit('rating:set', { itemId: leaderItems[0], value: 3 })).toEqual({ data: { itemId: leaderItems[0], value: 3 } });
				// One rating alone is never shown (results come in batches of three): the count of people is.
				await host.until((c) => c.results?.participants === 5);
			} finally {
				newcomer.close();
			}
			const reader = new YClient(url.replace('http', 'ws'), `${session.id}/${phone.self!.groupId}`, phone);
			try {
				await reader.synced();
				expect(reader.text.toString()).toBe(sheet.text.toString());
			} finally {
				reader.destroy();
			}
			expect(watched.exit).toBeNull();
			expect(watched.server.child.exitCode).toBeNull();
		});
	}

	return { room, budget, serverLog, expectAlive, stateNow, freshView, expectUnchanged, changesNothing, barrier, itServesANormalFlowAfterwards };
}
