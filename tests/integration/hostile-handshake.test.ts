/**
 * Hostile socket.io handshakes, fuzzed: credentials malformed, mistyped, unknown, or out of the protocol.
 * The machinery, and what every property holds, is in tests/helpers/hostile/ (see room.ts).
 */
import fc from 'fast-check';
import { io as connect } from 'socket.io-client';
import { PacketType } from 'socket.io-parser';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { HandshakeSchema, MAX_MESSAGE_BYTES } from '../../src/lib/protocol';
import { newToken } from '../helpers/clients';
import { anyKey, brokenPayload, hostileValue } from '../helpers/hostile/arbitraries';
import { expectClearError, freshAddress } from '../helpers/hostile/calls';
import { clearCodes, wire } from '../helpers/hostile/contract';
import { useHostileRoom } from '../helpers/hostile/room';
import type { CreatedSession } from '../helpers/server';

// A failing property may shrink for 15 s on top of its runs.
describe('hostile input: socket.io handshake', { timeout: 40_000 * Number(process.env.FUZZ_SCALE ?? 1) }, () => {
	const fuzz = useHostileRoom();
	const { budget, changesNothing, expectUnchanged, itServesANormalFlowAfterwards } = fuzz;
	let url: string;
	let session: CreatedSession;
	beforeAll(() => void ({ url, session } = fuzz.room));

	describe('socket.io handshake', () => {
		/** A handshake the server must let in (it would also join a participant): not sent. */
		function letIn(auth: unknown): boolean {
			let sent: unknown;
			try {
				sent = wire(auth, PacketType.CONNECT);
			} catch {
				return false; // not an object: socket.io itself drops the connection
			}
			if (!v.is(HandshakeSchema, sent)) return false;
			if (sent.role === 'participant') return sent.code.toUpperCase() === session.code;
			return sent.sessionId === session.id && (sent.role === 'screen' || sent.key === session.facilitatorKey);
		}

		const validHandshakes = () => [
			{ role: 'facilitator', sessionId: session.id, key: session.facilitatorKey },
			{ role: 'screen', sessionId: session.id },
			{ role: 'participant', code: session.code, token: newToken(), nickname: 'Kim' }
		];
		const refusedHandshakes = () => [
			{ role: 'facilitator', sessionId: session.id, key: 'not-the-key' },
			{ role: 'facilitator', sessionId: 'NoSuchSession', key: session.facilitatorKey },
			{ role: 'screen', sessionId: 'NoSuchSession' },
			{ role: 'participant', code: session.code === 'ABCDEF' ? 'ABCDEG' : 'ABCDEF', token: newToken() },
			{ role: 'participant', code: session.code, token: 'short' },
			{ role: 'participant', code: session.code, token: newToken(), nickname: 'n'.repeat(41) },
			{ role: 'participant', code: session.code.replace(/./, '0'), token: newToken() },
			{ role: 'admin', sessionId: session.id, key: session.facilitatorKey },
			{ role: 'FACILITATOR', sessionId: session.id, key: session.facilitatorKey }
		];
		const authObject = () =>
			fc
				.oneof(
					{ weight: 3, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('role', 'sessionId', 'key', 'code', 'token', 'nickname'), anyKey), hostileValue, { maxKeys: 6 }) },
					{ weight: 5, arbitrary: fc.constantFrom(...validHandshakes()).chain((auth) => brokenPayload(auth)) },
					{ weight: 2, arbitrary: fc.constantFrom(...refusedHandshakes()) }
				)
				// Objects within one message: the protocol's own refusals are the next test's.
				.filter((auth) => {
					const sent: unknown = JSON.parse(JSON.stringify(auth) ?? 'null');
					return sent !== null && typeof sent === 'object' && !Array.isArray(sent) && Buffer.byteLength(JSON.stringify(sent)) < MAX_MESSAGE_BYTES - 1_024 && !letIn(auth);
				});

		type Refusal = { connected: true } | { error: string; data: unknown } | { dropped: string } | { timeout: true };
		function handshake(auth: unknown): Promise<Refusal> {
			return new Promise((resolve) => {
				const socket = connect(url, {
					auth: (cb) => cb(auth as object),
					transports: ['websocket'],
					reconnection: false,
					forceNew: true,
					localAddress: freshAddress()
				} as Parameters<typeof connect>[1]);
				const done = (outcome: Refusal) => {
					clearTimeout(timer);
					socket.close();
					resolve(outcome);
				};
				const timer = setTimeout(() => done({ timeout: true }), 3_000);
				socket.on('connect', () => done({ connected: true }));
				socket.on('connect_error', (error) => done({ error: error.message, data: (error as Error & { data?: unknown }).data }));
				socket.on('disconnect', (reason) => done({ dropped: reason }));
			});
		}

		it('refuses malformed, mistyped or unknown credentials with connect_error and a clear { code, message }', async () => {
			await fc.assert(
				fc.asyncProperty(authObject(), async (auth) => {
					await changesNothing('a refused handshake', async () => {
						const outcome = await handshake(auth);
						expect(outcome, 'the handshake was not refused with connect_error').toHaveProperty('error');
						expectClearError({ error: (outcome as { data: unknown }).data }, clearCodes, 'connect_error data');
					});
				}),
				budget(120)
			);
		});

		it('never lets in an auth the socket.io protocol rejects (not an object, or over MAX_MESSAGE_BYTES)', async () => {
			const outOfProtocol = fc.oneof(
				fc.oneof(fc.string(), fc.double(), fc.boolean(), fc.array(hostileValue, { maxLength: 3 })),
				fc.integer({ min: MAX_MESSAGE_BYTES, max: 3 * MAX_MESSAGE_BYTES }).map((n) => ({ role: 'facilitator', sessionId: session.id, key: 'k'.repeat(n) }))
			);
			await fc.assert(
				fc.asyncProperty(outOfProtocol, async (auth) => {
					await changesNothing('a handshake out of protocol', async () => {
						const outcome = await handshake(auth);
						expect(outcome).not.toHaveProperty('connected');
						expect(outcome).not.toHaveProperty('timeout');
						if ('error' in outcome && outcome.data !== undefined) expectClearError({ error: outcome.data }, clearCodes, 'connect_error data');
					});
				}),
				budget(30)
			);
			await expectUnchanged('after the handshakes');
		});
	});

	itServesANormalFlowAfterwards();
});
