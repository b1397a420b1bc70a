/**
 * One shared document of a session: a group's answer sheet, the draft agreement or the
 * facilitator's notes (`SESSION_ID/DOC_ID`), synced over the app's own /collab/ WebSocket and,
 * on a phone, kept in IndexedDB, so text typed offline survives a reload and merges when the
 * phone is back. Loaded on demand (see shown-sheets.svelte.ts): the rating page never
 * downloads Yjs.
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { COLLAB_CLOSE } from '$lib/collab-close';
import { ticketedWebSocket, type TicketSource } from './group-sheet-socket';

/** `full`, `too-much` and `refused` are final: the server closed with a code y-websocket does not retry. */
export type SheetStatus = 'connecting' | 'online' | 'offline' | 'full' | 'too-much' | 'refused';

export type { TicketSource } from './group-sheet-socket';


export { fieldKey, MAX_ANSWER_LENGTH } from './group-sheet-keys';

export class CollabDoc {
	status = $state<SheetStatus>('connecting');
	/** Bumped on every change, so read-only views re-read the text. */
	version = $state(0);
	/** Who is typing where (field key → names), from the others' awareness. */
	typing = $state<Record<string, string[]>>({});

	readonly doc = new Y.Doc();
	readonly #provider: WebsocketProvider;
	readonly #local: IndexeddbPersistence | null;

	/** `tickets`: the page's live connection, which asks for a ticket for every connection attempt (no secret in the URL). */
	constructor(sessionId: string, groupId: string, tickets: TicketSource, options: { name?: string; keepOffline?: boolean } = {}) {
		const name = `${sessionId}/${groupId}`;
		this.#local = options.keepOffline ? new IndexeddbPersistence(`vaegten:${name}`, this.doc) : null;
		const origin = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/collab`;
		this.#provider = new WebsocketProvider(origin, name, this.doc, {
			WebSocketPolyfill: ticketedWebSocket(WebSocket, tickets, groupId),
			disableBc: true,
			maxBackoffTime: 5000
		});
		this.#provider.awareness.setLocalStateField('user', { name: options.name ?? '' });
		// y-websocket says "disconnected" only when a working connection closes, and
		// "connecting" on every retry: a retry while offline stays offline.
		this.#provider.on('status', ({ status }: { status: string }) => {
			if (this.status === 'full' || this.status === 'too-much' || this.status === 'refused') return;
			if (status === 'connected') this.status = 'online';
			else if (status === 'disconnected') this.status = 'offline';
			else if (this.status !== 'offline') this.status = 'connecting';
		});
		this.#provider.on('connection-close', () => {
			if (this.status === 'connecting') this.status = 'offline';
		});
		this.#provider.on('closed', ({ code }: { code: number }) => {
			this.status = code === COLLAB_CLOSE.tooLarge.code ? 'full' : code === COLLAB_CLOSE.tooMuch.code ? 'too-much' : 'refused';
		});
		this.doc.on('update', () => (this.version += 1));
		this.#provider.awareness.on('change', () => this.#readAwareness());
	}

	text(key: string): Y.Text {
		return this.doc.getText(key);
	}

	read(key: string): string {
		void this.version;
		return this.doc.getText(key).toString();
	}

	/** Tells the group discreetly that this phone is typing in `key` (null: stopped). */
	setTyping(key: string | null): void {
		this.#provider.awareness.setLocalStateField('typing', key);
	}

	#readAwareness(): void {
		const typing: Record<string, string[]> = {};
		for (const [clientId, state] of this.#provider.awareness.getStates()) {
			if (clientId === this.doc.clientID || !state.typing) continue;
			(typing[state.typing] ??= []).push(state.user?.name || '…');
		}
		this.typing = typing;
	}

	destroy(): void {
		this.#provider.destroy();
		void this.#local?.destroy();
		this.doc.destroy();
	}
}
