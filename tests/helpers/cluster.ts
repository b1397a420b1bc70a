import { spawn, type ChildProcess } from 'node:child_process';
import pg from 'pg';
import { startNginx, type RunningNginx } from './nginx';
import { freePort } from './ports';

const root = new URL('../../', import.meta.url);

/** One app process of a cluster (`server/main.ts`, as `npm start` runs it), on a fixed port. */
export class AppProcess {
	readonly name: string;
	readonly port: number;
	readonly url: string;
	/** Its name in the lease rows (printed at start); a new one after every restart. */
	owner = '';
	child: ChildProcess | null = null;
	output = '';
	readonly #env: Record<string, string>;

	constructor(name: string, port: number, env: Record<string, string>) {
		this.name = name;
		this.port = port;
		this.url = `http://127.0.0.1:${port}`;
		this.#env = env;
	}

	/** Starts it and resolves once it listens. */
	start(): Promise<void> {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
			cwd: root,
			env: { ...process.env, ...this.#env, PORT: String(this.port), HOST: '127.0.0.1' },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.child = child;
		this.output = '';
		return new Promise((resolve, reject) => {
			const onData = (chunk: Buffer) => {
				this.output += chunk.toString();
				const owner = /"owner":"([^"]+)"/.exec(this.output);
				if (owner) this.owner = owner[1];
				if (/running on http/.test(this.output) && this.owner) resolve();
			};
			child.stdout?.on('data', onData);
			child.stderr?.on('data', onData);
			child.once('exit', (code) => {
				if (this.child === child) this.child = null;
				reject(new Error(`${this.name} exited with ${code}:\n${this.output}`));
			});
		});
	}

	get running(): boolean {
		return this.child !== null;
	}

	/** Sends `signal` and waits for the process to end (SIGKILL: a crash; SIGTERM: a drain). */
	async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGTERM'): Promise<void> {
		const child = this.child;
		if (!child) return;
		await new Promise<void>((resolve) => {
			child.once('exit', () => resolve());
			child.kill(signal);
		});
	}

	/** SIGSTOP / SIGCONT: the process is frozen (a long GC, a VM paused), not dead. */
	pause(): void {
		this.child?.kill('SIGSTOP');
	}

	resume(): void {
		this.child?.kill('SIGCONT');
	}
}

export interface Cluster {
	/** nginx, with the shipped deploy/nginx.conf, in front of every process. */
	url: string;
	nginx: RunningNginx;
	apps: AppProcess[];
	/** A plain connection to the cluster's database, for what the tests check in it. */
	db: pg.Pool;
	/** The process that holds the session's lease now, if any. */
	ownerOf(sessionId: string): Promise<AppProcess | undefined>;
	stop(): Promise<void>;
}

/**
 * `processes` app processes on one PostgreSQL database, behind a real nginx with the shipped
 * config, as deploy/compose.yaml runs them. Leases are short (`LEASE_TTL_MS`), so that a
 * takeover fits in a test; every client comes from 127.0.0.1, so the address budgets are wide.
 */
export async function startCluster(databaseUrl: string, options: { processes?: number; env?: Record<string, string> } = {}): Promise<Cluster> {
	const ports = await Promise.all(Array.from({ length: options.processes ?? 2 }, () => freePort()));
	const nginx = await startNginx(ports.map((port) => `127.0.0.1:${port}`));
	const env = {
		DATABASE_URL: databaseUrl,
		PUBLIC_URL: nginx.url,
		TRUST_PROXY: '1',
		LEASE_TTL_MS: '2000',
		RATE_LIMIT_SCALE: '100',
		LOG_LEVEL: 'info',
		...options.env
	};
	const apps = ports.map((port, index) => new AppProcess(`app${index + 1}`, port, env));
	const db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
	// The server may stop first at the end of a file: an idle connection it cuts is no failure.
	db.on('error', () => undefined);
	try {
		await Promise.all(apps.map((app) => app.start()));
	} catch (error) {
		await Promise.all(apps.map((app) => app.stop('SIGKILL')));
		await nginx.stop();
		await db.end();
		throw error;
	}
	return {
		url: nginx.url,
		nginx,
		apps,
		db,
		async ownerOf(sessionId) {
			const { rows } = await db.query<{ owner: string }>('SELECT owner FROM leases WHERE session_id = $1 AND expires_at > now()', [sessionId]);
			return apps.find((app) => app.running && app.owner === rows[0]?.owner);
		},
		async stop() {
			for (const app of apps) app.resume();
			await Promise.all(apps.map((app) => app.stop('SIGKILL')));
			await nginx.stop();
			await db.end();
		}
	};
}
