import { untrack } from 'svelte';
import type { CollabDoc } from './collab-doc.svelte';

/** What a `CollabDoc` is opened with (a page passes its own; the constructor's type decides). */
type Credentials = ConstructorParameters<typeof CollabDoc>[2];
type DocOptions = NonNullable<ConstructorParameters<typeof CollabDoc>[3]>;

export interface WantedSheets {
	sessionId: string;
	/** The documents to keep open (ids within the session, e.g. a group id or `agreement`). */
	docs: readonly string[];
	/** Who opens them; null: nobody yet, nothing opens. Another value (by identity) reopens every document. */
	credentials: Credentials | null;
	/** Used for documents opened from now on (awareness name, keeping a copy offline). */
	options?: DocOptions;
	/** Settled before that document opens (e.g. the agreement's draft is written first). */
	ready?: (docId: string) => Promise<unknown> | undefined;
}

interface Entry {
	doc: CollabDoc | null;
	cancelled: boolean;
}

/**
 * The shared documents a page shows, kept to what `want()` asks for as it changes: the missing
 * ones open once Yjs has loaded (a dynamic import, so Yjs is never part of a page's first
 * download), the ones no longer wanted close, and `get(docId)` / `all` expose the open ones.
 * Owns its effect: `destroy()` stops it and closes everything.
 */
export class ShownSheets {
	#open = $state<Record<string, CollabDoc>>({});
	readonly #entries = new Map<string, Entry>();
	#session: string | null = null;
	#credentials: Credentials | null = null;
	readonly #stop: () => void;

	constructor(want: () => WantedSheets) {
		this.#stop = $effect.root(() => {
			// Only `want()` is tracked: opening and closing read and write `#open`.
			$effect(() => {
				const wanted = want();
				untrack(() => this.#keep(wanted));
			});
		});
	}

	/** The open documents by id (one still loading is absent). */
	get all(): Readonly<Record<string, CollabDoc>> {
		return this.#open;
	}

	get(docId: string): CollabDoc | null {
		return this.#open[docId] ?? null;
	}

	destroy(): void {
		this.#stop();
		this.#closeAll();
	}

	#keep({ sessionId, docs, credentials, options, ready }: WantedSheets): void {
		if (credentials !== this.#credentials || sessionId !== this.#session) this.#closeAll();
		this.#session = sessionId;
		this.#credentials = credentials;
		const wanted = new Set(credentials ? docs : []);
		for (const docId of [...this.#entries.keys()]) if (!wanted.has(docId)) this.#close(docId);
		for (const docId of wanted) if (!this.#entries.has(docId)) this.#openLater(sessionId, docId, credentials!, options, ready?.(docId));
	}

	#openLater(sessionId: string, docId: string, credentials: Credentials, options: DocOptions | undefined, ready: Promise<unknown> | undefined): void {
		const entry: Entry = { doc: null, cancelled: false };
		this.#entries.set(docId, entry);
		Promise.all([import('./collab-doc.svelte'), ready]).then(([{ CollabDoc }]) => {
			if (entry.cancelled) return;
			entry.doc = new CollabDoc(sessionId, docId, credentials, options);
			this.#open = { ...this.#open, [docId]: entry.doc };
		});
	}

	#close(docId: string): void {
		const entry = this.#entries.get(docId);
		if (!entry) return;
		entry.cancelled = true;
		entry.doc?.destroy();
		this.#entries.delete(docId);
		if (docId in this.#open) {
			const { [docId]: _closed, ...rest } = this.#open;
			this.#open = rest;
		}
	}

	#closeAll(): void {
		for (const docId of [...this.#entries.keys()]) this.#close(docId);
	}
}
