import { introTool } from '../src/lib/template/intro-tool';
import type { Template } from '../src/lib/template/types';
import type { CollabServer } from './collab/types';
import type { Config } from './config';
import { createGuard, type Guard } from './guard';
import { createLogger, type Logger } from './log';
import { watchOwnership, type Ownership } from './rooms/ownership';
import { RoomRegistry } from './rooms/registry';
import type { Store } from './store/types';

/** The services every entry point (HTTP routes, sockets) works with. */
export interface AppContext {
	config: Config;
	store: Store;
	rooms: RoomRegistry;
	/** The Yjs documents (groups' sheets, the agreement); set once the endpoint is attached. */
	collab: CollabServer | null;
	/** Client addresses, origins and rate limits. */
	guard: Guard;
	/** The server's log (LOG_LEVEL); never given a key, token, code or text. */
	log: Logger;
	/** This process's leases on its sessions, and what other processes on the database ask of it. */
	ownership: Ownership;
}

/** The app's services around `store` (opened by the caller: server/store/open.ts); closing the context closes it. */
export function createAppContext(config: Config, store: Store, template: Template = introTool, log: Logger = createLogger(config.logLevel)): AppContext {
	const guard = createGuard({ trustProxy: config.trustProxy, rates: config.rates, refusals: config.refusals, get publicUrl() { return config.publicUrl; } });
	const timing = config.leaseTtlMs ? { ttlMs: config.leaseTtlMs, renewMs: config.leaseTtlMs / 3, minHoldMs: config.leaseTtlMs * 0.6 } : undefined;
	const rooms = new RoomRegistry(store, template, { leaseTtlMs: timing?.ttlMs });
	return { config, store, rooms, collab: null, guard, log, ownership: watchOwnership(rooms, store, log, timing) };
}

export async function closeAppContext(context: AppContext): Promise<void> {
	context.ownership.stop();
	await context.rooms.close();
	await context.store.close();
}
