/**
 * Hostile socket.io events, fuzzed: every event the server registers (checked against src/lib/protocol.ts),
 * from every role, with payloads broken in one place, odd arguments, or more than one message holds.
 * The machinery, and what every property holds, is in tests/helpers/hostile/ (see room.ts).
 */
import fc from 'fast-check';
import type { Socket } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BYTES } from '../../src/lib/protocol';
import { introTool } from '../../src/lib/template/intro-tool';
import { eventsHandledBy } from '../../server/realtime/handlers';
import { facilitator, participant, screen, TestClient } from '../helpers/clients';
import { hostileValue, payloadFor, unknownEvent } from '../helpers/hostile/arbitraries';
import { ask, expectClearError, NO_ANSWER } from '../helpers/hostile/calls';
import { clearCodes, clientEvents, examples, fitsOneMessage, generalItem, leaderItems, leaderStep, mayBeAccepted, type Role } from '../helpers/hostile/contract';
import { useHostileRoom, type HostileRoom } from '../helpers/hostile/room';
import { routes } from '../helpers/hostile/routes';
import { createSession, startTestApp, tempDataDir, type CreatedSession } from '../helpers/server';

// A failing property may shrink for 15 s on top of its runs.
describe('hostile input: socket.io events', { timeout: 40_000 * Number(process.env.FUZZ_SCALE ?? 1) }, () => {
	const fuzz = useHostileRoom();
	const { budget, changesNothing, barrier, itServesANormalFlowAfterwards } = fuzz;
	let url: string;
	let session: CreatedSession;
	let phoneToken: string;
	let pools: HostileRoom['pools'];
	beforeAll(() => void ({ url, session, phoneToken, pools } = fuzz.room));

	it('fuzzes exactly the events the server registers, each with an example payload, and every route', async () => {
		expect(routes).toEqual(
			expect.arrayContaining([
				{ path: '/', methods: ['GET'] },
				{ path: '/api/sessions', methods: ['POST'] },
				{ path: '/api/sessions/:id', methods: expect.arrayContaining(['GET', 'DELETE']) },
				{ path: '/api/sessions/:id/export', methods: ['GET'] },
				{ path: '/api/sessions/:id/agreement', methods: ['POST'] },
				{ path: '/j/:code', methods: ['GET'] },
				{ path: '/s/:id/screen', methods: ['GET'] },
				{ path: '/s/:id/facilitate', methods: ['GET'] },
				{ path: '/s/:id/summary', methods: ['GET'] }
			])
		);
		expect(Object.keys(examples).sort()).toEqual([...clientEvents].sort());
		const dir = tempDataDir();
		const app = await startTestApp(dir.dir);
		const clients: TestClient[] = [];
		try {
			const created = await createSession(app.url);
			clients.push(await facilitator(app.url, created.id, created.facilitatorKey), await participant(app.url, created.code), await screen(app.url, created.id));
			// socket.io's own lifecycle events: a client cannot send the reserved ones, and `error` is fuzzed as unknown.
			const lifecycle = new Set(['disconnect', 'disconnecting', 'error']);
			for (const client of clients) {
				const registered = app.io.of('/').sockets.get(client.socket.id!)!.eventNames().map(String);
				expect(registered.filter((name) => !lifecycle.has(name))).toEqual([]);
			}
			expect([...eventsHandledBy(app.io)].sort()).toEqual([...clientEvents].sort());
		} finally {
			for (const client of clients) client.close();
			await app.close();
			dir.remove();
		}
	});

	describe('socket.io events', () => {
		const roles = fc.constantFrom<Role>('facilitator', 'participant', 'screen');
		const leaderStepId = introTool.steps[leaderStep].id;
		/** Calls the contract lets through but this session's state refuses. */
		const refusedByState = fc.constantFrom<[Role, string, unknown]>(
			['facilitator', 'step:goto', { index: 200 }],
			['facilitator', 'vote:lock', { stepId: 'welcome', locked: true }],
			['facilitator', 'vote:reveal', { stepId: 'x'.repeat(64), revealed: true }],
			['facilitator', 'group:rename', { groupId: 'g999999', name: 'Nobody' }],
			['facilitator', 'candidate:remove', { candidateId: 'c999999' }],
			['facilitator', 'dots:close', {}],
			['facilitator', 'screen:show', { display: { kind: 'group', groupId: 'g999999' } }],
			['facilitator', 'participant:move', { participantId: 999_999, groupId: null }],
			['facilitator', 'participant:move', { participantId: 1, groupId: 'g999999' }],
			['participant', 'rating:set', { itemId: generalItem, value: 2 }],
			['participant', 'rating:set', { itemId: 'no-such-item', value: 1 }],
			['participant', 'dots:set', { allocation: { c0: 1 } }],
			['participant', 'group:choose', { groupId: 'g1' }],
			['participant', 'vote:lock', { stepId: leaderStepId, locked: true }],
			['participant', 'participant:move', { participantId: 1, groupId: null }],
			['screen', 'step:next', {}],
			['screen', 'rating:set', { itemId: leaderItems[0], value: 3 }]
		);
		const call = fc.oneof(
			{
				weight: 9,
				arbitrary: fc
					.tuple(roles, fc.oneof({ weight: 9, arbitrary: fc.constantFrom<string>(...clientEvents) }, { weight: 1, arbitrary: unknownEvent }))
					.chain(([role, event]) => payloadFor(event).map((payload): [Role, string, unknown] => [role, event, payload]))
					.filter(([role, event, payload]) => fitsOneMessage(event, [payload]) && !mayBeAccepted(role, event, payload))
			},
			{ weight: 1, arbitrary: refusedByState }
		);

		it('refuses every malformed, mistyped, oversized or unauthorised payload clearly, changing nothing', async () => {
			let runs = 0;
			let limited = 0;
			await fc.assert(
				fc.asyncProperty(call, fc.boolean(), fc.boolean(), async ([role, event, payload], withAck, withoutAck) => {
					runs++;
					const client = await pools[role]!.next();
					const what = `${role} ${event}`;
					await changesNothing(what, async () => {
						// One call in four is sent without an ack callback: the server must not mind.
						if (withAck || !withoutAck) {
							const code = expectClearError(await ask(client, event, [payload]), clearCodes, what);
							if (code === 'rate_limited') limited++;
						} else {
							(client.socket as unknown as Socket).emit(event, payload);
							await barrier(client, role);
						}
						expect(client.socket.connected, `${what}: the sender lost its connection`).toBe(true);
					});
				}),
				budget(250)
			);
			expect(limited, `${limited} of ${runs} calls were rate limited: the fuzzer tested the limiter, not the handlers`).toBeLessThan(runs / 5);
		});

		it('answers an event sent with no payload or with extra arguments, changing nothing', async () => {
			const oddArguments = fc
				.tuple(
					roles,
					fc.constantFrom<string>(...clientEvents),
					fc.oneof(fc.constant<unknown[]>([]), fc.array(fc.oneof(fc.constantFrom(null, {}, 'x'), fc.integer(), hostileValue), { minLength: 2, maxLength: 4 }))
				)
				.filter(([role, event, args]) => fitsOneMessage(event, args) && !mayBeAccepted(role, event, args[0]));
			await fc.assert(
				fc.asyncProperty(oddArguments, async ([role, event, args]) => {
					const client = await pools[role]!.next();
					const what = `${role} ${event} with ${args.length} arguments`;
					await changesNothing(what, async () => void expectClearError(await ask(client, event, args, 1_000), clearCodes, what));
				}),
				budget(60, 6_000)
			);
		});

		it('drops a connection that sends more than MAX_MESSAGE_BYTES, changing nothing', async () => {
			const oversized = fc.record({
				role: roles,
				event: fc.constantFrom<string>(...clientEvents),
				bytes: fc.integer({ min: MAX_MESSAGE_BYTES + 1, max: 4 * MAX_MESSAGE_BYTES }),
				shape: fc.constantFrom('string', 'array', 'binary', 'object')
			});
			await fc.assert(
				fc.asyncProperty(oversized, async ({ role, event, bytes, shape }) => {
					const client =
						role === 'facilitator'
							? await facilitator(url, session.id, session.facilitatorKey)
							: role === 'participant'
								? await participant(url, session.code, phoneToken, 'Observer')
								: await screen(url, session.id);
					const payload =
						shape === 'string' ? 'x'.repeat(bytes)
						: shape === 'array' ? new Array(Math.ceil(bytes / 2)).fill(0)
						: shape === 'binary' ? new Uint8Array(bytes)
						: { label: 'x'.repeat(bytes), model: 'leader', kind: 'load' };
					await changesNothing(`${shape} of ${bytes} bytes as ${event}`, async () => {
						const dropped = new Promise<string>((resolve) => client.socket.once('disconnect', (reason) => resolve(reason)));
						const answer = ask(client, event, [payload]);
						expect(await Promise.race([dropped, new Promise((resolve) => setTimeout(() => resolve('still connected'), 3_000))])).not.toBe('still connected');
						expect(await answer).toBe(NO_ANSWER);
						client.close();
					});
				}),
				budget(8)
			);
		});
	});

	itServesANormalFlowAfterwards();
});
