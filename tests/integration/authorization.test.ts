/**
 * The authorisation matrix: every socket event, every HTTP route and the Yjs endpoint, for each
 * role (the facilitator's key, a phone's token, the read-only screen, a stranger, and people of
 * another session), is allowed or refused exactly as designed; a refused call changes nothing.
 * Also: keys are stored hashed and compared in constant time, a phone never hears another
 * phone's ratings, and no aggregate of fewer than MIN_GROUP_SIZE people leaves the server.
 */
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { serverRoundTrip, ticketed, ticketFor, upgradeStatus } from '../helpers/yjs';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { AGREEMENT_DOC } from '../../src/lib/agreement';
import { NOTES_DOC } from '../../src/lib/client/group-sheet-keys';
import { commandTypes, type AckResponse, type ClientToServerEvents, type Handshake } from '../../src/lib/protocol';
import { MIN_GROUP_SIZE } from '../../src/lib/session/aggregate';
import type { ErrorCode } from '../../src/lib/session/errors';
import { CLIENT_EVENTS } from '../../src/lib/session/commands';
import { EVENT_ROLES } from '../../src/lib/session/roles';
import { introTool } from '../../src/lib/template/intro-tool';
import type { RunningApp } from '../../server/app';
import { scaledRefusals } from '../../server/guard';
import { hashSecret, secretMatches } from '../../server/keys';
import { eventsHandledBy } from '../../server/realtime/handlers';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

const generalStep = introTool.steps.findIndex((step) => step.id === 'general-model');
const generalItems = introTool.items.filter((item) => item.model === 'general').map((item) => item.id);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
/** The same secret with one character changed, one longer, one shorter. */
const nearMisses = (secret: string) => ({
	'one character changed': secret.slice(0, 20) + (secret[20] === 'A' ? 'B' : 'A') + secret.slice(21),
	'one character longer': `${secret}A`,
	'one character shorter': secret.slice(0, -1)
});

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!check()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await sleep(10);
	}
}

/** Sends an event and returns the acknowledgement. A rate-limited call proves nothing either way. */
async function send(client: TestClient, event: string, payload: unknown): Promise<AckResponse<unknown>> {
	const ack = await client.emit(event, payload);
	if ('error' in ack && ack.error.code === 'rate_limited') throw new Error(`${event} was rate limited: pace the test`);
	return ack;
}

/** Every route the app serves, read from `src/routes`: `METHOD /path` for endpoints, `PAGE /path` for pages. */
function routesInSource(): string[] {
	const root = fileURLToPath(new URL('../../src/routes/', import.meta.url));
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			const route = `/${relative(root, dir).split('\\').join('/')}`.replace(/\/$/, '') || '/';
			if (name === '+server.ts') {
				for (const [, method] of readFileSync(path, 'utf8').matchAll(/export const (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) found.push(`${method} ${route}`);
			}
			if (name === '+page.svelte') found.push(`PAGE ${route}`);
		}
	};
	walk(root);
	return found.sort();
}

/** Every object nested anywhere in `value`, with the key it sits under. */
function* nested(value: unknown, key = ''): Generator<[string, unknown]> {
	yield [key, value];
	if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* nested(v, k);
}

type Actor = 'facilitator' | 'participant' | 'screen' | 'otherParticipant';
/** `ownSession`: accepted, but for the sender's own session (B), never session A. */
type Verdict = 'allowed' | 'forbidden' | 'ownSession';
interface EventRow {
	verdicts: Record<Actor, Verdict>;
	payload: () => unknown;
	/** Puts session A where the allowed role's call succeeds, so a refusal can only be the role's. */
	prepare?: () => Promise<void>;
	/** The allowed call changes no state (it answers with something, a ticket say): its answer is checked instead. */
	answers?: (ack: AckResponse<unknown>) => void;
}
const FACILITATOR_ONLY: Record<Actor, Verdict> = { facilitator: 'allowed', participant: 'forbidden', screen: 'forbidden', otherParticipant: 'forbidden' };
const PARTICIPANT_ONLY: Record<Actor, Verdict> = { facilitator: 'forbidden', participant: 'allowed', screen: 'forbidden', otherParticipant: 'ownSession' };

describe('authorisation', () => {
	const data = tempDataDir();
	let app: RunningApp;
	/** Session A, where the matrix runs; B, another session with its own people. */
	let a: CreatedSession;
	let b: CreatedSession;
	const tokens = Array.from({ length: 4 }, () => newToken());
	const otherToken = newToken();
	let host: TestClient;
	let projector: TestClient;
	let phones: TestClient[] = [];
	let otherHost: TestClient;
	let otherPhone: TestClient;
	const clients: TestClient[] = [];
	const providers: WebsocketProvider[] = [];
	/** Everything phone 1 hears, every event, from its first packet on. */
	const heard: Array<{ event: string; args: unknown[] }> = [];
	/** Phone 1's own acknowledged ratings and dots: the only individual data it may ever see. */
	const mine = { ratings: {} as Record<string, number>, allocation: {} as Record<string, number> };

	const keep = <T extends TestClient>(client: T) => (clients.push(client), client);
	const idOf = (nickname: string) => host.members!.members.find((member) => member.nickname === nickname)!.id;
	const actors = (): Record<Actor, TestClient> => ({ facilitator: host, participant: phones[0], screen: projector, otherParticipant: otherPhone });

	/**
	 * Session state as every part of the server holds it: the stored record, the room in memory
	 * (state, results, members, each phone's own view), the rows, the HTTP API's JSON (less the
	 * ticking `remainingMs`) and, for A, its Yjs documents.
	 */
	async function snapshot(session: CreatedSession, withDocs = session === a) {
		const { store, rooms, collab } = app.context;
		const room = await rooms.byId(session.id);
		const response = await fetch(`${app.url}/api/sessions/${session.id}`, { headers: bearer(session.facilitatorKey) });
		expect(response.status, 'the facilitator reads the session').toBe(200);
		const api = (await response.json()) as { timer: { remainingMs?: number } };
		delete api.timer.remainingMs;
		const people = await store.participants(session.id);
		const docs = withDocs
			? await Promise.all(['agreement', 'g1', 'g2'].map((doc) => collab!.use(`${session.id}/${doc}`, (d) => Buffer.from(Y.encodeStateVector(d)).toString('base64'))))
			: [];
		const byKey = <T>(rows: T[]) => rows.map((row) => JSON.stringify(row)).sort();
		return JSON.parse(
			JSON.stringify({
				record: await store.sessionById(session.id),
				state: room?.state,
				results: room?.resultsView(),
				members: room?.membersView(),
				selves: people.map((person) => room?.selfView(person.id)),
				people,
				ratings: byKey(await store.ratings(session.id)),
				dots: byKey(await store.dots(session.id)),
				api,
				docs
			})
		) as unknown;
	}

	/** A snapshot once the last accepted call's after-effects (broadcasts, the agreement's fill-in) have settled. */
	async function settled(session: CreatedSession) {
		let last = await snapshot(session);
		for (let i = 0; i < 20; i++) {
			await sleep(25);
			const next = await snapshot(session);
			if (JSON.stringify(next) === JSON.stringify(last)) return next;
			last = next;
		}
		throw new Error('The session never settled');
	}

	/**
	 * Every client → server event, in the order the matrix runs it. Each row's payload is valid
	 * for the allowed role at that moment, so the other roles' refusals can only be about who they are.
	 */
	const eventMatrix: { [K in keyof ClientToServerEvents]: EventRow } = {
		'timer:resume': { verdicts: FACILITATOR_ONLY, payload: () => ({}) },
		'timer:pause': { verdicts: FACILITATOR_ONLY, payload: () => ({}) },
		'timer:add': { verdicts: FACILITATOR_ONLY, payload: () => ({ minutes: 1 }) },
		'step:next': { verdicts: FACILITATOR_ONLY, payload: () => ({}) },
		'step:previous': { verdicts: FACILITATOR_ONLY, payload: () => ({}) },
		'step:goto': { verdicts: FACILITATOR_ONLY, payload: () => ({ index: generalStep }) },
		'vote:lock': { verdicts: FACILITATOR_ONLY, payload: () => ({ stepId: 'general-model', locked: true }) },
		'vote:reveal': { verdicts: FACILITATOR_ONLY, payload: () => ({ stepId: 'general-model', revealed: true }) },
		'item:add': { verdicts: FACILITATOR_ONLY, payload: () => ({ model: 'leader', kind: 'resource', label: 'Tid til refleksion' }) },
		'groups:setup': { verdicts: FACILITATOR_ONLY, payload: () => ({ count: 2, mode: 'choose' }) },
		'group:rename': { verdicts: FACILITATOR_ONLY, payload: () => ({ groupId: 'g1', name: 'Bord et' }) },
		'screen:show': { verdicts: FACILITATOR_ONLY, payload: () => ({ display: { kind: 'group', groupId: 'g1' } }) },
		'candidate:add': { verdicts: FACILITATOR_ONLY, payload: () => ({ text: 'Faste pauser på møderne', source: { kind: 'own' } }) },
		'candidate:remove': {
			verdicts: FACILITATOR_ONLY,
			payload: () => ({ candidateId: 'c3' }),
			prepare: async () => {
				for (const text of ['Mere sparring', 'Fjernes igen']) expect(await send(host, 'candidate:add', { text, source: { kind: 'own' } })).toEqual({ data: null });
			}
		},
		'dots:open': { verdicts: FACILITATOR_ONLY, payload: () => ({ dots: 3 }) },
		'dots:set': { verdicts: PARTICIPANT_ONLY, payload: () => ({ allocation: { c1: 2, c2: 1 } }) },
		'dots:close': { verdicts: FACILITATOR_ONLY, payload: () => ({}) },
		'agreement:redraft': { verdicts: FACILITATOR_ONLY, payload: () => ({}) },
		'group:choose': { verdicts: PARTICIPANT_ONLY, payload: () => ({ groupId: 'g1' }) },
		'participant:move': { verdicts: FACILITATOR_ONLY, payload: () => ({ participantId: idOf('Leder 2'), groupId: 'g2' }) },
		'title:set': { verdicts: FACILITATOR_ONLY, payload: () => ({ title: 'Ledere af ledere, marts' }) },
		'language:set': { verdicts: FACILITATOR_ONLY, payload: () => ({ locale: 'en' }) },
		'step:skip': { verdicts: FACILITATOR_ONLY, payload: () => ({ stepId: 'research', skipped: true }) },
		'step:move': { verdicts: FACILITATOR_ONLY, payload: () => ({ stepId: 'research', direction: 'up' }) },
		'duration:set': { verdicts: FACILITATOR_ONLY, payload: () => ({ stepId: 'research', minutes: 11 }) },
		'material:add': { verdicts: FACILITATOR_ONLY, payload: () => ({ material: 'warning-signs' }) },
		'session:end': { verdicts: FACILITATOR_ONLY, payload: () => ({ ended: true }) },
		// Which role gets a ticket to which document: "the Yjs endpoint" below.
		'collab:ticket': {
			verdicts: FACILITATOR_ONLY,
			payload: () => ({ doc: NOTES_DOC }),
			answers: (ack) => expect(ack).toEqual({ data: { ticket: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/) } })
		},
		// Makes another session, and answers its links: session A stays as it was.
		'followup:create': {
			verdicts: FACILITATOR_ONLY,
			payload: () => ({}),
			answers: (ack) => expect(ack).toEqual({ data: expect.objectContaining({ followUpOf: a.id, facilitatorKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }) })
		},
		// Makes another session (a tool for the same people) and links it from A: A's state changes.
		'programme:next': { verdicts: FACILITATOR_ONLY, payload: () => ({ programme: 'leader-group' }) },
		'rating:set': {
			verdicts: PARTICIPANT_ONLY,
			payload: () => ({ itemId: generalItems[0], value: 3 }),
			prepare: async () => {
				expect(await send(host, 'session:end', { ended: false })).toEqual({ data: null });
				expect(await send(host, 'vote:lock', { stepId: 'general-model', locked: false })).toEqual({ data: null });
			}
		}
	};

	beforeAll(async () => {
		// The matrix refuses on purpose, many times, from one address: the per-address budget of
		// refusals (server/guard.ts, tested in guard.test.ts) must not be what refuses it.
		app = await startTestApp(data.dir, { refusals: scaledRefusals(100_000) });
		[a, b] = [await createSession(app.url), await createSession(app.url)];
		host = keep(await facilitator(app.url, a.id, a.facilitatorKey));
		projector = keep(await screen(app.url, a.id));
		const first = keep(new TestClient(app.url, { role: 'participant', code: a.code, token: tokens[0], nickname: 'Leder 1' }));
		first.socket.onAny((event: string, ...args: unknown[]) => heard.push({ event, args: structuredClone(args) }));
		phones = [await first.connected()];
		for (let i = 1; i < tokens.length; i++) phones.push(keep(await participant(app.url, a.code, tokens[i], `Leder ${i + 1}`)));
		await host.until((c) => c.members?.members.length === tokens.length);

		// Session B is where the matrix's participant events would succeed, had they been A's.
		otherHost = keep(await facilitator(app.url, b.id, b.facilitatorKey));
		otherPhone = keep(await participant(app.url, b.code, otherToken, 'Fremmed'));
		for (const [event, payload] of [
			['step:goto', { index: generalStep }],
			['groups:setup', { count: 2, mode: 'choose' }],
			['candidate:add', { text: 'B1', source: { kind: 'own' } }],
			['candidate:add', { text: 'B2', source: { kind: 'own' } }],
			['dots:open', { dots: 3 }]
		] as const) {
			expect(await send(otherHost, event, payload)).toEqual({ data: null });
		}
	});

	afterAll(async () => {
		for (const provider of providers) provider.destroy();
		for (const client of clients) client.close();
		await app?.close();
		data.remove();
	});

	describe('facilitator keys', () => {
		it('are long random secrets, stored only as their SHA-256 hex digest, and no raw key or phone token is on disk', async () => {
			expect(a.facilitatorKey.length).toBeGreaterThanOrEqual(43);
			const record = await app.context.store.sessionById(a.id);
			expect(record?.keyHash).toBe(createHash('sha256').update(a.facilitatorKey).digest('hex'));
			expect(record?.keyHash).toMatch(/^[0-9a-f]{64}$/);

			const db = new Database(join(data.dir, 'vaegten.db'), { readonly: true });
			try {
				const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all();
				const everything = JSON.stringify(tables.map(({ name }) => db.prepare(`SELECT * FROM "${name}"`).all()), (_k, v: unknown) =>
					Buffer.isBuffer(v) ? v.toString('latin1') : v
				);
				expect(everything).toContain(record!.keyHash);
				for (const secret of [a.facilitatorKey, b.facilitatorKey, ...tokens, otherToken]) expect(everything).not.toContain(secret);
			} finally {
				db.close();
			}
			// The files themselves, write-ahead log included: nothing raw sits in a page not yet checkpointed.
			for (const file of readdirSync(data.dir)) {
				const bytes = readFileSync(join(data.dir, file));
				for (const secret of [a.facilitatorKey, b.facilitatorKey, ...tokens, otherToken]) expect(bytes.includes(Buffer.from(secret))).toBe(false);
			}
		});

		it('are compared as equal-length digests with crypto.timingSafeEqual: one character off, or another length, opens nothing', () => {
			const stored = hashSecret(a.facilitatorKey);
			// Watch the real crypto.timingSafeEqual (it still does the comparing) through the builtin's live ESM binding.
			const crypto = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
			const original = crypto.timingSafeEqual;
			const compared: Array<[number, number]> = [];
			crypto.timingSafeEqual = (x, y) => (compared.push([x.byteLength, y.byteLength]), original(x, y));
			syncBuiltinESMExports();
			try {
				expect(secretMatches(a.facilitatorKey, stored)).toBe(true);
				for (const miss of Object.values(nearMisses(a.facilitatorKey))) expect(secretMatches(miss, stored)).toBe(false);
				expect(secretMatches('', stored)).toBe(false);
				expect(secretMatches(b.facilitatorKey, stored)).toBe(false);
			} finally {
				crypto.timingSafeEqual = original;
				syncBuiltinESMExports();
			}
			// Every attempt, whatever its length, reached the constant-time comparison of two 32-byte digests.
			expect(compared).toEqual(Array.from({ length: 6 }, () => [32, 32]));
			expect(secretMatches(a.facilitatorKey, 'abc')).toBe(false);
		});

		it('refuses a key one character off or of another length at every door: socket, HTTP and /collab/', async () => {
			const before = await settled(a);
			for (const [how, key] of Object.entries(nearMisses(a.facilitatorKey))) {
				const attempt = new TestClient(app.url, { role: 'facilitator', sessionId: a.id, key });
				const refused = await attempt.connected().then(
					() => 'connected',
					(error: { data?: { code: string } }) => error.data?.code
				);
				attempt.close();
				expect(refused, how).toBe('forbidden');
				expect((await fetch(`${app.url}/api/sessions/${a.id}`, { headers: bearer(key) })).status, how).toBe(403);
				// /collab/ takes no key at all, the right one neither (only a ticket).
				expect(await upgradeStatus(app.port, `/collab/${a.id}/g1?key=${encodeURIComponent(key)}`), how).toBe(400);
			}
			expect(await snapshot(a)).toEqual(before);
		});
	});

	describe('socket handshakes', () => {
		const unusedCode = () => ['222222', '333333', '444444'].find((code) => code !== a.code && code !== b.code)!;
		const strangers = (): Array<[string, unknown, ErrorCode]> => [
			['no credentials at all', {}, 'invalid_payload'],
			['an unknown role', { role: 'admin', sessionId: a.id }, 'invalid_payload'],
			['a facilitator without a key', { role: 'facilitator', sessionId: a.id }, 'invalid_payload'],
			['an empty key', { role: 'facilitator', sessionId: a.id, key: '' }, 'forbidden'],
			["another session's key", { role: 'facilitator', sessionId: a.id, key: b.facilitatorKey }, 'forbidden'],
			// A deleted workshop's link: it says the workshop is gone, not that the key is wrong.
			['the right key for a session that does not exist', { role: 'facilitator', sessionId: 'nosuchsession0', key: a.facilitatorKey }, 'not_found'],
			['a screen of a session that does not exist', { role: 'screen', sessionId: 'nosuchsession0' }, 'not_found'],
			['a phone with a code nobody has', { role: 'participant', code: unusedCode(), token: newToken() }, 'not_found'],
			['a phone with a malformed token', { role: 'participant', code: a.code, token: 'short' }, 'invalid_payload']
		];

		it('turns every stranger away before any event, and leaves the session as it was', async () => {
			const before = await settled(a);
			const sockets = app.io.of('/').sockets.size;
			for (const [who, auth, code] of strangers()) {
				const attempt = new TestClient(app.url, auth as Handshake);
				const outcome = await attempt.connected().then(
					() => 'connected',
					(error: { data?: { code: string } }) => error.data?.code
				);
				attempt.close();
				expect(outcome, who).toBe(code);
			}
			expect(app.io.of('/').sockets.size).toBe(sockets);
			expect(await snapshot(a)).toEqual(before);
		});

		it("delivers none of a stranger's events: not one is acknowledged, nothing changes", async () => {
			const before = await settled(a);
			const stranger = new TestClient(app.url, { role: 'facilitator', sessionId: a.id, key: 'not-the-key' });
			await expect(stranger.connected()).rejects.toMatchObject({ data: { code: 'forbidden' } });
			const socket = stranger.socket as unknown as import('socket.io-client').Socket;
			const outcomes = await Promise.allSettled(Object.keys(eventMatrix).map((event) => socket.timeout(500).emitWithAck(event, {})));
			stranger.close();
			expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
			expect(await snapshot(a)).toEqual(before);
		});
	});

	describe('HTTP routes', () => {
		type Caller = { who: string; headers: Record<string, string>; status?: number };
		/** Everyone but the facilitator of A, with what each can present, and the refusal each must get. */
		const refusedCallers = (): Caller[] => [
			{ who: 'participant (its token as a bearer)', headers: bearer(tokens[0]), status: 403 },
			{ who: 'participant or screen (no credentials)', headers: {}, status: 401 },
			{ who: 'stranger (a made-up key)', headers: bearer('x'.repeat(43)), status: 403 },
			...Object.entries(nearMisses(a.facilitatorKey)).map(([how, key]) => ({ who: `stranger (key ${how})`, headers: bearer(key), status: 403 })),
			{ who: 'stranger (the key without "Bearer")', headers: { authorization: a.facilitatorKey }, status: 401 },
			{ who: 'participant of another session (its token)', headers: bearer(otherToken), status: 403 },
			{ who: 'facilitator of another session (its key)', headers: bearer(b.facilitatorKey), status: 403 }
		];
		const everyone = (): Caller[] => [{ who: 'facilitator', headers: bearer(a.facilitatorKey) }, ...refusedCallers()];
		const url = (path: string) => `${app.url}${path}`;
		const formats = ['json', 'md', 'csv', 'docx', 'xlsx', 'pdf'];
		let nextOfB: Promise<void> | undefined;
		/** A template saved from session A: only A's key deletes it. */
		let savedFromA: Promise<string> | undefined;
		const templateOfA = () =>
			(savedFromA ??= fetch(url('/api/templates'), { method: 'POST', headers: { ...bearer(a.facilitatorKey), 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: a.id, name: 'Fra A' }) })
				.then((response) => response.json())
				.then((body: { id: string }) => body.id));

		/** A Lederaftale session with one phone in it: its own token alone downloads its lederaftale (issue 16). */
		let personalSession: Promise<{ session: CreatedSession; token: string }> | undefined;
		const lederaftale = () =>
			(personalSession ??= (async () => {
				const response = await fetch(url('/api/sessions'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ programme: 'leader-agreement' }) });
				const session = (await response.json()) as CreatedSession;
				const token = newToken();
				keep(await participant(app.url, session.code, token));
				return { session, token };
			})());

		/** Each route: who may call it (the rest are refused), and how to call it; `who` for a route that is not the facilitator's. */
		const routeMatrix: Record<string, { public: boolean; who?: string; call: (headers: Record<string, string>) => Promise<Response[]>; allowed?: () => Promise<void> }> = {
			'POST /api/sessions': {
				public: true,
				call: async (headers) => [await fetch(url('/api/sessions'), { method: 'POST', headers })]
			},
			'GET /api/sessions/[id]': {
				public: false,
				call: async (headers) => [await fetch(url(`/api/sessions/${a.id}`), { headers })],
				allowed: async () => {
					const response = await fetch(url(`/api/sessions/${a.id}`), { headers: bearer(a.facilitatorKey) });
					expect(response.status).toBe(200);
					expect(await response.json()).toMatchObject({ id: a.id, code: a.code });
				}
			},
			'DELETE /api/sessions/[id]': {
				public: false,
				call: async (headers) => [await fetch(url(`/api/sessions/${a.id}`), { method: 'DELETE', headers })],
				allowed: async () => {
					// Deleting is allowed on a session of its own, so the matrix keeps A.
					const doomed = await createSession(app.url);
					expect((await fetch(url(`/api/sessions/${doomed.id}`), { method: 'DELETE', headers: bearer(b.facilitatorKey) })).status).toBe(403);
					expect((await fetch(url(`/api/sessions/${doomed.id}`), { method: 'DELETE', headers: bearer(doomed.facilitatorKey) })).status).toBe(204);
					expect(await app.context.store.sessionById(doomed.id)).toBeUndefined();
				}
			},
			'POST /api/sessions/[id]/agreement': {
				public: false,
				call: async (headers) => [await fetch(url(`/api/sessions/${a.id}/agreement`), { method: 'POST', headers })],
				allowed: async () => {
					const before = await settled(a);
					const response = await fetch(url(`/api/sessions/${a.id}/agreement`), { method: 'POST', headers: bearer(a.facilitatorKey) });
					expect(await response.json()).toEqual({ created: true });
					expect(await snapshot(a)).not.toEqual(before);
				}
			},
			'POST /api/sessions/[id]/follow-up': {
				public: false,
				call: async (headers) => [await fetch(url(`/api/sessions/${a.id}/follow-up`), { method: 'POST', headers })],
				allowed: async () => {
					const before = await settled(a);
					const response = await fetch(url(`/api/sessions/${a.id}/follow-up`), { method: 'POST', headers: bearer(a.facilitatorKey) });
					expect(response.status).toBe(201);
					expect(await response.json()).toMatchObject({ followUpOf: a.id });
					// Another session is made; this one stays as it was.
					expect(await snapshot(a)).toEqual(before);
				}
			},
			'GET /api/sessions/[id]/export': {
				public: false,
				call: (headers) => Promise.all(formats.map((format) => fetch(url(`/api/sessions/${a.id}/export?format=${format}`), { headers }))),
				allowed: async () => {
					for (const format of formats) {
						const response = await fetch(url(`/api/sessions/${a.id}/export?format=${format}`), { headers: bearer(a.facilitatorKey) });
						expect(response.status, format).toBe(200);
						expect(response.headers.get('content-disposition'), format).toMatch(/^attachment/);
						await response.arrayBuffer();
					}
				}
			},
			'GET /api/sessions/[id]/personal': {
				public: false,
				who: 'its own participant only (the facilitator of A and of its own session too are refused)',
				call: async (headers) => {
					const { session } = await lederaftale();
					return Promise.all(['pdf', 'ics'].map((format) => fetch(url(`/api/sessions/${session.id}/personal?format=${format}`), { headers })));
				},
				allowed: async () => {
					const { session, token } = await lederaftale();
					for (const format of ['pdf', 'ics']) {
						const path = url(`/api/sessions/${session.id}/personal?format=${format}`);
						expect((await fetch(path, { headers: bearer(token) })).status, format).toBe(200);
						for (const key of [session.facilitatorKey, a.facilitatorKey]) {
							const refused = await fetch(path, { headers: bearer(key) });
							expect(refused.status, format).toBe(403);
							expect(await refused.json()).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
						}
					}
				}
			},
			'GET /api/templates': { public: true, call: async (headers) => [await fetch(url('/api/templates'), { headers })] },
			'POST /api/templates': {
				public: false,
				call: async (headers) => [await fetch(url('/api/templates'), { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: a.id, name: 'Matrix' }) })],
				allowed: async () => {
					const response = await fetch(url('/api/templates'), { method: 'POST', headers: { ...bearer(a.facilitatorKey), 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: a.id, name: 'Matrix' }) });
					expect(response.status).toBe(201);
					expect(await response.json()).toMatchObject({ name: 'Matrix' });
				}
			},
			'DELETE /api/templates/[id]': {
				public: false,
				call: async (headers) => [await fetch(url(`/api/templates/${await templateOfA()}`), { method: 'DELETE', headers })],
				allowed: async () => {
					const id = await templateOfA();
					expect((await fetch(url(`/api/templates/${id}`), { method: 'DELETE', headers: bearer(a.facilitatorKey) })).status).toBe(204);
					expect(await app.context.store.templateById(id)).toBeUndefined();
				}
			},
			'PAGE /': { public: true, call: async (headers) => [await fetch(url('/'), { headers })] },
			'PAGE /privacy': { public: true, call: async (headers) => [await fetch(url('/privacy'), { headers })] },
			'PAGE /j/[code]': { public: true, call: async (headers) => [await fetch(url(`/j/${a.code}`), { headers })] },
			// The screen's picture of the next tool's code: public as the screen (404 until there is a next tool).
			'GET /s/[id]/next-qr.svg': {
				public: true,
				call: async (headers) => {
					// Session B's next tool, started once (A stays as it is).
					nextOfB ??= send(otherHost, 'programme:next', { programme: 'leader-group' }).then((ack) => expect(ack).toHaveProperty('data'));
					await nextOfB;
					const response = await fetch(url(`/s/${b.id}/next-qr.svg`), { headers });
					expect(response.headers.get('content-type')).toBe('image/svg+xml');
					return [response];
				}
			},
			'PAGE /s/[id]/screen': { public: true, call: async (headers) => [await fetch(url(`/s/${a.id}/screen`), { headers })] },
			'PAGE /s/[id]/facilitate': { public: true, call: async (headers) => [await fetch(url(`/s/${a.id}/facilitate`), { headers })] },
			'PAGE /s/[id]/summary': { public: true, call: async (headers) => [await fetch(url(`/s/${a.id}/summary`), { headers })] }
		};

		it('covers exactly the routes in src/routes', () => {
			expect(Object.keys(routeMatrix).sort()).toEqual(routesInSource());
		});

		for (const [route, row] of Object.entries(routeMatrix)) {
			const who = row.public ? 'everyone, and changes nothing of session A' : `${row.who ?? 'the facilitator only'}; everyone else gets a JSON refusal and changes nothing`;
			it(`${route}: ${who}`, async () => {
				const before = await settled(a);
				for (const caller of row.public ? everyone() : refusedCallers()) {
					for (const response of await row.call(caller.headers)) {
						const body = await response.text();
						expect(body, caller.who).not.toContain(a.facilitatorKey);
						if (row.public) {
							expect(response.status, caller.who).toBeLessThan(300);
						} else {
							expect(response.status, caller.who).toBe(caller.status);
							expect(response.headers.get('content-type'), caller.who).toMatch(/^application\/json/);
							expect(JSON.parse(body), caller.who).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
						}
					}
					expect(await snapshot(a), caller.who).toEqual(before);
				}
				await row.allowed?.();
			});
		}

		it('answers methods a route does not have with 405, changing nothing, even with the key', async () => {
			const before = await settled(a);
			for (const [method, path] of [
				['PUT', `/api/sessions/${a.id}`],
				['PATCH', `/api/sessions/${a.id}`],
				['POST', `/api/sessions/${a.id}`],
				['DELETE', `/api/sessions/${a.id}/agreement`],
				['POST', `/api/sessions/${a.id}/export?format=json`],
				['DELETE', '/api/sessions']
			]) {
				expect((await fetch(url(path), { method, headers: bearer(a.facilitatorKey) })).status, `${method} ${path}`).toBe(405);
			}
			expect(await snapshot(a)).toEqual(before);
		});
	});

	describe('socket events', () => {
		it('the matrix covers exactly the events the server listens to, every facilitator command included', () => {
			// socket.io's own events (it listens to `error` itself), not the client's to send.
			const reserved = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);
			// One table of handlers for the server (server/realtime/handlers.ts); a connection listens to nothing else.
			for (const socket of app.io.of('/').sockets.values()) expect(socket.eventNames().filter((name) => !reserved.has(String(name)))).toEqual([]);
			expect([...eventsHandledBy(app.io)].sort()).toEqual(Object.keys(eventMatrix).sort());
			for (const type of commandTypes) expect(eventMatrix[type].verdicts).toEqual(FACILITATOR_ONLY);
		});

		it('agrees with the one table of roles (src/lib/session/roles.ts), which lists every client event', () => {
			expect([...CLIENT_EVENTS].sort()).toEqual(Object.keys(eventMatrix).sort());
			expect(Object.keys(EVENT_ROLES).sort()).toEqual(Object.keys(eventMatrix).sort());
			for (const [event, row] of Object.entries(eventMatrix) as Array<[keyof ClientToServerEvents, EventRow]>) {
				// Another session's participant is a participant, refused or sent home by the session it is in.
				const allowed = (['facilitator', 'participant', 'screen'] as const).filter((actor) => row.verdicts[actor] === 'allowed');
				// Every role may ask for a ticket; which document it opens is decided per document ("the Yjs endpoint" below).
				if (event === 'collab:ticket') expect([...EVENT_ROLES[event].roles].sort(), event).toEqual(['facilitator', 'participant', 'screen']);
				else expect([...EVENT_ROLES[event].roles].sort(), event).toEqual(allowed.sort());
			}
		});

		for (const [event, row] of Object.entries(eventMatrix) as Array<[keyof ClientToServerEvents, EventRow]>) {
			const summary = Object.entries(row.verdicts).map(([actor, verdict]) => `${actor} ${verdict}`).join(', ');
			it(`${event}: ${summary}`, async () => {
				await row.prepare?.();
				const before = await settled(a);
				const order: Actor[] = ['participant', 'screen', 'otherParticipant', 'facilitator'];
				for (const actor of order.filter((candidate) => row.verdicts[candidate] !== 'allowed')) {
					const beforeB = await snapshot(b);
					const ack = await send(actors()[actor], event, row.payload());
					if (row.verdicts[actor] === 'forbidden') {
						expect(ack, actor).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
						expect(await snapshot(b), `${actor}: session B`).toEqual(beforeB);
					} else {
						// Accepted, and it landed in the sender's own session only.
						expect(ack, actor).toHaveProperty('data');
						expect(await snapshot(b), `${actor}: session B`).not.toEqual(beforeB);
					}
					expect(await snapshot(a), `${actor}: session A`).toEqual(before);
				}
				const allowed = order.find((candidate) => row.verdicts[candidate] === 'allowed')!;
				const ack = await send(actors()[allowed], event, row.payload());
				expect(ack, allowed).toHaveProperty('data');
				if (row.answers) {
					row.answers(ack);
					expect(await snapshot(a), `${allowed}: session A`).toEqual(before);
				} else expect(await snapshot(a), `${allowed}: session A`).not.toEqual(before);
				if (event === 'rating:set') mine.ratings[generalItems[0]] = 3;
				if (event === 'dots:set') mine.allocation = { c1: 2, c2: 1 };
			});
		}

		it('answers an event the server does not know with anything but success, and changes nothing', async () => {
			const before = await settled(a);
			const socket = host.socket as unknown as import('socket.io-client').Socket;
			const answer: unknown = await socket.timeout(1_000).emitWithAck('session:delete', {}).catch(() => 'no answer');
			expect(answer === 'no answer' || (typeof answer === 'object' && answer !== null && 'error' in answer), JSON.stringify(answer)).toBe(true);
			expect(await snapshot(a)).toEqual(before);
		});

		it("does not let another session's facilitator move one of A's people", async () => {
			const before = await settled(a);
			expect(await send(otherHost, 'participant:move', { participantId: idOf('Leder 3'), groupId: 'g1' })).toMatchObject({ error: { code: 'not_found' } });
			expect(await snapshot(a)).toEqual(before);
		});
	});

	describe("a phone never learns another phone's ratings", () => {
		it('while others rate and vote, phone 1 hears steering and its own view only: no results, no members, nobody else', async () => {
			const heardBefore = heard.length;
			expect(await send(host, 'dots:open', { dots: 3 })).toEqual({ data: null });
			for (const [i, phone] of phones.entries()) {
				if (i === 0) continue;
				if (i === 2) expect(await send(phone, 'group:choose', { groupId: 'g1' })).toEqual({ data: null });
				for (const itemId of generalItems) expect(await send(phone, 'rating:set', { itemId, value: i })).toMatchObject({ data: { value: i } });
				expect(await send(phone, 'dots:set', { allocation: { c2: i } })).toMatchObject({ data: {} });
			}
			// The screen sees the aggregates; give every coalesced broadcast time to go out to anyone it would reach.
			await projector.until((c) => c.results?.items.find((item) => item.itemId === generalItems[1])?.histogram?.[3] === 1 && c.results.voters >= 3);
			await sleep(150);
			expect(heard.length).toBeGreaterThan(heardBefore);

			const events = new Set(heard.map(({ event }) => event));
			expect([...events].sort()).toEqual(['participant:self', 'phone:content', 'session:changed']);
			for (const { event, args } of heard) {
				for (const [key, value] of nested(args)) {
					expect(['histogram', 'mean', 'sd', 'ranking', 'voters', 'raters', 'members', 'participants'], `${event} carries ${key}`).not.toContain(key);
					if (key === 'ratings' || key === 'allocation') expect(event).toBe('participant:self');
					if (typeof value === 'string') expect(value).not.toMatch(/^Leder [234]$/);
				}
				if (event === 'participant:self') {
					const self = args[0] as { nickname: string; ratings: Record<string, number>; allocation: Record<string, number> };
					expect(self.nickname).toBe('Leder 1');
					for (const [itemId, value] of Object.entries(self.ratings)) expect(mine.ratings[itemId]).toBe(value);
					for (const [id, dots] of Object.entries(self.allocation)) expect(mine.allocation[id]).toBe(dots);
				}
			}
		});

		it('and no HTTP route answers phone 1 (with its token, or nothing) with anything about anyone', async () => {
			const paths = ['/', `/j/${a.code}`, `/s/${a.id}/screen`, `/s/${a.id}/facilitate`, `/s/${a.id}/summary`, `/api/sessions/${a.id}`];
			paths.push(...['json', 'md', 'csv'].map((format) => `/api/sessions/${a.id}/export?format=${format}`));
			for (const path of paths) {
				for (const headers of [bearer(tokens[0]), {}]) {
					const response = await fetch(`${app.url}${path}`, { headers });
					const body = await response.text();
					if (path.startsWith('/api/')) expect(JSON.parse(body), path).toEqual({ error: { code: 'forbidden', message: expect.any(String) } });
					for (const leak of ['histogram', '"mean"', 'Leder 2', 'Leder 3', 'Leder 4', 'Mere sparring']) expect(body, `${path} shows ${leak}`).not.toContain(leak);
				}
			}
		});
	});

	describe('the Yjs endpoint, /collab/', () => {
		const docIds = { own: 'g1', other: 'g2', agreement: AGREEMENT_DOC, notes: NOTES_DOC };
		type Docs = typeof docIds;
		const all = <T>(outcome: T) => ({ own: outcome, other: outcome, agreement: outcome, notes: outcome });
		/** Per document of A: the refusal's code when `client` asks for a ticket, else the status its ticket opens A's document with. */
		const outcomes = async (client: TestClient) => {
			const entries = [];
			for (const [name, doc] of Object.entries(docIds)) {
				const ack = (await send(client, 'collab:ticket', { doc })) as AckResponse<{ ticket: string }>;
				entries.push([name, 'error' in ack ? ack.error.code : await upgradeStatus(app.port, `/collab/${a.id}/${doc}?ticket=${ack.data.ticket}`)] as const);
			}
			return Object.fromEntries(entries) as Record<keyof Docs, number | ErrorCode>;
		};
		/** The status each of A's documents answers `query` with. */
		const statuses = async (query: string) => {
			const entries = await Promise.all(Object.entries(docIds).map(async ([name, doc]) => [name, await upgradeStatus(app.port, `/collab/${a.id}/${doc}${query}`)] as const));
			return Object.fromEntries(entries) as Record<keyof Docs, number>;
		};
		const show = async (display: unknown) => {
			expect(await send(host, 'screen:show', { display })).toEqual({ data: null });
			await projector.until((c) => JSON.stringify(c.session?.display) === JSON.stringify(display));
		};

		it('issues tickets to each role for the documents it may have; no key, token or made-up ticket opens anything', async () => {
			expect(phones[0].self?.groupId).toBe('g1');
			expect(phones[3].self?.groupId).toBeNull();
			expect(otherPhone.self?.groupId).toBe('g1');
			await show({ kind: 'step' });
			const before = await settled(a);
			const rows: Array<[string, TestClient, Record<keyof Docs, number | ErrorCode>]> = [
				['facilitator', host, all(101)],
				['participant in g1', phones[0], { own: 101, other: 'forbidden', agreement: 'forbidden', notes: 'forbidden' }],
				['participant in no group', phones[3], all('forbidden')],
				['screen, showing a step', projector, all('forbidden')],
				// Their tickets are for their own session's documents: none opens A's.
				['participant of another session, in its own g1', otherPhone, { own: 403, other: 'forbidden', agreement: 'forbidden', notes: 'forbidden' }],
				['facilitator of another session', otherHost, all(403)]
			];
			for (const [who, client, expected] of rows) expect(await outcomes(client), who).toEqual(expected);
			const miss = nearMisses(a.facilitatorKey);
			const queries: Array<[string, string, number]> = [
				['nothing', '', 401],
				['claims to be the facilitator', '?role=facilitator', 401],
				['claims to be the screen', '?role=screen', 401],
				['the facilitator key', `?key=${encodeURIComponent(a.facilitatorKey)}`, 400],
				['a key one character off', `?key=${encodeURIComponent(miss['one character changed'])}`, 400],
				["a member's token", `?token=${tokens[0]}`, 400],
				['a made-up ticket', '?ticket=AAAAAAAAAAAAAAAAAAAAAA', 403]
			];
			for (const [who, query, status] of queries) expect(await statuses(query), who).toEqual(all(status));
			const ticket = await ticketFor(otherPhone, `${b.id}/g1`);
			expect(await upgradeStatus(app.port, `/collab/${b.id}/g1?ticket=${ticket}`), "B's ticket on B").toBe(101);
			expect(await upgradeStatus(app.port, `/collab/${a.id}?ticket=${await ticketFor(host, `${a.id}/g1`)}`)).toBe(400);
			expect(await upgradeStatus(app.port, `/collab/${a.id}/g1/x?ticket=${await ticketFor(host, `${a.id}/g1`)}`)).toBe(400);
			expect(await snapshot(a)).toEqual(before);
		});

		it('lets the screen read exactly what the facilitator shows, and nothing else', async () => {
			const screenSees = (own: number | ErrorCode, other: number | ErrorCode, agreement: number | ErrorCode) => ({ own, other, agreement, notes: 'forbidden' });
			await show({ kind: 'step' });
			expect(await outcomes(projector), 'a step').toEqual(all('forbidden'));
			await show({ kind: 'group', groupId: 'g1' });
			expect(await outcomes(projector), 'group g1').toEqual(screenSees(101, 'forbidden', 'forbidden'));
			await show({ kind: 'groups' });
			expect(await outcomes(projector), 'every group').toEqual(screenSees(101, 101, 'forbidden'));
			await show({ kind: 'agreement' });
			expect(await outcomes(projector), 'the agreement').toEqual(screenSees('forbidden', 'forbidden', 101));
		});

		it("does not open to the screen, while every group is shown, a sheet that is none of the session's groups", async () => {
			await show({ kind: 'groups' });
			expect.soft(await send(projector, 'collab:ticket', { doc: 'g9' }), 'a group that never existed').toMatchObject({ error: { code: 'forbidden' } });

			// In B: a member writes in g1, then the facilitator makes new groups (g3, g4) and shows them all.
			const otherScreen = keep(await screen(app.url, b.id));
			const written = sheet(`${b.id}/g1`, otherPhone);
			await until(() => written.provider.synced, 'the sheet to sync');
			written.doc.getText('theme-safety.0').insert(0, 'Skrevet i den gamle gruppe');
			await written.flush();
			expect(await send(otherHost, 'groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
			expect(await send(otherHost, 'screen:show', { display: { kind: 'groups' } })).toEqual({ data: null });
			await otherPhone.until((c) => c.session?.display.kind === 'groups' && c.self?.groupId !== 'g1');
			await otherScreen.until((c) => c.session?.display.kind === 'groups');
			expect.soft(await send(otherScreen, 'collab:ticket', { doc: 'g1' }), 'a group of an earlier grouping').toMatchObject({ error: { code: 'forbidden' } });
			// What the screen would read there: the old group's text.
			const projection = sheet(`${b.id}/g1`, otherScreen);
			await sleep(300);
			expect(projection.text(), 'the screen reads a sheet that is not on the screen').toBe('');
		});

		/** A y-websocket client, with a ticket from `client` for every connection; `flush` returns once the server has handled all it sent. */
		function sheet(docName: string, client: TestClient) {
			const doc = new Y.Doc();
			const provider = new WebsocketProvider(`ws://127.0.0.1:${app.port}/collab`, docName, doc, ticketed(client, docName));
			providers.push(provider);
			const flush = () => serverRoundTrip(provider, doc);
			return { doc, provider, text: () => doc.getText('theme-safety.0').toString(), flush };
		}

		it("writes what a member and the facilitator type, never the screen's, and a refused phone's text reaches nobody", async () => {
			await show({ kind: 'group', groupId: 'g1' });
			const own = `${a.id}/g1`;
			const member = sheet(own, phones[0]);
			const desk = sheet(own, host);
			const projection = sheet(own, projector);
			const intruder = sheet(`${a.id}/g2`, phones[0]);
			const otherConsole = sheet(`${a.id}/g2`, host);
			await until(() => [member, desk, projection, otherConsole].every((s) => s.provider.synced), 'the sheets to sync');

			member.doc.getText('theme-safety.0').insert(0, 'MEMBER ');
			desk.doc.getText('theme-safety.0').insert(0, 'CONSOLE ');
			await until(() => projection.text().includes('MEMBER') && projection.text().includes('CONSOLE'), 'the screen to show both');

			const sheetsBefore = await snapshot(a);
			projection.doc.getText('theme-safety.0').insert(0, 'SCREEN ');
			intruder.doc.getText('theme-safety.0').insert(0, 'INTRUDER ');
			await projection.flush();
			await member.flush();
			await otherConsole.flush();
			expect(intruder.provider.synced).toBe(false);
			expect(member.text()).not.toContain('SCREEN');
			expect(otherConsole.text()).not.toContain('INTRUDER');
			expect(await snapshot(a)).toEqual(sheetsBefore);
		});
	});

	describe(`no aggregate of fewer than ${MIN_GROUP_SIZE} people`, () => {
		it('withholds mean, spread and histogram from the screen, the console, the API and every export until 3 have rated', async () => {
			expect(MIN_GROUP_SIZE).toBe(3);
			const c = await createSession(app.url);
			const cHost = keep(await facilitator(app.url, c.id, c.facilitatorKey));
			const cScreen = keep(await screen(app.url, c.id));
			expect(await send(cHost, 'step:goto', { index: generalStep })).toEqual({ data: null });
			expect(await send(cHost, 'vote:reveal', { stepId: 'general-model', revealed: true })).toEqual({ data: null });
			const item = generalItems[0];
			const values = [4, 0, 2];
			const headers = bearer(c.facilitatorKey);

			for (const [i, value] of values.entries()) {
				const rater = keep(await participant(app.url, c.code, newToken()));
				expect(await send(rater, 'rating:set', { itemId: item, value })).toMatchObject({ data: { value } });
				const raters = i + 1;
				const shown = raters >= MIN_GROUP_SIZE;
				// Results come in batches of three: one or two ratings are not even counted anywhere.
				const counted = shown ? raters : 0;
				for (const viewer of [cScreen, cHost]) {
					await viewer.until((v) => v.results?.items.find((result) => result.itemId === item)?.count === counted);
					const result = viewer.results!.items.find((entry) => entry.itemId === item)!;
					if (shown) expect(result).toEqual({ itemId: item, count: 3, mean: 2, sd: Math.sqrt(8 / 3), histogram: [1, 0, 1, 0, 1] });
					else expect(result, `${raters} rater(s)`).toEqual({ itemId: item, count: 0, mean: null, sd: null, histogram: null });
					for (const other of viewer.results!.items.filter((entry) => entry.itemId !== item)) expect(other.mean).toBeNull();
				}

				const api = (await (await fetch(`${app.url}/api/sessions/${c.id}`, { headers })).json()) as {
					items: Array<{ id: string; mean: number | null; sd: number | null; histogram: number[] | null }>;
					balance: { general: { load: number | null } };
				};
				const apiItem = api.items.find((entry) => entry.id === item)!;
				expect(apiItem.mean === null && apiItem.sd === null && apiItem.histogram === null, `API, ${raters} rater(s)`).toBe(!shown);
				expect(api.balance.general.load, `API balance, ${raters} rater(s)`).toBe(shown ? 2 : null);

				const report = (await (await fetch(`${app.url}/api/sessions/${c.id}/export?format=json`, { headers })).json()) as {
					vaegten: Array<{ items: Array<{ id: string; mean: number | null; histogram: number[] | null }>; balance: { load: number | null } }>;
				};
				const exported = report.vaegten.flatMap((model) => model.items).find((entry) => entry.id === item)!;
				expect(exported.mean === null && exported.histogram === null, `JSON export, ${raters} rater(s)`).toBe(!shown);
				const csv = await (await fetch(`${app.url}/api/sessions/${c.id}/export?format=csv`, { headers })).text();
				const csvRow = csv.split('\r\n').find((line) => line.includes(`;${item};`))!;
				expect(csvRow.split(';').slice(5, 8), `CSV, ${raters} rater(s)`).toEqual(shown ? ['3', '2,00', Math.sqrt(8 / 3).toFixed(2).replace('.', ',')] : ['0', '', '']);
				const workbook = new ExcelJS.Workbook();
				await workbook.xlsx.load(await (await fetch(`${app.url}/api/sessions/${c.id}/export?format=xlsx&lang=en`, { headers })).arrayBuffer());
				const label = introTool.items.find((entry) => entry.id === item)!.label.en;
				const cells: unknown[] = [];
				workbook.getWorksheet('Vægten')!.eachRow((row) => {
					if (row.getCell(3).value === label) cells.push(...[4, 5, 6, 7, 8, 9, 10, 11].map((column) => row.getCell(column).value));
				});
				expect(cells, `XLSX, ${raters} rater(s)`).toEqual(shown ? [2, 3, Math.sqrt(8 / 3), 1, 0, 1, 0, 1] : [null, 0, null, null, null, null, null, null]);
				const md = await (await fetch(`${app.url}/api/sessions/${c.id}/export?format=md&lang=en`, { headers })).text();
				expect(md.includes('1 · 0 · 1 · 0 · 1'), `Markdown, ${raters} rater(s)`).toBe(shown);
			}
		});
	});
});
