/**
 * The bare baselines the benchmark measures the app against (issue 17), as their own process:
 * `node --import tsx bench/baseline/server.ts` with PORT and BASELINE=b1|b2.
 *
 * - B1: a bare socket.io server speaking just enough of the app's protocol for the bench's
 *   clients (POST /api/sessions, the handshake, `rating:set`, `step:goto`): an in-memory tally
 *   per item and the same 50 ms coalesced results broadcast to the screen.
 * - B2: B1 plus one SQLite commit per event-loop turn before the acks: every join's participant
 *   and every rating of that turn in one transaction, as durable as the app's (WAL,
 *   synchronous=FULL: a commit is on disk before its acks go out). BASELINE_SYNC=normal gives
 *   synchronous=NORMAL (safe when the process dies, not when the machine does), for reference.
 *
 * Nothing here is the product: no privacy batches, no roles table, no content beyond what the
 * clients need. It is the floor: what socket.io (and SQLite) cost on this machine.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Server, type Socket } from 'socket.io';
import { createMetrics } from '../../server/metrics';
import { introTool } from '../../src/lib/template/intro-tool';
import { contentOf } from '../../src/lib/session/content';
import { MAX_MESSAGE_BYTES } from '../../src/lib/limits';

const mode = process.env.BASELINE === 'b2' ? 'b2' : 'b1';
const port = Number(process.env.PORT ?? 0);
const BROADCAST_MS = 50;
const content = contentOf(introTool);
const itemIds = new Set(content.items.map((item) => item.id));

interface Tally {
	count: number;
	sum: number;
}

interface Room {
	id: string;
	code: string;
	key: string;
	participants: Map<string, number>;
	/** participant → item → value */
	ratings: Map<number, Map<string, number>>;
	tallies: Map<string, Tally>;
	raters: Set<number>;
	stepIndex: number;
	broadcast: NodeJS.Timeout | null;
}

const rooms = new Map<string, Room>();
const byCode = new Map<string, Room>();
const secret = (bytes: number) => randomBytes(bytes).toString('base64url');

/** B2's database: one transaction per event-loop turn, then that turn's acks. */
const db = mode === 'b2' ? new Database(join(process.env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'baseline-')), 'baseline.db')) : null;
if (db) {
	db.pragma('journal_mode = WAL');
	db.pragma(process.env.BASELINE_SYNC === 'normal' ? 'synchronous = NORMAL' : 'synchronous = FULL');
	db.exec(`CREATE TABLE participants (session_id TEXT, id INTEGER, token TEXT, PRIMARY KEY (session_id, id));
		CREATE TABLE ratings (session_id TEXT, participant_id INTEGER, item_id TEXT, value INTEGER, PRIMARY KEY (session_id, participant_id, item_id));`);
}
const insertParticipant = db?.prepare('INSERT INTO participants (session_id, id, token) VALUES (?, ?, ?)');
const upsertRating = db?.prepare('INSERT INTO ratings VALUES (?, ?, ?, ?) ON CONFLICT (session_id, participant_id, item_id) DO UPDATE SET value = excluded.value');

type Write = () => void;
let pending: Array<{ write: Write; done: () => void }> = [];
/** Runs `write` in this turn's transaction (B2) and `done` after its commit; B1 runs `done` at once. */
function commit(write: Write, done: () => void): void {
	if (!db) return done();
	if (pending.length === 0) setImmediate(flush);
	pending.push({ write, done });
}
const transaction = db?.transaction((writes: Write[]) => {
	for (const write of writes) write();
});
function flush(): void {
	const turn = pending;
	pending = [];
	transaction!(turn.map((entry) => entry.write));
	for (const entry of turn) entry.done();
}

function resultsOf(room: Room) {
	return {
		participants: room.participants.size,
		raters: { general: 0, leader: room.raters.size, progress: 0, 'safe-team': 0, 'unsafe-team': 0, 'warning-signs': 0, tools: 0 },
		items: [...room.tallies].map(([itemId, { count, sum }]) => ({ itemId, count, mean: count ? sum / count : null, sd: null, histogram: null })),
		ranking: [],
		voters: 0
	};
}

function scheduleBroadcast(io: Server, room: Room): void {
	room.broadcast ??= setTimeout(() => {
		room.broadcast = null;
		io.to(`${room.id}:screen`).emit('results:changed', resultsOf(room));
	}, BROADCAST_MS);
}

const sessionView = (room: Room) => ({ stepIndex: room.stepIndex, votes: {}, groups: { mode: null, list: [] }, display: { kind: 'step' }, ended: false });

const metrics = createMetrics();
const http = createServer((req, res) => {
	if (metrics.handle(req, res)) return;
	if (req.method === 'POST' && req.url === '/api/sessions') {
		const room: Room = { id: secret(12), code: secret(4).slice(0, 6).toUpperCase(), key: secret(24), participants: new Map(), ratings: new Map(), tallies: new Map(), raters: new Set(), stepIndex: 0, broadcast: null };
		rooms.set(room.id, room);
		byCode.set(room.code, room);
		res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: room.id, code: room.code, facilitatorKey: room.key }));
		return;
	}
	res.writeHead(404).end();
});
metrics.watch(http);

const io = new Server(http, { serveClient: false, maxHttpBufferSize: MAX_MESSAGE_BYTES });

io.use((socket, next) => {
	const auth = socket.handshake.auth as { role?: string; sessionId?: string; code?: string; key?: string; token?: string };
	const room = auth.role === 'participant' ? byCode.get(auth.code ?? '') : rooms.get(auth.sessionId ?? '');
	if (!room || (auth.role === 'facilitator' && auth.key !== room.key) || (auth.role === 'participant' && typeof auth.token !== 'string')) {
		const error = new Error('refused') as Error & { data: unknown };
		error.data = { code: 'not_found', message: 'No such session.' };
		return next(error);
	}
	socket.data = { room, role: auth.role, token: auth.token };
	next();
});

io.on('connection', (socket: Socket) => {
	const { room, role, token } = socket.data as { room: Room; role: string; token: string };
	if (role === 'facilitator') {
		socket.emit('session:content', { ...content, createdAt: Date.now() });
		socket.on('step:goto', (payload: { index?: number }, ack: (reply: unknown) => void) => {
			room.stepIndex = Number(payload?.index ?? 0);
			io.to(room.id).emit('session:changed', sessionView(room));
			ack({ data: null });
		});
	}
	if (role === 'screen') {
		void socket.join([room.id, `${room.id}:screen`]);
		socket.emit('session:changed', sessionView(room));
		socket.emit('results:changed', resultsOf(room));
		return;
	}
	void socket.join(room.id);
	socket.emit('session:changed', sessionView(room));
	if (role !== 'participant') return;

	let id = room.participants.get(token);
	const joined = () => {
		socket.emit('participant:self', { nickname: '', ratings: Object.fromEntries(room.ratings.get(id!) ?? []), groupId: null, allocation: {} });
		scheduleBroadcast(io, room);
	};
	if (id === undefined) {
		id = room.participants.size + 1;
		room.participants.set(token, id);
		const participantId = id;
		commit(() => insertParticipant!.run(room.id, participantId, token), joined);
	} else joined();

	socket.on('rating:set', (payload: { itemId?: unknown; value?: unknown }, ack: (reply: unknown) => void) => {
		const { itemId, value } = payload ?? {};
		if (typeof itemId !== 'string' || !itemIds.has(itemId) || typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 4) {
			return ack({ error: { code: 'invalid_payload', message: 'A rating is an item and a whole number from 0 to 4.' } });
		}
		const participantId = id!;
		let own = room.ratings.get(participantId);
		if (!own) room.ratings.set(participantId, (own = new Map()));
		const previous = own.get(itemId);
		own.set(itemId, value);
		let tally = room.tallies.get(itemId);
		if (!tally) room.tallies.set(itemId, (tally = { count: 0, sum: 0 }));
		if (previous === undefined) tally.count += 1;
		tally.sum += value - (previous ?? 0);
		room.raters.add(participantId);
		commit(
			() => upsertRating!.run(room.id, participantId, itemId, value),
			() => {
				ack({ data: {} });
				scheduleBroadcast(io, room);
			}
		);
	});
});

http.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
	io.close();
	http.close();
	db?.close();
	process.exit(0);
});
