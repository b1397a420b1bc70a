import { resolve } from 'node:path';
import { scaledCollabRates } from './collab/limits';
import type { CollabLimits } from './collab/types';
import { scaledRates, scaledRefusals, type GuardOptions } from './guard';
import { LOG_LEVELS, type LogLevel } from './log';

export interface Config {
	port: number;
	host: string;
	/** Where the SQLite file lives (when no DATABASE_URL is set). */
	dataDir: string;
	/**
	 * A PostgreSQL database (DATABASE_URL, `postgres://…`), shared by every process of the app:
	 * the store is opened there instead of SQLite in `dataDir` (server/store/open.ts).
	 */
	databaseUrl?: string;
	/**
	 * The address phones use, printed in the QR code (e.g. https://vaegten.example.dk).
	 * Empty: the address the server ends up listening on.
	 */
	publicUrl: string;
	/** Sessions older than this are deleted, with everything in them (a follow-up: counted from its planned date). */
	retentionDays: number;
	/** What a comparison needs of a session (server/store/types.ts, KeptResults) is kept this long after it, then deleted. */
	resultsRetentionDays: number;
	/**
	 * How many reverse proxies in front of the app append to X-Forwarded-For (TRUST_PROXY).
	 * 0 (the default): the header is ignored, the peer's address is the client's.
	 */
	trustProxy: number;
	/** A room nobody is connected to is taken out of memory after this long (ms); it loads again on demand. */
	roomIdleMs: number;
	/** Other rate limits than server/guard.ts's RATES (RATE_LIMIT_SCALE multiplies them all; tests may set them one by one). */
	rates?: GuardOptions['rates'];
	/** Other limits for the Yjs endpoint than DEFAULT_COLLAB_LIMITS (tests use small ones). */
	collabLimits?: Partial<CollabLimits>;
	/** The clock the Yjs endpoint's tickets expire by (tests move it on); Date.now by default. */
	now?: () => number;
	/** Other refusal windows than server/guard.ts's REFUSALS (RATE_LIMIT_SCALE multiplies their limits). */
	refusals?: GuardOptions['refusals'];
	/**
	 * How long a session's lease lasts unless renewed (LEASE_TTL_MS; only with several processes
	 * on PostgreSQL): a process that dies has its sessions taken over this long after.
	 */
	leaseTtlMs?: number;
	/** What the log says (LOG_LEVEL): `info` tells each event worth knowing, `warn` only what went wrong, `silent` nothing. */
	logLevel: LogLevel;
}

/** Reads the environment; every variable is documented in the README. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
	const host = env.HOST ?? '0.0.0.0';
	const retentionDays = Number(env.RETENTION_DAYS ?? 30);
	if (!(retentionDays > 0)) throw new Error(`RETENTION_DAYS must be a positive number, not ${env.RETENTION_DAYS}`);
	const resultsRetentionDays = Number(env.RESULTS_RETENTION_DAYS ?? 400);
	if (!(resultsRetentionDays > 0)) throw new Error(`RESULTS_RETENTION_DAYS must be a positive number, not ${env.RESULTS_RETENTION_DAYS}`);
	const trustProxy = env.TRUST_PROXY === 'true' ? 1 : Number(env.TRUST_PROXY ?? 0);
	if (!Number.isInteger(trustProxy) || trustProxy < 0) throw new Error(`TRUST_PROXY must be the number of proxies in front of the app, not ${env.TRUST_PROXY}`);
	const roomIdleMs = Number(env.ROOM_IDLE_MS ?? 10 * 60_000);
	if (!(roomIdleMs > 0)) throw new Error(`ROOM_IDLE_MS must be a positive number, not ${env.ROOM_IDLE_MS}`);
	const scale = Number(env.RATE_LIMIT_SCALE ?? 1);
	if (!(scale > 0)) throw new Error(`RATE_LIMIT_SCALE must be a positive number, not ${env.RATE_LIMIT_SCALE}`);
	const logLevel = (env.LOG_LEVEL || 'info') as LogLevel;
	if (!LOG_LEVELS.includes(logLevel)) throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not ${env.LOG_LEVEL}`);
	const leaseTtlMs = env.LEASE_TTL_MS === undefined ? undefined : Number(env.LEASE_TTL_MS);
	if (leaseTtlMs !== undefined && !(leaseTtlMs >= 500)) throw new Error(`LEASE_TTL_MS must be at least 500 (ms), not ${env.LEASE_TTL_MS}`);
	const databaseUrl = env.DATABASE_URL || undefined;
	// Not echoed: the URL may carry a password.
	if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new Error('DATABASE_URL must be a postgres:// or postgresql:// URL (or unset, for SQLite in DATA_DIR)');
	return {
		port,
		leaseTtlMs,
		trustProxy,
		rates: scale === 1 ? undefined : scaledRates(scale),
		collabLimits: scale === 1 ? undefined : scaledCollabRates(scale),
		refusals: scale === 1 ? undefined : scaledRefusals(scale),
		logLevel,
		roomIdleMs,
		host,
		dataDir: resolve(env.DATA_DIR ?? './data'),
		databaseUrl,
		retentionDays,
		resultsRetentionDays,
		publicUrl: (env.PUBLIC_URL ?? (port === 0 ? '' : `http://localhost:${port}`)).replace(/\/+$/, '')
	};
}
