import type { Config } from '../config';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * The store the configuration names, migrated and ready: SQLite in DATA_DIR. Every entry
 * (server/main.ts, server/dev-plugin.ts) and the tests open it here and hand it to the app,
 * so another store behind the same contract (server/store/types.ts) is chosen in one place.
 */
export async function openStore(config: Pick<Config, 'dataDir'>): Promise<Store> {
	return openSqliteStore(config.dataDir);
}
