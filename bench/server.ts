/**
 * The built server as its own process, as in production: `node --import tsx server/main.ts`;
 * or a bare baseline the same way (bench/baseline/server.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { now, sleep } from './stats';
import { freePort } from '../tests/helpers/ports';

export { freePort };

export const root = fileURLToPath(new URL('../', import.meta.url));
export const profileDir = join(root, 'bench/results/prof');

/** What the watchdog must stop besides the scenario's server (a cluster, its PostgreSQL). */
export const emergencyStops = new Set<() => Promise<void>>();

export function requireBuild(): void {
	if (!existsSync(join(root, 'build/handler.js'))) {
		throw new Error('No build found (build/handler.js is missing): run npm run build first.');
	}
}

/** Whether something accepts TCP connections on the port now. */
function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

export interface ServerOptions {
	/** BENCH_CPU_PROF=1: V8 CPU profile of the server, written to bench/results/prof on a clean stop. */
	cpuProfile: boolean;
	/** Extra environment for the server process (e.g. the soak's short ROOM_IDLE_MS). */
	env?: Record<string, string>;
	/** What to run instead of the app: a bare baseline (bench/baseline/server.ts). */
	entry?: string;
}

export class BenchServer {
	readonly dataDir = mkdtempSync(join(tmpdir(), 'vaegten-bench-'));
	#child: ChildProcess | null = null;
	#exited: Promise<void> = Promise.resolve();
	#output = '';

	private constructor(
		readonly port: number,
		readonly options: ServerOptions
	) {}

	static async start(options: ServerOptions): Promise<BenchServer> {
		if (!options.entry) requireBuild();
		const server = new BenchServer(await freePort(), options);
		await server.launch();
		return server;
	}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	get pid(): number | undefined {
		return this.#child?.pid;
	}

	/** Starts the process on the same port and data directory; resolves with the time its port first accepted a connection. */
	async launch(timeoutMs = 30_000): Promise<number> {
		const profile = this.options.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
		if (this.options.cpuProfile) mkdirSync(profileDir, { recursive: true });
		const child = spawn(process.execPath, [...profile, '--import', 'tsx', this.options.entry ?? 'server/main.ts'], {
			cwd: root,
			env: {
				...process.env,
				...this.options.env,
				PORT: String(this.port),
				HOST: '127.0.0.1',
				DATA_DIR: this.dataDir,
				PUBLIC_URL: this.url,
				VAEGTEN_METRICS: '1'
			},
			stdio: ['ignore', 'pipe', 'pipe']
		});
		this.#child = child;
		this.#output = '';
		const keep = (chunk: Buffer) => (this.#output = (this.#output + chunk.toString()).slice(-20_000));
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));

		const deadline = now() + timeoutMs;
		while (now() < deadline) {
			if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}:\n${this.#output}`);
			if (await accepts(this.port)) return now();
			await sleep(10);
		}
		child.kill('SIGKILL');
		throw new Error(`The server did not accept connections within ${timeoutMs} ms:\n${this.#output}`);
	}

	/** SIGKILL: no shutdown code runs, as in a crash. */
	async crash(): Promise<void> {
		this.#child?.kill('SIGKILL');
		await this.#exited;
		this.#child = null;
	}

	/** SIGTERM (the server closes cleanly, writing its CPU profile), SIGKILL after `graceMs`. */
	async stop(graceMs = 10_000): Promise<void> {
		const child = this.#child;
		if (!child) return;
		child.kill('SIGTERM');
		const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
		await this.#exited;
		clearTimeout(timer);
		this.#child = null;
	}

	/** The server's recent output, for error reports. */
	get output(): string {
		return this.#output;
	}

	async dispose(): Promise<void> {
		await this.stop();
		rmSync(this.dataDir, { recursive: true, force: true });
	}
}
