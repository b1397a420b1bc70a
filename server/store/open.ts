import type { Config } from '../config';
import { createLogger } from '../log';
import { openPostgresStore } from './postgres';
import { openSqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * The store the configuration names, migrated and ready: PostgreSQL at DATABASE_URL (shared by
 * every process of the app), else SQLite in DATA_DIR (one process). Every entry
 * (server/main.ts, server/dev-plugin.ts) and the tests open it here and hand it to the app,
 * so the store behind the contract (server/store/types.ts) is chosen in one place.
 */
export async function openStore(config: Pick<Config, 'dataDir' | 'databaseUrl'> & Partial<Pick<Config, 'logLevel'>>): Promise<Store> {
	if (config.databaseUrl) return openPostgresStore(config.databaseUrl, { log: createLogger(config.logLevel ?? 'warn') });
	return openSqliteStore(config.dataDir);
}
