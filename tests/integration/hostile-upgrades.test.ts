/**
 * Hostile WebSocket upgrades: to any path, whoever owns it, reset by the client before the answer.
 * The machinery, and what every property holds, is in tests/helpers/hostile/ (see room.ts).
 */
import net from 'node:net';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { freshAddress } from '../helpers/hostile/calls';
import { useHostileRoom } from '../helpers/hostile/room';
import type { CreatedSession } from '../helpers/server';

// A failing property may shrink for 15 s on top of its runs.
describe('hostile input: WebSocket upgrades', { timeout: 40_000 * Number(process.env.FUZZ_SCALE ?? 1) }, () => {
	const fuzz = useHostileRoom();
	const { budget, expectAlive, itServesANormalFlowAfterwards } = fuzz;
	let port: number;
	let session: CreatedSession;
	beforeAll(() => void ({ port, session } = fuzz.room));

	// Last of the properties: the crash it looks for takes the server down.
	describe('WebSocket upgrades', () => {
		/** An upgrade request for `path`; the client resets the connection after `waitMs` unless the server closed it first. */
		function upgradeThenReset(path: string, waitMs: number): Promise<string> {
			return new Promise((resolve) => {
				let answer = '';
				const socket = net.connect({ port, host: '127.0.0.1', localAddress: freshAddress() }, () =>
					socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`)
				);
				const timer = setTimeout(() => {
					socket.resetAndDestroy();
					resolve(answer);
				}, waitMs);
				socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
				socket.on('error', () => {});
				socket.on('close', () => {
					clearTimeout(timer);
					resolve(answer);
				});
			});
		}

		it('answers every upgrade, whoever owns the path, and lives on when the client resets it', async () => {
			const path = fc.constantFrom('/collab', '/collab/../../etc/passwd', '/Collab/a/b', '/collabx/a/b', '/nothing', '/api/sessions', '/ws', '/socket.io', `/collab/${session.id}/g1`, '/socket.io/?EIO=4&transport=websocket');
			await fc.assert(
				fc.asyncProperty(path, async (target) => {
					const answer = await upgradeThenReset(target, 500);
					await new Promise((resolve) => setTimeout(resolve, 100));
					expectAlive();
					expect(answer, `upgrade to ${target}: no answer within 500 ms`).toMatch(/^HTTP\/1\.1 (101|4\d\d) /);
				}),
				budget(20, 10_000)
			);
		});
	});

	itServesANormalFlowAfterwards();
});
