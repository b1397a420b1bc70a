import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type PageHandler, type RunningApp } from '../../server/app';
import { configFromEnv, type Config } from '../../server/config';
import { openStore } from '../../server/store/open';
import type { SessionCreated } from '../../src/lib/protocol';

const root = new URL('../../', import.meta.url);

export function tempDataDir(): { dir: string; remove(): void } {
	const dir = mkdtempSync(join(tmpdir(), 'vaegten-test-'));
	return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

async function pages(): Promise<PageHandler> {
	const { handler } = (await import(new URL('build/handler.js', root).href)) as { handler: PageHandler };
	return handler;
}

/** The real app (pages, API, sockets) on a free port, with its SQLite file in `dataDir`. */
export async function startTestApp(dataDir: string, config: Partial<Config> = {}): Promise<RunningApp> {
	const env = { PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: process.env.LOG_LEVEL };
	const full = { ...configFromEnv(env), ...config };
	return startApp(full, await openStore(full), await pages());
}

export interface ServerProcess {
	url: string;
	child: ChildProcess;
	/** What it has printed so far, on each stream. */
	output(): { stdout: string; stderr: string };
	/** SIGKILL: no shutdown code runs, as in a crash. */
	kill(): Promise<void>;
}

/** The production entry (`server/main.ts`) as its own process, for crash tests; `port` 0 picks a free one. */
export function spawnServer(dataDir: string, port = 0, env: Record<string, string> = {}): Promise<ServerProcess> {
	const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: 'http://phones.test', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	return new Promise((resolve, reject) => {
		let output = '';
		let [stdout, stderr] = ['', ''];
		let started = false;
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			stdout += chunk.toString();
			const match = started ? null : /running on http:\/\/[^:]+:(\d+)/.exec(output);
			if (match) {
				started = true;
				resolve({
					url: `http://127.0.0.1:${match[1]}`,
					child,
					output: () => ({ stdout, stderr }),
					kill: () =>
						new Promise((done) => {
							child.once('exit', () => done());
							child.kill('SIGKILL');
						})
				});
			}
		};
		child.stdout?.on('data', onData);
		child.stderr?.on('data', (chunk: Buffer) => {
			output += chunk.toString();
			stderr += chunk.toString();
		});
		child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
	});
}

export type { SessionCreated as CreatedSession } from '../../src/lib/protocol';

/** POST /api/sessions: the introduction, or the built-in programme named. */
export async function createSession(baseUrl: string, programme?: string): Promise<SessionCreated> {
	const init: RequestInit = programme ? { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ programme }) } : { method: 'POST' };
	const response = await fetch(`${baseUrl}/api/sessions`, init);
	if (response.status !== 201) throw new Error(`POST /api/sessions answered ${response.status}`);
	return (await response.json()) as SessionCreated;
}
