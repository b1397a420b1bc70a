import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './ports';

/** The config that deploy/compose.yaml ships; the tests run this file, not a copy of it. */
export const NGINX_CONF = new URL('../../deploy/nginx.conf', import.meta.url);
const NGINX = process.env.NGINX_BIN ?? '/usr/sbin/nginx';

export interface RunningNginx {
	/** http://127.0.0.1:PORT */
	url: string;
	port: number;
	/** The master process (its workers are its children): the benchmark follows their CPU. */
	pid: number | undefined;
	/** Ends nginx (master and workers) and removes its directory. */
	stop(): Promise<void>;
	/** What nginx has written to its error log so far (for a failing test to show). */
	errorLog(): string;
}

/**
 * deploy/nginx.conf with its "# render: NAME" lines (documented at the top of the file)
 * replaced: listen on 127.0.0.1:port, the given upstreams with the shipped line's parameters,
 * logs and temp paths in `dir`. Every other line is the shipped one.
 */
export function renderNginxConf(shipped: string, options: { port: number; upstreams: string[]; dir: string }): string {
	const { port, upstreams, dir } = options;
	let upstreamsDone = false;
	const lines = shipped.split('\n').flatMap((line) => {
		const match = /^(\s*)(.*?)\s*# render: (\w+)\s*$/.exec(line);
		if (!match) return [line];
		const [, indent, directive, name] = match;
		switch (name) {
			case 'listen':
				return [`${indent}listen 127.0.0.1:${port};`];
			case 'error_log':
			case 'access_log':
				// The same directive and level, into a file of the test's own.
				return [`${indent}${directive.replace(/^(\w+)\s+[^\s;]+/, `$1 ${join(dir, `${name}.log`)}`)}`];
			case 'temp_paths':
				return ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `${indent}${kind}_temp_path ${join(dir, kind)};`);
			case 'upstream': {
				// The first marked line's parameters (max_fails, fail_timeout, …) for every test server.
				if (upstreamsDone) return [];
				upstreamsDone = true;
				const parameters = directive.replace(/^server\s+\S+/, '').replace(/;$/, '');
				return upstreams.map((address) => `${indent}server ${address}${parameters};`);
			}
			default:
				throw new Error(`deploy/nginx.conf: unknown "# render: ${name}"`);
		}
	});
	if (!upstreamsDone) throw new Error('deploy/nginx.conf: no "# render: upstream" line');
	return lines.join('\n');
}

function answers(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port }, () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * The machine's nginx in the foreground on a free port, running the shipped deploy/nginx.conf
 * in front of `upstreams` ("host:port" each). Resolves once it accepts connections; rejects
 * with nginx's error log if it does not start.
 */
export async function startNginx(upstreams: string[]): Promise<RunningNginx> {
	const dir = mkdtempSync(join(tmpdir(), 'vaegten-nginx-'));
	// Workers run as an unprivileged user when the tests run as root: they must reach the temp paths.
	chmodSync(dir, 0o755);
	const port = await freePort();
	const conf = join(dir, 'nginx.conf');
	writeFileSync(conf, renderNginxConf(readFileSync(NGINX_CONF, 'utf8'), { port, upstreams, dir }));
	const errorLog = join(dir, 'error_log.log');
	const log = () => (existsSync(errorLog) ? readFileSync(errorLog, 'utf8') : '');

	const child = spawn(NGINX, ['-p', dir, '-c', conf, '-e', errorLog, '-g', `daemon off; pid ${join(dir, 'nginx.pid')};`], {
		stdio: ['ignore', 'ignore', 'pipe']
	});
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	let exitCode: number | null | undefined;
	void exited.then((code) => (exitCode = code));
	const stop = async () => {
		if (exitCode === undefined) {
			child.kill('SIGTERM');
			await exited;
		}
		rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + 10_000;
	while (!(await answers(port))) {
		if (exitCode !== undefined || Date.now() > deadline) {
			const why = `nginx did not start (exit ${exitCode ?? 'none yet'}):\n${stderr}${log()}`;
			await stop();
			throw new Error(why);
		}
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
	return { url: `http://127.0.0.1:${port}`, port, pid: child.pid, stop, errorLog: log };
}
