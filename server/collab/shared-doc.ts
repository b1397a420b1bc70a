import { applyAwarenessUpdate, Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Logger } from '../log';
import { DocPersistence, type FlushClock } from './persistence';
import { awarenessMessage, changing, syncStep1, syncStep2, updateMessage, type AwarenessEntry, type CollabMessage } from './protocol';
import { COLLAB_CLOSE, type CloseReason, type CollabAccess, type CollabLimits, type CollabStore, type DocListener } from './types';

/** One connection, as the document sees it. */
export interface Peer {
	readonly access: CollabAccess;
	/** The awareness client ids this peer holds now: removed for everyone when it leaves. */
	readonly clientIds: Set<number>;
	/** Every client id this peer ever gave a state (at most `maxClientIds`). */
	readonly announced: Set<number>;
	send(message: Uint8Array): void;
}

interface AwarenessChange {
	added: number[];
	updated: number[];
	removed: number[];
}

/**
 * A document in memory and the peers sharing it. Speaks the y-websocket protocol but knows
 * nothing of the transport: it is handed decoded messages, and says when a peer must go.
 */
/**
 * Throws when `update` cannot be applied whole, without touching any live document: tried on
 * an empty document. There only the structs of a client whose run starts at clock 0 can
 * integrate (any other is missing its predecessors, and waits): an update with none (every
 * keystroke but a client's first) is only decoded, whole, its delete set included, which is
 * all the empty document would have done with it, at a fraction of the cost.
 */
function probe(update: Uint8Array): void {
	if (!Y.decodeUpdate(update).structs.some((struct) => struct.id.clock === 0)) return;
	const scratch = new Y.Doc({ gc: false });
	try {
		Y.applyUpdate(scratch, update);
	} finally {
		scratch.destroy();
	}
}

export class SharedDoc {
	readonly name: string;
	readonly doc = new Y.Doc();
	readonly awareness = new Awareness(this.doc);
	readonly #peers = new Set<Peer>();
	readonly #persistence: DocPersistence;
	readonly #maxBytes: number;
	readonly #maxClientIds: number;
	readonly #onChange: DocListener | undefined;

	constructor(name: string, store: CollabStore, limits: CollabLimits, clock: FlushClock, log: Logger, onChange?: DocListener) {
		this.name = name;
		this.#onChange = onChange;
		this.#maxBytes = limits.maxDocumentBytes;
		this.#maxClientIds = limits.maxClientIds;
		this.#persistence = new DocPersistence(store, name, {
			clock,
			compactAfterBytes: limits.maxDocumentBytes / 4,
			snapshot: () => Y.encodeStateAsUpdate(this.doc),
			log
		});
		// The server has no presence of its own.
		this.awareness.setLocalState(null);
	}

	/**
	 * Applies what the store holds. No peer may join before this resolves: one synced against
	 * the empty document would take it for the real one.
	 */
	async load(): Promise<void> {
		const updates = await this.#persistence.load();
		Y.transact(this.doc, () => {
			for (const update of updates) Y.applyUpdate(this.doc, update);
		});
		// Listening only now: what was loaded is stored already, and nobody is connected yet.
		this.doc.on('update', this.#onUpdate);
		this.awareness.on('update', this.#onAwareness);
	}

	/** The server opens the sync (step 1) and tells the newcomer who is here. */
	join(peer: Peer): void {
		this.#peers.add(peer);
		peer.send(syncStep1(this.doc));
		const present = [...this.awareness.getStates().keys()];
		if (present.length > 0) peer.send(awarenessMessage(this.awareness, present));
	}

	leave(peer: Peer): void {
		if (!this.#peers.delete(peer)) return;
		if (peer.clientIds.size > 0) removeAwarenessStates(this.awareness, [...peer.clientIds], null);
	}

	/**
	 * Handles one message from a joined peer; returns why the peer must be closed, or null.
	 * A reader only ever receives: its updates (sync step 2 included) and awareness are
	 * dropped. Throws on a malformed message, before any of it is applied.
	 */
	receive(peer: Peer, message: CollabMessage): CloseReason | null {
		switch (message.kind) {
			case 'sync-step1':
				peer.send(syncStep2(this.doc, message.stateVector));
				return null;
			case 'sync-step2':
			case 'update':
				if (peer.access.access !== 'write') return null;
				// Checked before applying, so the document stays whole for everyone else.
				if (this.#persistence.bytes + message.update.length > this.#maxBytes) return COLLAB_CLOSE.tooLarge;
				// Tried on an empty document first: Yjs integrates a broken update's first structs before
				// it throws on a later one (and stores and sends what it integrated). Decoding alone
				// does not find that: an item whose origin lies beyond its own clock decodes fine.
				probe(message.update);
				Y.applyUpdate(this.doc, message.update, peer);
				return null;
			case 'awareness':
				if (peer.access.access !== 'write') return null;
				if (!this.#claim(peer, message.entries)) return COLLAB_CLOSE.tooMuch;
				applyAwarenessUpdate(this.awareness, message.update, peer);
				return null;
			case 'other':
				return null;
		}
	}

	/**
	 * Decides, before an awareness update is applied, which client ids it gives to `peer`: those
	 * of its entries y-protocols will apply (a newer clock) with a state. A client that comes
	 * back on a new connection moves to it. False, and nothing changes, when the peer would
	 * announce more than `maxClientIds` clients; entries that change nothing (y-websocket echoes
	 * every awareness change it hears) count for nothing.
	 */
	#claim(peer: Peer, entries: AwarenessEntry[]): boolean {
		const applied = changing(this.awareness, entries);
		const held = applied.filter((entry) => entry.state !== null).map((entry) => entry.clientID);
		if (new Set([...peer.announced, ...held]).size > this.#maxClientIds) return false;
		for (const entry of applied) if (entry.state === null) peer.clientIds.delete(entry.clientID);
		for (const id of held) {
			for (const other of this.#peers) other.clientIds.delete(id);
			peer.clientIds.add(id);
			peer.announced.add(id);
		}
		return true;
	}

	flush(): Promise<void> {
		return this.#persistence.flush();
	}

	/** Flushes, then replaces the stored updates with one snapshot. The document in memory is unchanged. */
	compact(): Promise<void> {
		return this.#persistence.compact();
	}

	/** Forgets the document without saving what is pending; resolves when no write is in flight. */
	discard(): Promise<void> {
		const settled = this.#persistence.settled();
		this.destroy();
		return settled;
	}

	/** Call after the last `compact()` resolved. */
	destroy(): void {
		this.#persistence.dispose();
		this.doc.off('update', this.#onUpdate);
		this.awareness.off('update', this.#onAwareness);
		this.awareness.destroy();
		this.doc.destroy();
	}

	/** Every change is stored, and sent to every peer but the one it came from. */
	readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
		this.#persistence.push(update);
		this.#broadcast(updateMessage(update), origin);
		this.#onChange?.(this.name, this.doc);
	};

	/** Who holds which client id was settled before the update was applied (`#claim`). */
	readonly #onAwareness = ({ added, updated, removed }: AwarenessChange, origin: unknown): void => {
		const peer = this.#peers.has(origin as Peer) ? (origin as Peer) : null;
		this.#broadcast(awarenessMessage(this.awareness, [...added, ...updated, ...removed]), peer);
	};

	#broadcast(message: Uint8Array, except: unknown): void {
		for (const peer of this.#peers) if (peer !== except) peer.send(message);
	}
}
