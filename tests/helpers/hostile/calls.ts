/** Calling the fuzzed server: fresh addresses, the process watched, socket acks, raw HTTP requests, clear errors. */
import http, { type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'socket.io-client';
import { expect } from 'vitest';
import type { TestClient } from '../clients';
import type { ServerProcess } from '../server';
import { clearCodes } from './contract';

let addressCount = 0;
/** A loopback address nobody used before: per-address limits (joins, refusals) start afresh. */
export function freshAddress(): string {
	const n = addressCount++;
	return `127.1.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
}

export interface Watched {
	server: ServerProcess;
	log: string;
	exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

export function watch(server: ServerProcess): Watched {
	const watched: Watched = { server, log: '', exit: null };
	const keep = (chunk: Buffer) => (watched.log = (watched.log + chunk.toString()).slice(-20_000));
	server.child.stdout?.on('data', keep);
	server.child.stderr?.on('data', keep);
	server.child.once('exit', (code, signal) => (watched.exit = { code, signal }));
	return watched;
}

/** One connection per role would soon meet the per-connection event budget: calls take turns. */
export class Pool {
	readonly #clients: TestClient[];
	readonly #make: (i: number) => Promise<TestClient>;
	#turn = 0;

	private constructor(clients: TestClient[], make: (i: number) => Promise<TestClient>) {
		this.#clients = clients;
		this.#make = make;
	}

	static async of(size: number, make: (i: number) => Promise<TestClient>): Promise<Pool> {
		return new Pool(await Promise.all(Array.from({ length: size }, (_, i) => make(i))), make);
	}

	/** The next connection; one the server dropped (after an earlier failure) is replaced. */
	async next(): Promise<TestClient> {
		const i = this.#turn++ % this.#clients.length;
		if (!this.#clients[i].socket.connected) {
			this.#clients[i].close();
			this.#clients[i] = await this.#make(i);
		}
		return this.#clients[i];
	}

	close(): void {
		for (const client of this.#clients) client.close();
	}
}

export const NO_ANSWER = Symbol('no answer');
export const ACK_TIMEOUT_MS = 1_500;

export async function ask(client: TestClient, event: string, args: unknown[], timeoutMs = ACK_TIMEOUT_MS): Promise<unknown> {
	try {
		return await (client.socket as unknown as Socket).timeout(timeoutMs).emitWithAck(event, ...args);
	} catch {
		return NO_ANSWER;
	}
}

export function expectClearError(answer: unknown, codes: ReadonlySet<string>, what: string): string {
	expect(answer, `${what}: the server never answered`).not.toBe(NO_ANSWER);
	expect(answer, `${what}: not { error }`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
	const { code, message } = (answer as { error: { code: string; message: string } }).error;
	expect([...codes], `${what}: unknown or internal code ${code}`).toContain(code);
	expect(message.trim(), `${what}: empty message`).not.toBe('');
	return code;
}

/** Drops what changes with the clock alone. */
export function withoutClock<T>(view: T): T {
	const copy = structuredClone(view) as { timer?: { remainingMs?: number } };
	if (copy?.timer) delete copy.timer.remainingMs;
	return copy as T;
}

export interface HttpAnswer {
	/** 0: the server reset the connection while a big body was still being sent. */
	status: number;
	headers: IncomingHttpHeaders;
	body: string;
}

export interface HttpCall {
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string | Uint8Array | undefined;
}

/**
 * A raw request on a connection of its own (no keep-alive race): the path goes out as written,
 * `..` and bad escapes included, by default from a fresh address.
 */
export function send(port: number, call: HttpCall, localAddress = freshAddress()): Promise<HttpAnswer> {
	return new Promise((resolve, reject) => {
		const request = http.request(
			{
				host: '127.0.0.1',
				port,
				method: call.method,
				path: call.path,
				// Node sends a DELETE's or OPTIONS's body with no length at all unless told: the server would read it as the next request.
				headers: call.body === undefined ? call.headers : { ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
				agent: false,
				localAddress
			},
			(response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString() }));
				response.on('error', reject);
			}
		);
		request.setTimeout(10_000, () => request.destroy(new Error('no answer within 10 s')));
		request.on('error', (error: NodeJS.ErrnoException) => {
			// A server may answer before a big upload ends and cut the rest off; the reset can overtake its answer.
			if ((call.body?.length ?? 0) > 64 * 1024 && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve({ status: 0, headers: {}, body: '' });
			else reject(error);
		});
		request.end(call.body);
	});
}

export function expectJsonError(answer: HttpAnswer, what: string): void {
	expect(answer.headers['content-type'] ?? '', `${what}: answered ${answer.status} without JSON: ${answer.body.slice(0, 120)}`).toMatch(/^application\/json/);
	let body: unknown;
	expect(() => (body = JSON.parse(answer.body)), `${what}: body is not JSON`).not.toThrow();
	expectClearError(body, clearCodes, `${what} (${answer.status})`);
}
