/**
 * Hostile input, fuzzed with fast-check against the production entry (`server/main.ts`) in a
 * process of its own, so that a crash is seen as an exit rather than taking the runner down.
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
import { readdirSync, readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders } from 'node:http';
import net from 'node:net';
import fc from 'fast-check';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { io as connect, type Socket } from 'socket.io-client';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DEFAULT_COLLAB_LIMITS } from '../../server/collab/types';
import { CollabTicketSchema, commandSchemas, commandTypes, HandshakeSchema, MAX_MESSAGE_BYTES, MoveSchema, RatingSchema, RedraftSchema } from '../../src/lib/protocol';
import { CLIENT_EVENTS, type ClientEvent, type CommandType } from '../../src/lib/session/commands';
import type { ErrorCode } from '../../src/lib/session/errors';
import { introTool } from '../../src/lib/template/intro-tool';
import { facilitator, newToken, participant, screen, TestClient } from '../helpers/clients';
import { createSession, spawnServer, startTestApp, tempDataDir, type CreatedSession, type ServerProcess } from '../helpers/server';
import { ticketPath, YClient } from '../helpers/yjs';

// ---- The contract, as the fuzzer knows it ----------------------------------------------

/** Every event a client may send. The first test checks this against what the server registers. */
const clientEvents = CLIENT_EVENTS;

const knownCodes: ReadonlySet<string> = new Set(
	Object.keys({
		invalid_payload: 0, forbidden: 0, not_found: 0, no_such_step: 0, not_a_rating_step: 0, vote_locked: 0, unknown_item: 0,
		unknown_group: 0, voting_open: 0, voting_closed: 0, duplicate: 0, current_step: 0, step_skipped: 0,
		limit_reached: 0, session_ended: 0, rate_limited: 0, internal: 0
	} satisfies Record<ErrorCode, 0>)
);
/** A server that fails inside while refusing has not refused clearly. */
const clearCodes = new Set([...knownCodes].filter((code) => code !== 'internal'));
/** The Yjs endpoint refuses upgrades with its own code for a bad name. */
const upgradeCodes = new Set([...clearCodes, 'bad_document']);

const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
const generalItem = introTool.items.find((item) => item.model === 'general')!.id;

/** One valid payload per event: the fuzzer breaks them one field at a time. */
const examples: Record<ClientEvent, Record<string, unknown>> = {
	'step:next': {},
	'step:previous': {},
	'step:goto': { index: 3 },
	'timer:pause': {},
	'timer:resume': {},
	'timer:add': { minutes: 5 },
	'vote:lock': { stepId: 'leader-model', locked: true },
	'vote:reveal': { stepId: 'leader-model', revealed: true },
	'item:add': { model: 'leader', kind: 'load', label: 'Noise' },
	'groups:setup': { count: 3, mode: 'choose' },
	'group:rename': { groupId: 'g1', name: 'Table one' },
	'candidate:add': { text: 'Meet monthly', source: { kind: 'answer', groupId: 'g1', field: 'q1' } },
	'candidate:remove': { candidateId: 'c0' },
	'dots:open': { dots: 3 },
	'dots:close': {},
	'title:set': { title: 'Leaders of leaders' },
	'language:set': { locale: 'en' },
	'step:skip': { stepId: 'why', skipped: true },
	'step:move': { stepId: 'why', direction: 'down' },
	'duration:set': { stepId: 'why', minutes: 10 },
	'session:end': { ended: false },
	'screen:show': { display: { kind: 'group', groupId: 'g1' } },
	'rating:set': { itemId: leaderItems[0], value: 2 },
	'participant:move': { participantId: 1, groupId: 'g2' },
	'group:choose': { groupId: 'g1' },
	'dots:set': { allocation: { c0: 1 } },
	'agreement:redraft': {},
	'collab:ticket': { doc: 'g1' }
};

type Role = 'facilitator' | 'participant' | 'screen';

const packets = new Encoder();

/**
 * What the server receives: the value through socket.io's own encoder and decoder. JSON turns
 * undefined into null and Dates into strings; binary attachments go separately, and an object
 * carrying one loses an own `__proto__` key on the way.
 */
function wire(value: unknown, type: PacketType.EVENT | PacketType.CONNECT = PacketType.EVENT): unknown {
	const decoder = new Decoder();
	let received: unknown;
	decoder.on('decoded', (packet) => void (received = packet.data));
	for (const part of packets.encode({ type, nsp: '/', data: type === PacketType.EVENT ? ['event', value] : value })) decoder.add(part);
	return type === PacketType.EVENT ? (received as unknown[])[1] : received;
}

/** Whether an emit stays inside one socket.io message; bigger ones are the oversize test's. */
const fitsOneMessage = (event: string, args: unknown[]): boolean =>
	packets
		.encode({ type: PacketType.EVENT, nsp: '/', id: 1, data: [event, ...args] })
		.every((part: string | Uint8Array) => (typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength) < MAX_MESSAGE_BYTES - 64);

/** Any payload may carry a well-formed `requestId`, which the server takes off before validating it. */
function withoutRequestId(payload: unknown): unknown {
	if (payload === null || typeof payload !== 'object' || Array.isArray(payload) || !Object.hasOwn(payload, 'requestId')) return payload;
	const { requestId, ...rest } = payload as { requestId: unknown };
	return typeof requestId === 'string' && /^[A-Za-z0-9_-]{8,64}$/.test(requestId) ? rest : payload;
}

/**
 * Whether the server may rightly accept this call in the fuzzed session (on the leader model's
 * rating step, two groups placed automatically, one candidate, the vote not open). Such calls
 * are not sent: they would change the state, as they should.
 */
function mayBeAccepted(role: Role, event: string, payload: unknown): boolean {
	const sent = withoutRequestId(wire(payload));
	// A ticket changes nothing, and which role gets one is the authorisation matrix's.
	if (event === 'collab:ticket') return v.is(CollabTicketSchema, sent);
	if (role === 'participant') return event === 'rating:set' && v.is(RatingSchema, sent) && leaderItems.includes(sent.itemId);
	if (role !== 'facilitator') return false;
	if ((commandTypes as string[]).includes(event)) return v.is(commandSchemas[event as CommandType], sent ?? {});
	if (event === 'agreement:redraft') return v.is(RedraftSchema, sent ?? {});
	return event === 'participant:move' && v.is(MoveSchema, sent);
}

// ---- Hostile values --------------------------------------------------------------------

const fieldNames = [...new Set([...Object.values(examples).flatMap((payload) => JSON.stringify(payload).match(/"(\w+)":/g) ?? []), '"requestId":'])].map((key) => key.slice(1, -2));
const nastyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '0');
const anyKey = fc.oneof(fc.constantFrom(...fieldNames), nastyKey, fc.string({ maxLength: 12 }));

/** Bytes Node sends as they are in a request line or header: no spaces, no controls (DEL included). */
const latin1 = fc.string({ unit: fc.integer({ min: 0x21, max: 0xfe }).map((code) => String.fromCharCode(code === 0x7f ? 0xff : code)), maxLength: 30 });
const specialNumber = fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 0.5, 1.5, -1, 2 ** 31, 201);
/** Up to ~12 KB on the wire, whatever JSON does to the character: well inside one socket.io message. */
const hugeString = fc
	.constantFrom<[string, number]>(['x', 1], ['ø', 2], ['😀', 4], ['"', 2], ['\u0000', 6], ['%', 1], ['\u202e', 3])
	.chain(([char, bytes]) => fc.integer({ min: 200, max: Math.floor(12_000 / bytes) }).map((n) => char.repeat(n)));
const deep = fc.tuple(fc.integer({ min: 50, max: 1_500 }), fc.boolean()).map(([depth, asArray]) => {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
	return value;
});
const wide = fc.integer({ min: 100, max: 3_000 }).map((n) => Array.from({ length: n }, (_, i) => i));
/** An own `__proto__`/`constructor` key carrying a valid payload: nothing may read fields through it. */
const pollution = fc
	.tuple(fc.constantFrom(...Object.values(examples)), fc.constantFrom('__proto__', 'constructor'))
	.map(([payload, key]) => JSON.parse(`{"${key}": ${JSON.stringify(key === 'constructor' ? { prototype: payload } : payload)}}`) as unknown);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: fc.anything({ key: anyKey, maxDepth: 3, withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true, withDate: true, withTypedArray: true, withSparseArray: true, withUnicodeString: true }) },
	{ weight: 2, arbitrary: specialNumber },
	{ weight: 1, arbitrary: hugeString },
	{ weight: 1, arbitrary: deep },
	{ weight: 1, arbitrary: wide },
	{ weight: 1, arbitrary: pollution },
	{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
	{ weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, '', ' ', [], {}, 0, '0', [null], { length: 1 }, 'request-0001') }
);

/** Every path into a JSON payload, to break it at one place. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
	if (value === null || typeof value !== 'object') return [prefix];
	return [prefix, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
}

type Mutation = { path: string[]; op: 'replace' | 'delete' | 'add'; key: string; value: unknown };

function mutate(payload: Record<string, unknown>, { path, op, key, value }: Mutation): unknown {
	if (path.length === 0 && op === 'replace') return value;
	const copy = structuredClone(payload) as Record<string, unknown>;
	const parentPath = op === 'add' ? path : path.slice(0, -1);
	let parent: Record<string, unknown> = copy;
	for (const step of parentPath) {
		const next = parent[step];
		if (next === null || typeof next !== 'object') return value;
		parent = next as Record<string, unknown>;
	}
	const last = path[path.length - 1];
	if (op === 'add') Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
	else if (op === 'delete' && last !== undefined) delete parent[last];
	else if (last !== undefined) parent[last] = value;
	return copy;
}

/** A valid payload broken in one place: a field of the wrong type or value, missing, or an extra key. */
const brokenPayload = (payload: Record<string, unknown>): fc.Arbitrary<unknown> =>
	fc
		.record({
			path: fc.constantFrom(...pathsOf(payload)),
			op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'delete', 'add'),
			key: anyKey,
			value: hostileValue
		})
		.map((mutation) => mutate(payload, mutation));

const payloadFor = (event: string): fc.Arbitrary<unknown> => {
	// Own keys only: unknown events are named `toString` and `__proto__` too.
	const example = Object.hasOwn(examples, event) ? examples[event as ClientEvent] : undefined;
	return example ? fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 4, arbitrary: brokenPayload(example) }, { weight: 1, arbitrary: fc.constant(example) }) : hostileValue;
};

/** socket.io-client refuses to emit these itself. */
const reservedEvents = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
const unknownEvent = fc
	.oneof(
		fc.string({ maxLength: 80 }),
		nastyKey,
		// `error` is the one lifecycle name socket.io lets a client send.
		fc.constantFrom('error', 'session:changed', 'results:changed', 'participant:self', 'step:NEXT', 'rating:set ', 'rating', 'step:next\u0000', 'x'.repeat(5_000))
	)
	.filter((name) => !(clientEvents as readonly string[]).includes(name) && !reservedEvents.has(name));

// ---- The HTTP routes, read from src/routes ----------------------------------------------

interface Route {
	/** `/api/sessions/:id`: parameters as `:name`. */
	path: string;
	methods: string[];
}

/**
 * Every page and endpoint in src/routes with the methods it answers, so that a route added
 * tomorrow is fuzzed without anyone listing it here. Pages answer GET; an endpoint answers the
 * methods its `+server.ts` exports.
 */
function discoverRoutes(): Route[] {
	const dir = new URL('../../src/routes/', import.meta.url);
	const found = new Map<string, Set<string>>();
	for (const file of readdirSync(dir, { recursive: true }) as string[]) {
		const [name, ...parents] = file.split(/[\\/]/).reverse();
		if (name !== '+server.ts' && name !== '+page.svelte') continue;
		const segments = parents.reverse().filter((part) => !/^\(.*\)$/.test(part));
		const path = `/${segments.map((part) => part.replace(/^\[(\w+)\]$/, ':$1')).join('/')}`;
		const methods =
			name === '+page.svelte'
				? ['GET']
				: [...readFileSync(new URL(file, dir), 'utf8').matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE|OPTIONS)\b/g)].map((match) => match[1]);
		found.set(path, new Set([...(found.get(path) ?? []), ...methods]));
	}
	return [...found].map(([path, methods]) => ({ path, methods: [...methods] })).sort((a, b) => a.path.localeCompare(b.path));
}

const routes = discoverRoutes();

// ---- The server and the clients --------------------------------------------------------

let addressCount = 0;
/** A loopback address nobody used before: per-address limits (joins, refusals) start afresh. */
function freshAddress(): string {
	const n = addressCount++;
	return `127.1.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

interface Watched {
	server: ServerProcess;
	log: string;
	exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

function watch(server: ServerProcess): Watched {
	const watched: Watched = { server, log: '', exit: null };
	const keep = (chunk: Buffer) => (watched.log = (watched.log + chunk.toString()).slice(-20_000));
	server.child.stdout?.on('data', keep);
	server.child.stderr?.on('data', keep);
	server.child.once('exit', (code, signal) => (watched.exit = { code, signal }));
	return watched;
}

/** One connection per role would soon meet the per-connection event budget: calls take turns. */
class Pool {
	readonly #clients: TestClient[];
	readonly #make: (i: number) => Promise<TestClient>;
	#turn = 0;

	private constructor(clients: TestClient[], make: (i: number) => Promise<TestClient>) {
		this.#clients = clients;
		this.#make = make;
	}

	static async of(size: number, make: (i: number) => Promise<TestClient>): Promise<Pool> {
		return new Pool(await Promise.all(Array.from({ length: size }, (_, i) => make(i))), make);
	}

	/** The next connection; one the server dropped (after an earlier failure) is replaced. */
	async next(): Promise<TestClient> {
		const i = this.#turn++ % this.#clients.length;
		if (!this.#clients[i].socket.connected) {
			this.#clients[i].close();
			this.#clients[i] = await this.#make(i);
		}
		return this.#clients[i];
	}

	close(): void {
		for (const client of this.#clients) client.close();
	}
}

const NO_ANSWER = Symbol('no answer');
const ACK_TIMEOUT_MS = 1_500;

async function ask(client: TestClient, event: string, args: unknown[], timeoutMs = ACK_TIMEOUT_MS): Promise<unknown> {
	try {
		return await (client.socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, ...args);
	} catch {
		return NO_ANSWER;
	}
}

function expectClearError(answer: unknown, codes: ReadonlySet<string>, what: string): string {
	expect(answer, `${what}: the server never answered`).not.toBe(NO_ANSWER);
	expect(answer, `${what}: not { error }`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
	const { code, message } = (answer as { error: { code: string; message: string } }).error;
	expect([...codes], `${what}: unknown or internal code ${code}`).toContain(code);
	expect(message.trim(), `${what}: empty message`).not.toBe('');
	return code;
}

/** Drops what changes with the clock alone. */
function withoutClock<T>(view: T): T {
	const copy = structuredClone(view) as { timer?: { remainingMs?: number } };
	if (copy?.timer) delete copy.timer.remainingMs;
	return copy as T;
}

interface HttpAnswer {
	/** 0: the server reset the connection while a big body was still being sent. */
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

interface HttpCall {
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string | Uint8Array | undefined;
}

/**
 * A raw request on a connection of its own (no keep-alive race): the path goes out as written,
 * `..` and bad escapes included, by default from a fresh address.
 */
function send(port: number, call: HttpCall, localAddress = freshAddress()): Promise<HttpAnswer> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			{
				host: '127.0.0.1',
				port,
				method: call.method,
				path: call.path,
				// Node sends a DELETE's or OPTIONS's body with no length at all unless told: the server would read it as the next request.
				headers: call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
				agent: false,
				localAddress
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
				response.on('error', reject);
			}
		);
		request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
		request.on('error', (error: NodeJS.ErrnoException) => {
			// A server may answer before a big upload ends and cut the rest off; the reset can overtake its answer.
			if ((call.body?.length ?? 0) > 64 * 1024 && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve({ status: 0, headers: {}, body: '' });
			else reject(error);
		});
		request.end(call.body);
	});
}

function expectJsonError(answer: HttpAnswer, what: string): void {
	expect(answer.headers['content-type'] ?? '', `${what}: answered ${answer.status} without JSON: ${answer.body.slice(0, 120)}`).toMatch(/^application\/json/);
	let body: unknown;
	expect(() => (body = JSON.parse(answer.body)), `${what}: body is not JSON`).not.toThrow();
	expectClearError(body, clearCodes, `${what} (${answer.status})`);
}

// ---- Yjs wire helpers --------------------------------------------------------------------

const frameOf = (write: (encoder: encoding.Encoder) => void): Uint8Array => {
	const encoder = encoding.createEncoder();
	write(encoder);
	return encoding.toUint8Array(encoder);
};
const syncMessage = (syncType: number, payload: Uint8Array) =>
	frameOf((encoder) => {
		encoding.writeVarUint(encoder, 0);
		encoding.writeVarUint(encoder, syncType);
		encoding.writeVarUint8Array(encoder, payload);
	});
const step1 = (stateVector: Uint8Array = new Uint8Array([0])) => syncMessage(0, stateVector);

/** A real edit someone else made: an update that would visibly change the sheet. */
const honestUpdate = fc.record({ text: fc.string({ minLength: 1, maxLength: 40 }), cut: fc.nat(5) }).map(({ text, cut }) => {
	const doc = new Y.Doc();
	const body = doc.getText('body');
	body.insert(0, text);
	if (cut > 0) body.delete(0, Math.min(cut, body.length - 1));
	const update = Y.encodeStateAsUpdate(doc);
	doc.destroy();
	return update;
});
const awarenessMessage = fc.jsonValue().map((state) => {
	const doc = new Y.Doc();
	const awareness = new Awareness(doc);
	awareness.setLocalState({ user: state });
	const bytes = frameOf((encoder) => {
		encoding.writeVarUint(encoder, 1);
		encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
	});
	awareness.destroy();
	doc.destroy();
	return bytes;
});
const honestMessage = fc.oneof(
	honestUpdate.map((update) => syncMessage(2, update)),
	honestUpdate.map((update) => syncMessage(1, update)),
	honestUpdate.map((update) => step1(Y.encodeStateVectorFromUpdate(update))),
	awarenessMessage
);

type Frame = { kind: string; data: Uint8Array | string };
const maxFrame = DEFAULT_COLLAB_LIMITS.maxMessageBytes;

const hostileFrame: fc.Arbitrary<Frame> = fc.oneof(
	{ weight: 3, arbitrary: fc.uint8Array({ maxLength: 2_000 }).map((data) => ({ kind: 'random bytes', data })) },
	{
		weight: 3,
		arbitrary: fc
			.tuple(fc.constantFrom([0], [0, 0], [0, 1], [0, 2], [0, 3], [0, 9], [1], [2], [3], [0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]), fc.uint8Array({ maxLength: 300 }))
			.map(([prefix, rest]) => ({ kind: 'random after a valid prefix', data: new Uint8Array([...prefix, ...rest]) }))
	},
	{
		weight: 3,
		arbitrary: fc.tuple(honestMessage, fc.nat()).map(([whole, at]) => ({ kind: 'truncated message', data: whole.slice(0, at % whole.length) }))
	},
	{
		weight: 3,
		// Cut anywhere, or in the delete set at the end: Yjs reads every struct before it finds that cut.
		arbitrary: fc
			.tuple(honestUpdate, fc.oneof(fc.nat(), fc.integer({ min: -4, max: -1 })), fc.constantFrom(1, 2))
			.map(([update, at, syncType]) => {
				const length = at < 0 ? Math.max(1, update.length + at) : 1 + (at % (update.length - 1));
				return { kind: 'truncated update in a well-formed message', data: syncMessage(syncType, update.slice(0, length)) };
			})
	},
	{
		weight: 2,
		arbitrary: fc.tuple(honestMessage, fc.nat(), fc.integer({ min: 1, max: 255 })).map(([whole, at, xor]) => {
			const data = whole.slice();
			data[at % data.length] ^= xor;
			return { kind: 'corrupted byte', data };
		})
	},
	{ weight: 1, arbitrary: fc.string({ maxLength: 200 }).map((data) => ({ kind: 'text frame', data })) },
	{ weight: 1, arbitrary: fc.integer({ min: maxFrame + 1, max: maxFrame + 32 * 1024 }).map((size) => ({ kind: 'oversized', data: new Uint8Array(size) })) }
);

/**
 * The fuzzer's own reading of a frame, by the y-websocket protocol: `malformed` must cost the
 * connection; `update` is a well-formed edit the server may apply; anything else changes nothing.
 */
function classify(frame: Frame): 'malformed' | 'oversized' | 'update' | 'harmless' {
	if (typeof frame.data === 'string') return 'malformed';
	if (frame.data.length > maxFrame) return 'oversized';
	try {
		const decoder = decoding.createDecoder(frame.data);
		const type = decoding.readVarUint(decoder);
		if (type === 1) {
			const update = decoding.createDecoder(decoding.readVarUint8Array(decoder));
			for (let n = decoding.readVarUint(update); n > 0; n--) {
				decoding.readVarUint(update);
				decoding.readVarUint(update);
				JSON.parse(decoding.readVarString(update));
			}
			return 'harmless';
		}
		if (type !== 0) return 'harmless';
		const syncType = decoding.readVarUint(decoder);
		const payload = decoding.readVarUint8Array(decoder);
		if (syncType === 0) return Y.decodeStateVector(payload) && 'harmless';
		if (syncType !== 1 && syncType !== 2) return 'malformed';
		Y.decodeUpdate(payload);
		return 'update';
	} catch {
		return 'malformed';
	}
}

type YOutcome = { refused: number; body: string } | { closed: number } | { open: true } | { timeout: true };

/**
 * Opens `url`, sends the frames, then a sync step 1 as a barrier: the step 2 that answers it
 * (and any frame that was a step 1) means the connection survived everything before it.
 */
function yjsVisit(url: string, frames: Frame[], answers = 1, timeoutMs = 3_000): Promise<YOutcome> {
	return new Promise((resolve) => {
		const ws = new WebSocket(url, { localAddress: freshAddress() });
		let pending = answers;
		const done = (outcome: YOutcome) => {
			clearTimeout(timer);
			resolve(outcome);
			if (ws.readyState === WebSocket.OPEN) ws.close(1000);
			else ws.terminate();
		};
		const timer = setTimeout(() => done({ timeout: true }), timeoutMs);
		ws.on('error', () => {});
		ws.on('unexpected-response', (_request, response) => {
			let body = '';
			response.on('data', (chunk: Buffer) => (body += chunk.toString()));
			response.on('end', () => done({ refused: response.statusCode ?? 0, body }));
		});
		ws.on('open', () => {
			for (const frame of frames) ws.send(frame.data, { binary: typeof frame.data !== 'string' });
			ws.send(step1());
		});
		ws.on('message', (data: Buffer) => {
			if (data[0] === 0 && data[1] === 1 && --pending === 0) done({ open: true });
		});
		ws.on('close', (code) => done({ closed: code }));
	});
}

// ---- The tests -------------------------------------------------------------------------

// A failing property may shrink for 15 s on top of its runs.
describe('hostile input', { timeout: 40_000 * Number(process.env.FUZZ_SCALE ?? 1) }, () => {
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

	it('fuzzes exactly the events the server registers, each with an example payload, and every route', async () => {
		expect(routes).toEqual(
			expect.arrayContaining([
				{ path: '/', methods: ['GET'] },
				{ path: '/api/sessions', methods: ['POST'] },
				{ path: '/api/sessions/:id', methods: expect.arrayContaining(['GET', 'DELETE']) },
				{ path: '/api/sessions/:id/export', methods: ['GET'] },
				{ path: '/api/sessions/:id/agreement', methods: ['POST'] },
				{ path: '/j/:code', methods: ['GET'] },
				{ path: '/s/:id/screen', methods: ['GET'] },
				{ path: '/s/:id/facilitate', methods: ['GET'] },
				{ path: '/s/:id/summary', methods: ['GET'] }
			])
		);
		expect(Object.keys(examples).sort()).toEqual([...clientEvents].sort());
		const dir = tempDataDir();
		const app = await startTestApp(dir.dir);
		const clients: TestClient[] = [];
		try {
			const created = await createSession(app.url);
			clients.push(await facilitator(app.url, created.id, created.facilitatorKey), await participant(app.url, created.code), await screen(app.url, created.id));
			// socket.io's own lifecycle events: a client cannot send the reserved ones, and `error` is fuzzed as unknown.
			const lifecycle = new Set(['disconnect', 'disconnecting', 'error']);
			for (const client of clients) {
				const registered = app.io.of('/').sockets.get(client.socket.id!)!.eventNames().map(String);
				expect(registered.filter((name) => !lifecycle.has(name)).sort()).toEqual([...clientEvents].sort());
			}
		} finally {
			for (const client of clients) client.close();
			await app.close();
			dir.remove();
		}
	});

	describe('socket.io events', () => {
		const roles = fc.constantFrom<Role>('facilitator', 'participant', 'screen');
		const leaderStepId = introTool.steps[leaderStep].id;
		/** Calls the contract lets through but this session's state refuses. */
		const refusedByState = fc.constantFrom<[Role, string, unknown]>(
			['facilitator', 'step:goto', { index: 200 }],
			['facilitator', 'vote:lock', { stepId: 'welcome', locked: true }],
			['facilitator', 'vote:reveal', { stepId: 'x'.repeat(64), revealed: true }],
			['facilitator', 'group:rename', { groupId: 'g999999', name: 'Nobody' }],
			['facilitator', 'candidate:remove', { candidateId: 'c999999' }],
			['facilitator', 'dots:close', {}],
			['facilitator', 'screen:show', { display: { kind: 'group', groupId: 'g999999' } }],
			['facilitator', 'participant:move', { participantId: 999_999, groupId: null }],
			['facilitator', 'participant:move', { participantId: 1, groupId: 'g999999' }],
			['participant', 'rating:set', { itemId: generalItem, value: 2 }],
			['participant', 'rating:set', { itemId: 'no-such-item', value: 1 }],
			['participant', 'dots:set', { allocation: { c0: 1 } }],
			['participant', 'group:choose', { groupId: 'g1' }],
			['participant', 'vote:lock', { stepId: leaderStepId, locked: true }],
			['participant', 'participant:move', { participantId: 1, groupId: null }],
			['screen', 'step:next', {}],
			['screen', 'rating:set', { itemId: leaderItems[0], value: 3 }]
		);
		const call = fc.oneof(
			{
				weight: 9,
				arbitrary: fc
					.tuple(roles, fc.oneof({ weight: 9, arbitrary: fc.constantFrom<string>(...clientEvents) }, { weight: 1, arbitrary: unknownEvent }))
					.chain(([role, event]) => payloadFor(event).map((payload): [Role, string, unknown] => [role, event, payload]))
					.filter(([role, event, payload]) => fitsOneMessage(event, [payload]) && !mayBeAccepted(role, event, payload))
			},
			{ weight: 1, arbitrary: refusedByState }
		);

		it('refuses every malformed, mistyped, oversized or unauthorised payload clearly, changing nothing', async () => {
			let runs = 0;
			let limited = 0;
			await fc.assert(
				fc.asyncProperty(call, fc.boolean(), fc.boolean(), async ([role, event, payload], withAck, withoutAck) => {
					runs++;
					const client = await pools[role]!.next();
					const what = `${role} ${event}`;
					await changesNothing(what, async () => {
						// One call in four is sent without an ack callback: the server must not mind.
						if (withAck || !withoutAck) {
							const code = expectClearError(await ask(client, event, [payload]), clearCodes, what);
							if (code === 'rate_limited') limited++;
						} else {
							(client.socket as unknown as Socket).emit(event, payload);
							await barrier(client, role);
						}
						expect(client.socket.connected, `${what}: the sender lost its connection`).toBe(true);
					});
				}),
				budget(250)
			);
			expect(limited, `${limited} of ${runs} calls were rate limited: the fuzzer tested the limiter, not the handlers`).toBeLessThan(runs / 5);
		});

		it('answers an event sent with no payload or with extra arguments, changing nothing', async () => {
			const oddArguments = fc
				.tuple(
					roles,
					fc.constantFrom<string>(...clientEvents),
					fc.oneof(fc.constant<unknown[]>([]), fc.array(fc.oneof(fc.constantFrom(null, {}, 'x'), fc.integer(), hostileValue), { minLength: 2, maxLength: 4 }))
				)
				.filter(([role, event, args]) => fitsOneMessage(event, args) && !mayBeAccepted(role, event, args[0]));
			await fc.assert(
				fc.asyncProperty(oddArguments, async ([role, event, args]) => {
					const client = await pools[role]!.next();
					const what = `${role} ${event} with ${args.length} arguments`;
					await changesNothing(what, async () => void expectClearError(await ask(client, event, args, 1_000), clearCodes, what));
				}),
				budget(60, 6_000)
			);
		});

		it('drops a connection that sends more than MAX_MESSAGE_BYTES, changing nothing', async () => {
			const oversized = fc.record({
				role: roles,
				event: fc.constantFrom<string>(...clientEvents),
				bytes: fc.integer({ min: MAX_MESSAGE_BYTES + 1, max: 4 * MAX_MESSAGE_BYTES }),
				shape: fc.constantFrom('string', 'array', 'binary', 'object')
			});
			await fc.assert(
				fc.asyncProperty(oversized, async ({ role, event, bytes, shape }) => {
					const client =
						role === 'facilitator'
							? await facilitator(url, session.id, session.facilitatorKey)
							: role === 'participant'
								? await participant(url, session.code, phoneToken, 'Observer')
								: await screen(url, session.id);
					const payload =
						shape === 'string' ? 'x'.repeat(bytes)
						: shape === 'array' ? new Array(Math.ceil(bytes / 2)).fill(0)
						: shape === 'binary' ? new Uint8Array(bytes)
						: { label: 'x'.repeat(bytes), model: 'leader', kind: 'load' };
					await changesNothing(`${shape} of ${bytes} bytes as ${event}`, async () => {
						const dropped = new Promise<string>((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));
						const answer = ask(client, event, [payload]);
						expect(await Promise.race([dropped, new Promise((resolve) => setTimeout(() => resolve('still connected'), 3_000))])).not.toBe('still connected');
						expect(await answer).toBe(NO_ANSWER);
						client.close();
					});
				}),
				budget(8)
			);
		});
	});

	describe('socket.io handshake', () => {
		/** A handshake the server must let in (it would also join a participant): not sent. */
		function letIn(auth: unknown): boolean {
			let sent: unknown;
			try {
				sent = wire(auth, PacketType.CONNECT);
			} catch {
				return false; // not an object: socket.io itself drops the connection
			}
			if (!v.is(HandshakeSchema, sent)) return false;
			if (sent.role === 'participant') return sent.code.toUpperCase() === session.code;
			return sent.sessionId === session.id && (sent.role === 'screen' || sent.key === session.facilitatorKey);
		}

		const validHandshakes = () => [
			{ role: 'facilitator', sessionId: session.id, key: session.facilitatorKey },
			{ role: 'screen', sessionId: session.id },
			{ role: 'participant', code: session.code, token: newToken(), nickname: 'Kim' }
		];
		const refusedHandshakes = () => [
			{ role: 'facilitator', sessionId: session.id, key: 'not-the-key' },
			{ role: 'facilitator', sessionId: 'NoSuchSession', key: session.facilitatorKey },
			{ role: 'screen', sessionId: 'NoSuchSession' },
			{ role: 'participant', code: session.code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF', token: newToken() },
			{ role: 'participant', code: session.code, token: 'short' },
			{ role: 'participant', code: session.code, token: newToken(), nickname: 'n'.repeat(41) },
			{ role: 'participant', code: session.code.replace(/./, '0'), token: newToken() },
			{ role: 'admin', sessionId: session.id, key: session.facilitatorKey },
			{ role: 'FACILITATOR', sessionId: session.id, key: session.facilitatorKey }
		];
		const authObject = () =>
			fc
				.oneof(
					{ weight: 3, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('role', 'sessionId', 'key', 'code', 'token', 'nickname'), anyKey), hostileValue, { maxKeys: 6 }) },
					{ weight: 5, arbitrary: fc.constantFrom(...validHandshakes()).chain((auth) => brokenPayload(auth)) },
					{ weight: 2, arbitrary: fc.constantFrom(...refusedHandshakes()) }
				)
				// Objects within one message: the protocol's own refusals are the next test's.
				.filter((auth) => {
					const sent: unknown = JSON.parse(JSON.stringify(auth) ?? 'null');
					return sent !== null && typeof sent === 'object' && !Array.isArray(sent) && Buffer.byteLength(JSON.stringify(sent)) < MAX_MESSAGE_BYTES - 1_024 && !letIn(auth);
				});

		type Refusal = { connected: true } | { error: string; data: unknown } | { dropped: string } | { timeout: true };
		function handshake(auth: unknown): Promise<Refusal> {
			return new Promise((resolve) => {
				const socket = connect(url, {
					auth: (cb) => cb(auth as object),
					transports: ['websocket'],
					reconnection: false,
					forceNew: true,
					localAddress: freshAddress()
				} as Parameters<typeof connect>[1]);
				const done = (outcome: Refusal) => {
					clearTimeout(timer);
					socket.close();
					resolve(outcome);
				};
				const timer = setTimeout(() => done({ timeout: true }), 3_000);
				socket.on('connect', () => done({ connected: true }));
				socket.on('connect_error', (error) => done({ error: error.message, data: (error as Error & { data?: unknown }).data }));
				socket.on('disconnect', (reason) => done({ dropped: reason }));
			});
		}

		it('refuses malformed, mistyped or unknown credentials with connect_error and a clear { code, message }', async () => {
			await fc.assert(
				fc.asyncProperty(authObject(), async (auth) => {
					await changesNothing('a refused handshake', async () => {
						const outcome = await handshake(auth);
						expect(outcome, 'the handshake was not refused with connect_error').toHaveProperty('error');
						expectClearError({ error: (outcome as { data: unknown }).data }, clearCodes, 'connect_error data');
					});
				}),
				budget(120)
			);
		});

		it('never lets in an auth the socket.io protocol rejects (not an object, or over MAX_MESSAGE_BYTES)', async () => {
			const outOfProtocol = fc.oneof(
				fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(hostileValue, { maxLength: 3 })),
				fc.integer({ min: MAX_MESSAGE_BYTES, max: 3 * MAX_MESSAGE_BYTES }).map((n) => ({ role: 'facilitator', sessionId: session.id, key: 'k'.repeat(n) }))
			);
			await fc.assert(
				fc.asyncProperty(outOfProtocol, async (auth) => {
					await changesNothing('a handshake out of protocol', async () => {
						const outcome = await handshake(auth);
						expect(outcome).not.toHaveProperty('connected');
						expect(outcome).not.toHaveProperty('timeout');
						if ('error' in outcome && outcome.data !== undefined) expectClearError({ error: outcome.data }, clearCodes, 'connect_error data');
					});
				}),
				budget(30)
			);
			await expectUnchanged('after the handshakes');
		});
	});

	describe('HTTP', () => {
		const apiRoutes = routes.filter((route) => route.path.startsWith('/api/'));
		const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO'];
		const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain'];

		const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });
		const segment = () =>
			fc.oneof(
				fc.constant(session.id),
				fc.constant(session.code),
				fc.constant(session.code.toLowerCase()),
				fc.constantFrom('..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc', '....//....//', '%00', '%', '%ZZ', '%C0%AF', '%E0%A4%A', '%F0%9F%98%80', '%FF%FE', 'CON', 'null', 'undefined', '__proto__', 'constructor', '%20', '+', ';', '*', "'%20OR%201=1--", '<script>', 'øæå', '0OIL1', 'ABCDEF', '%2F', '.'),
				fc.string({ maxLength: 40, unit: 'grapheme' }).map(encodeURIComponent),
				latin1,
				fc.integer({ min: 100, max: 6_000 }).map((n) => 'a'.repeat(n)),
				fc.constant(`${session.id}/../${session.id}`)
			);
		const query = fc.oneof(
			fc.constant(''),
			fc.tuple(fc.constantFrom('md', 'json', 'csv', 'docx', 'pdf', 'MD', 'exe', '', '%', '../x', 'md%00'), fc.constantFrom('da', 'en', 'xx', '', '%FF', '__proto__')).map(([format, lang]) => `?format=${format}&lang=${lang}`),
			fc.constantFrom('?', '?&&&', '?=', '?format[]=md', '?format=md&format=pdf', '?%', '?format=%E0%A4%A', `?${'a=1&'.repeat(1_000)}`, '?__proto__[x]=1', '?constructor=1'),
			fc.array(fc.tuple(printable, printable), { maxLength: 4 }).map((pairs) => `?${new URLSearchParams(pairs)}`)
		);
		const authorization = () =>
			fc.oneof(
				fc.constant(undefined),
				fc.constantFrom('', 'Bearer', 'Bearer ', 'bearer  x', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Bearer \u00ff', `Bearer ${'k'.repeat(7_000)}`, 'Token x', `Bearer ${session.facilitatorKey}x`, `Bearer ${session.facilitatorKey.slice(1)}`),
				printable.map((text) => `Bearer ${text}`),
				latin1
			);
		const smallBody = fc.oneof(
			fc.constant(undefined),
			fc.constantFrom('{', '{"a":', 'null', '[]', '""', '{}', '{"__proto__":{"admin":true}}', '{"templateId":"../x"}', `{"sessionId":"${'s'.repeat(500)}","name":7}`, '\u0000', 'a=1&b=2', '--x\r\nbad'),
			fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
			fc.dictionary(fc.constantFrom('templateId', 'sessionId', 'name', 'title', '__proto__'), hostileValue, { maxKeys: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
			fc.uint8Array({ maxLength: 2_000 })
		);
		/** Around adapter-node's BODY_SIZE_LIMIT (512 KB). */
		const bigBody = fc.integer({ min: 256 * 1024, max: 1024 * 1024 }).map((n) => `{"name":"${'x'.repeat(n)}"}`);
		const headers = (withRealKey: boolean, withHostileHost: boolean) =>
			fc
				.record({
					authorization: withRealKey ? fc.oneof(authorization(), fc.constant(`Bearer ${session.facilitatorKey}`)) : authorization(),
					'content-type': fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-16', 'application/octet-stream', 'text/html', '*/*', 'garbage', ''), { nil: undefined }),
					accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*', '', 'x/y;q=x'), { nil: undefined }),
					cookie: fc.option(fc.constantFrom('PARAGLIDE_LOCALE=%%%', 'PARAGLIDE_LOCALE=xx', 'PARAGLIDE_LOCALE=__proto__', 'a=%E0%A4%A', '=;=;'), { nil: undefined }),
					'accept-language': fc.option(fc.oneof(printable, fc.constant('x'.repeat(5_000))), { nil: undefined }),
					'x-forwarded-for': fc.option(fc.constantFrom('1.2.3.4', 'garbage', '::1, 127.0.0.1', ''), { nil: undefined }),
					host: withHostileHost ? fc.option(fc.constantFrom('evil.example', '', 'localhost:0', '[::1', 'a'.repeat(300)), { nil: undefined }) : fc.constant(undefined)
				})
				.map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, string>);

		/** The route's parameters filled in with one hostile segment. */
		const pathOf = (template: string) => fc.tuple(segment(), query).map(([value, q]) => template.replace(/:\w+/g, value) + q);
		const decodable = (pathname: string) => {
			try {
				return decodeURI(pathname) !== undefined;
			} catch {
				return false;
			}
		};
		/**
		 * Whether `path`, once `..`, `\\` and the like are resolved, still names the route `template`.
		 * Raw bytes above 0x7e never reach the app: Node's parser answers them with a bare 400.
		 */
		const staysOn = (template: string, path: string) => {
			const { pathname } = new URL(path, 'http://x');
			return /^[\x21-\x7e]*$/.test(path) && decodable(pathname) && new RegExp(`^${template.replace(/:\w+/g, '[^/]+')}$`).test(pathname);
		};

		interface RequestShape {
			routes: Route[];
			methods: (route: Route) => string[];
			bodies?: fc.Arbitrary<string | Uint8Array | undefined>;
			contentTypes?: string[];
			hostileHost?: boolean;
			/** Only paths that still name the route once resolved. */
			sameRoute?: boolean;
		}

		/** A request made of hostile parts; the real key only with methods that cannot delete or write. */
		const anyRequest = ({ routes: among, methods, bodies = smallBody, contentTypes, hostileHost = false, sameRoute = false }: RequestShape): fc.Arbitrary<HttpCall> =>
			fc
				.constantFrom(...among)
				.chain((route) => fc.tuple(fc.constantFrom(...methods(route)), sameRoute ? pathOf(route.path).filter((path) => staysOn(route.path, path)) : pathOf(route.path)))
				.chain(([method, path]) =>
					fc.record({
						method: fc.constant(method),
						path: fc.constant(path),
						headers: headers(method === 'GET' || method === 'HEAD', hostileHost).chain((h) =>
							contentTypes ? fc.constantFrom(...contentTypes).map((type) => ({ ...h, 'content-type': type })) : fc.constant(h)
						),
						body: method === 'GET' || method === 'HEAD' ? fc.constant(undefined) : bodies
					})
				);

		const isApi = (path: string) => new URL(path, 'http://x').pathname.startsWith('/api/');
		const ownMethods = (route: Route) => route.methods;
		const otherMethods = (route: Route) => allMethods.filter((method) => method !== 'HEAD' && !route.methods.includes(method));

		it('never answers 5xx nor changes the session, whatever the route, method, path, query, headers and body', async () => {
			const anything = fc.oneof(
				{ weight: 4, arbitrary: anyRequest({ routes, methods: () => allMethods, hostileHost: true }) },
				{ weight: 4, arbitrary: anyRequest({ routes, methods: ownMethods, hostileHost: true }) },
				{ weight: 1, arbitrary: anyRequest({ routes, methods: ownMethods, bodies: bigBody }) }
			);
			await fc.assert(
				fc.asyncProperty(anything, async (call) => {
					const what = `${call.method} ${call.path.slice(0, 200)}`;
					await changesNothing(what, async () => expect((await send(port, call)).status, `${what}\n${serverLog()}`).toBeLessThan(500));
				}),
				budget(150)
			);
		});

		const withParameter = apiRoutes.filter((route) => route.path.includes(':'));
		const refusalCases: Record<string, fc.Arbitrary<HttpCall>> = {
			'on its own routes and methods, whatever the ids, key, query, headers and body': anyRequest({
				routes: apiRoutes,
				methods: ownMethods,
				contentTypes: ['application/json', 'application/octet-stream', 'garbage'],
				sameRoute: true
			}),
			'on a body larger than the server reads': anyRequest({ routes: apiRoutes, methods: ownMethods, bodies: bigBody, contentTypes: ['application/json'], sameRoute: true }),
			'on a method the route does not have': anyRequest({ routes: apiRoutes, methods: otherMethods }),
			'on a form or text body sent without a same-site Origin': anyRequest({
				routes: apiRoutes.filter((route) => route.methods.includes('POST')),
				methods: () => ['POST'],
				contentTypes: formTypes
			}),
			'on a path with a malformed percent-escape': fc
				.tuple(fc.constantFrom(...withParameter), fc.constantFrom('%', '%ZZ', '%C0%AF', '%E0%A4%A', '%FF%FE', '%ED%A0%80', `${'%'.repeat(3)}x`))
				.map(([route, id]) => ({ method: route.methods[0], path: route.path.replace(/:\w+/g, id), headers: {} })),
			'on a path under /api/ that names no route': fc
				.tuple(fc.constantFrom('GET', 'POST', 'DELETE'), fc.constantFrom('/api/', '/api/nothing', '/api/sessions/:id/nothing', '/api/sessions/:id/export/x', '/api/session', '/api/templates/:id/x'))
				.chain(([method, template]) => pathOf(template).map((path) => ({ method, path, headers: {} })))
		};

		for (const [name, requests] of Object.entries(refusalCases)) {
			it(`API: refuses with 4xx and a JSON { error: { code, message } } ${name}`, async () => {
				await fc.assert(
					fc.asyncProperty(requests, async (call) => {
						const answer = await send(port, call);
						const what = `${call.method} ${call.path.slice(0, 200)}`;
						expect(answer.status, `${what}\n${serverLog()}`).toBeLessThan(500);
						if (answer.status >= 400 && call.method !== 'HEAD' && isApi(call.path)) expectJsonError(answer, what);
					}),
					budget(50)
				);
				await expectUnchanged('after the requests');
			});
		}
	});

	describe('the Yjs endpoint', () => {
		it('closes a connection that sends a malformed, truncated or oversized message (4400–4499, 1009), and the sheet is unchanged', async () => {
			const docName = () => `${session.id}/${phone.self!.groupId}`;
			/** Who opens the sheet, each time with a ticket of its own. */
			const credentials = () => fc.constantFrom<'phone' | 'facilitator'>('phone', 'facilitator');
			const sheetState = async () => {
				await sheet.roundTrip();
				return { text: sheet.text.toString(), update: Buffer.from(Y.encodeStateAsUpdate(sheet.doc)).toString('hex') };
			};
			await fc.assert(
				fc.asyncProperty(hostileFrame, credentials(), async (frame, credential) => {
					const was = await sheetState();
					const reading = classify(frame);
					const answers = reading === 'harmless' && frame.data instanceof Uint8Array && frame.data[0] === 0 && frame.data[1] === 0 ? 2 : 1;
					const path = await ticketPath(credential === 'phone' ? phone : host, docName());
					const outcome = await yjsVisit(`${url.replace('http', 'ws')}${path}`, [frame], answers);
					expect(outcome, `${frame.kind} (${reading}): no answer`).not.toHaveProperty('timeout');
					expect(outcome, `${frame.kind} (${reading}): upgrade refused`).not.toHaveProperty('refused');
					expectAlive();
					if ('closed' in outcome) {
						if (reading === 'oversized') expect(outcome.closed).toBe(1009);
						else expect(outcome.closed >= 4400 && outcome.closed <= 4499, `closed with ${outcome.closed}`).toBe(true);
					} else {
						expect(reading, `${frame.kind}: a ${reading} message was accepted`).not.toMatch(/malformed|oversized/);
					}
					if (reading !== 'update' || 'closed' in outcome) expect(await sheetState(), `${frame.kind} (${reading}) changed the sheet`).toEqual(was);
				}),
				budget(120)
			);
			await expectUnchanged('after the Yjs messages');
		});

		it('refuses an upgrade with a bad document name, with any key or token, or without a valid ticket, with 4xx and a JSON error', async () => {
			const name = fc.oneof(
				fc.constantFrom('', 'only-one', 'a/b/c', '%', '%E0%A4%A/x', `${'a'.repeat(41)}/x`, '../../etc/passwd', '..%2F..%2Fx/y', '%2e%2e/%2e%2e', `${session.id}/`, `/${session.id}`, `${session.id}/g1/`, 'a b/c', 'øæå/x', '%00/x', 'NoSuchSession/g1', `${session.id}%2Fg1`, `${session.id}/${'g'.repeat(5_000)}`),
				fc.tuple(fc.string({ maxLength: 50, unit: 'grapheme' }), fc.string({ maxLength: 50, unit: 'grapheme' })).map(([a, b]) => `${encodeURIComponent(a)}/${encodeURIComponent(b)}`),
				latin1
			);
			// The right key and token too: no secret opens /collab/ from its URL, only a ticket.
			const credential = fc.constantFrom('', '?', '?key=wrong', `?key=${'k'.repeat(6_000)}`, '?token=bad', `?token=${newToken()}`, '?role=screen', '?role=facilitator', '?key=', '?token=&key=', '?%', `?token=${phoneToken}`, `?key=${session.facilitatorKey}`, `?key=${session.facilitatorKey}x`, '?ticket=', '?ticket=guessed', `?ticket=${'t'.repeat(6_000)}`, '?ticket=a&ticket=b');
			// A WebSocket URL has no fragment, and one that `..` or `\\` takes out of /collab/ is the next test's.
			const upgrade = fc.tuple(name, credential).filter(([docName]) => !docName.includes('#') && new URL(`ws://x/collab/${docName}`).pathname.startsWith('/collab/'));
			await fc.assert(
				fc.asyncProperty(upgrade, async ([docName, query]) => {
					const outcome = await yjsVisit(`${url.replace('http', 'ws')}/collab/${docName}${query}`, []);
					expect(outcome, `/collab/${docName.slice(0, 100)}${query.slice(0, 100)}`).toHaveProperty('refused');
					const { refused, body } = outcome as { refused: number; body: string };
					expect(refused >= 400 && refused < 500, `answered ${refused}`).toBe(true);
					expectClearError(JSON.parse(body), upgradeCodes, `upgrade refusal ${refused}`);
					expectAlive();
				}),
				budget(120)
			);
		});
	});

	// Last of the properties: the crash it looks for takes the server down.
	describe('WebSocket upgrades', () => {
		/** An upgrade request for `path`; the client resets the connection after `waitMs` unless the server closed it first. */
		function upgradeThenReset(path: string, waitMs: number): Promise<string> {
			return new Promise((resolve) => {
				let answer = '';
				const socket = net.connect({ port, host: '127.0.0.1', localAddress: freshAddress() }, () =>
					socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)
				);
				const timer = setTimeout(() => {
					socket.resetAndDestroy();
					resolve(answer);
				}, waitMs);
				socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
				socket.on('error', () => {});
				socket.on('close', () => {
					clearTimeout(timer);
					resolve(answer);
				});
			});
		}

		it('answers every upgrade, whoever owns the path, and lives on when the client resets it', async () => {
			const path = fc.constantFrom('/collab', '/collab/../../etc/passwd', '/Collab/a/b', '/collabx/a/b', '/nothing', '/api/sessions', '/ws', '/socket.io', `/collab/${session.id}/g1`, '/socket.io/?EIO=4&transport=websocket');
			await fc.assert(
				fc.asyncProperty(path, async (target) => {
					const answer = await upgradeThenReset(target, 500);
					await new Promise((resolve) => setTimeout(resolve, 100));
					expectAlive();
					expect(answer, `upgrade to ${target}: no answer within 500 ms`).toMatch(/^HTTP\/1\.1 (101|4\d\d) /);
				}),
				budget(20, 10_000)
			);
		});
	});

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
});
