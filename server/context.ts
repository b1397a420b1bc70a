import { introTool } from '../src/lib/template/intro-tool';
import type { Template } from '../src/lib/template/types';
import type { CollabServer } from './collab/types';
import type { Config } from './config';
import { createGuard, type Guard } from './guard';
import { createLogger, type Logger } from './log';
import { RoomRegistry } from './rooms/registry';
import { openSqliteStore } from './store/sqlite';
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
}

export function createAppContext(config: Config, template: Template = introTool, log: Logger = createLogger(config.logLevel)): AppContext {
	const store = openSqliteStore(config.dataDir);
	const guard = createGuard({ trustProxy: config.trustProxy, rates: config.rates, refusals: config.refusals, get publicUrl() { return config.publicUrl; } });
	return { config, store, rooms: new RoomRegistry(store, template), collab: null, guard, log };
}

export async function closeAppContext(context: AppContext): Promise<void> {
	await context.rooms.close();
	await context.store.close();
}
