/**
 * Typers for the Yjs benchmark (groups-typing): y-websocket's own WebsocketProvider per typer,
 * groups of typers sharing one document, and the keystroke → peer latency.
 *
 * Keystroke → peer: each keystroke inserts one character, so a writer's Yjs clock counts its
 * keystrokes. The writer records when it typed keystroke k; on every update a peer applies, it
 * reads the writer's clock in its own document (`Y.getState`) and each newly covered k is a
 * sample: arrival time minus typing time.
 */
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Latencies, now, sleep, waitFor } from './stats';

export interface Typer {
	doc: Y.Doc;
	provider: WebsocketProvider;
	text: Y.Text;
	/** typedAt[k - 1]: when keystroke k was typed. */
	typedAt: number[];
	peers: Typer[];
}

/** One typer on `docName` at `ws://127.0.0.1:PORT/collab/docName` (Node 20 has no WebSocket: ws's); `options`: y-websocket's (a ticketed socket, say). */
export function openTyper(port: number, docName: string, field: string, options: ConstructorParameters<typeof WebsocketProvider>[3] = {}): Typer {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`ws://127.0.0.1:${port}/collab`, docName, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		disableBc: true,
		...options
	});
	return { doc, provider, text: doc.getText(field), typedAt: [], peers: [] };
}

/** Makes the typers of each document (`docOf`) one another's peers. */
export function groupUp<T extends Typer>(typers: T[], docOf: (typer: T) => string): void {
	for (const typer of typers) typer.peers = typers.filter((other) => other !== typer && docOf(other) === docOf(typer));
}

export const allSynced = (typers: Typer[], timeoutMs = 30_000): Promise<boolean> => waitFor(() => typers.every((t) => t.provider.synced), timeoutMs);

/** Every update a typer applies: which of its peers' keystrokes it now has. */
function watchPeers(typer: Typer, latency: Latencies): void {
	const seen = new Map(typer.peers.map((peer) => [peer.doc.clientID, 0]));
	typer.doc.on('update', () => {
		const at = now();
		for (const peer of typer.peers) {
			const state = Y.getState(typer.doc.store, peer.doc.clientID);
			const before = seen.get(peer.doc.clientID)!;
			for (let k = before + 1; k <= state; k++) latency.add(at - peer.typedAt[k - 1]);
			seen.set(peer.doc.clientID, state);
		}
	});
}

export interface Typed {
	/** Keystrokes typed (each one update to the server). */
	typed: number;
	latency: Latencies;
	/** Peer keystrokes that never arrived (after a 5 s drain): must be 0. */
	unseen: number;
}

/**
 * Every typer types `keysPerSecond` characters a second for `seconds`, each at its own phase,
 * then waits (at most 5 s) until every peer has every keystroke, and 300 ms more.
 */
export async function typeAll(typers: Typer[], seconds: number, keysPerSecond: number): Promise<Typed> {
	const latency = new Latencies();
	for (const typer of typers) watchPeers(typer, latency);
	const keystrokes = seconds * keysPerSecond;
	const gap = 1000 / keysPerSecond;
	const schedule = typers
		.flatMap((typer) => {
			const offset = Math.random() * gap;
			return Array.from({ length: keystrokes }, (_, k) => ({ typer, k, at: offset + k * gap }));
		})
		.sort((a, b) => a.at - b.at);
	const started = now();
	let typed = 0;
	for (const { typer, k, at } of schedule) {
		const wait = started + at - now();
		if (wait > 2) await sleep(wait);
		typer.typedAt.push(now());
		typer.text.insert(typer.text.length, String.fromCharCode(97 + (k % 26)));
		typed += 1;
	}
	const complete = () => typers.every((t) => t.peers.every((peer) => Y.getState(t.doc.store, peer.doc.clientID) === peer.typedAt.length));
	await waitFor(complete, 5_000);
	await sleep(300);
	const expected = typers.reduce((sum, t) => sum + t.peers.reduce((s, peer) => s + peer.typedAt.length, 0), 0);
	return { typed, latency, unseen: expected - latency.count };
}
