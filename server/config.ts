import { resolve } from 'node:path';

export interface Config {
	port: number;
	host: string;
	/** Where the SQLite file lives. */
	dataDir: string;
	/**
	 * The address phones use, printed in the QR code (e.g. https://vaegten.example.dk).
	 * Empty: the address the server ends up listening on.
	 */
	publicUrl: string;
	/** Sessions older than this are deleted, with everything in them. */
	retentionDays: number;
}

/** Reads the environment; every variable is documented in the README. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
	const port = Number(env.PORT ?? 3000);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not ${env.PORT}`);
	const host = env.HOST ?? '0.0.0.0';
	const retentionDays = Number(env.RETENTION_DAYS ?? 30);
	if (!(retentionDays > 0)) throw new Error(`RETENTION_DAYS must be a positive number, not ${env.RETENTION_DAYS}`);
	return {
		port,
		host,
		dataDir: resolve(env.DATA_DIR ?? './data'),
		retentionDays,
		publicUrl: (env.PUBLIC_URL ?? (port === 0 ? '' : `http://localhost:${port}`)).replace(/\/+$/, '')
	};
}
