import { AsyncLocalStorage as NodeAsyncLocalStorage } from 'node:async_hooks';
import type { ServerResponse } from 'node:http';

export * from 'node:async_hooks';

/**
 * The pages' AsyncLocalStorage, idle between page requests.
 *
 * SvelteKit (its request store), Paraglide (the request's language) and Svelte (async
 * rendering) each keep a store per request in an AsyncLocalStorage. On Node 20 the first `run`
 * of one turns on promise hooks for the whole process, and they stay on: every promise made
 * afterwards, each of a rating's too, pays for a hook call and a copy of every store onto it.
 * Turning them off between page requests took a saturated core from 7,877 to 9,534 ratings a
 * second (`npm run bench -- saturation`, BENCHMARKS.md, "Issue 17, sitting 10").
 *
 * The server build imports `node:async_hooks` through this module (vite/idle-async-storage.ts),
 * so each of their storages is known here; server/app.ts counts the page requests in flight,
 * and when the last has answered every storage is disabled, which turns the hooks off. The next
 * request's `run` turns them on again: a page keeps its store across its awaits, as before.
 * Nothing reads a store once its response has been sent. (Node 22's AsyncContextFrame makes
 * AsyncLocalStorage cheap, and this module unnecessary.)
 *
 * The server's modules and the built bundle are separate copies of this file: what they share
 * lives on the global object, under a symbol from the global registry.
 */
const SHARED = Symbol.for('vaegten-live.async-storages');

interface Shared {
	storages: Set<NodeAsyncLocalStorage<unknown>>;
	inFlight: number;
}

const shared: Shared = ((globalThis as { [SHARED]?: Shared })[SHARED] ??= { storages: new Set(), inFlight: 0 });

export class AsyncLocalStorage<T> extends NodeAsyncLocalStorage<T> {
	constructor() {
		super();
		shared.storages.add(this as NodeAsyncLocalStorage<unknown>);
	}
}

/** A page request has begun: the storages stay enabled until its response (and every other in flight) is done. */
export function pageRequest(res: ServerResponse): void {
	shared.inFlight += 1;
	res.once('close', () => {
		shared.inFlight -= 1;
		if (shared.inFlight > 0) return;
		for (const storage of shared.storages) storage.disable();
	});
}
