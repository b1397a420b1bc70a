import type { GroupSheet, TicketSource } from './group-sheet.svelte';

/**
 * Opens a shared document once Yjs has loaded (it is never part of a page's first download),
 * after `ready` if given, and hands it to `opened`; the returned function closes it again (or
 * stops it from opening), handing `opened` null. Made for a Svelte `$effect`'s cleanup.
 */
export function openSheetLater(
	sessionId: string,
	docId: string,
	tickets: TicketSource,
	opened: (sheet: GroupSheet | null) => void,
	options: { name?: string; ready?: Promise<unknown> } = {}
): () => void {
	let made: GroupSheet | null = null;
	let cancelled = false;
	(options.ready ?? Promise.resolve())
		.then(() => import('./group-sheet.svelte'))
		.then(({ GroupSheet }) => {
			if (cancelled) return;
			made = new GroupSheet(sessionId, docId, tickets, { name: options.name });
			opened(made);
		});
	return () => {
		cancelled = true;
		made?.destroy();
		opened(null);
	};
}
