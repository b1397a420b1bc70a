/**
 * Hostile Yjs traffic, fuzzed: malformed, truncated or oversized messages on /collab/, and upgrades with bad names or credentials.
 * The machinery, and what every property holds, is in tests/helpers/hostile/ (see room.ts).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { newToken, type TestClient } from '../helpers/clients';
import { latin1 } from '../helpers/hostile/arbitraries';
import { expectClearError } from '../helpers/hostile/calls';
import { upgradeCodes } from '../helpers/hostile/contract';
import { useHostileRoom } from '../helpers/hostile/room';
import { classify, hostileFrame, yjsVisit } from '../helpers/hostile/yjs-frames';
import type { CreatedSession } from '../helpers/server';
import { ticketPath, type YClient } from '../helpers/yjs';

// A failing property may shrink for 15 s on top of its runs.
describe('hostile input: the Yjs endpoint', { timeout: 40_000 * Number(process.env.FUZZ_SCALE ?? 1) }, () => {
	const fuzz = useHostileRoom();
	const { budget, expectAlive, expectUnchanged, itServesANormalFlowAfterwards } = fuzz;
	let url: string;
	let session: CreatedSession;
	let host: TestClient;
	let phone: TestClient;
	let phoneToken: string;
	let sheet: YClient;
	beforeAll(() => void ({ url, session, host, phone, phoneToken, sheet } = fuzz.room));

	describe('the Yjs endpoint', () => {
		it('closes a connection that sends a malformed, truncated or oversized message (4400–4499, 1009), and the sheet is unchanged', async () => {
			const docName = () => `${session.id}/${phone.self!.groupId}`;
			/** Who opens the sheet, each time with a ticket of its own. */
			const credentials = () => fc.constantFrom<'phone' | 'facilitator'>('phone', 'facilitator');
			const sheetState = async () => {
				await sheet.roundTrip();
				return { text: sheet.text.toString(), update: Buffer.from(Y.encodeStateAsUpdate(sheet.doc)).toString('hex') };
			};
			await fc.assert(
				fc.asyncProperty(hostileFrame, credentials(), async (frame, credential) => {
					const was = await sheetState();
					const reading = classify(frame);
					const answers = reading === 'harmless' && frame.data instanceof Uint8Array && frame.data[0] === 0 && frame.data[1] === 0 ? 2 : 1;
					const path = await ticketPath(credential === 'phone' ? phone : host, docName());
					const outcome = await yjsVisit(`${url.replace('http', 'ws')}${path}`, [frame], answers);
					expect(outcome, `${frame.kind} (${reading}): no answer`).not.toHaveProperty('timeout');
					expect(outcome, `${frame.kind} (${reading}): upgrade refused`).not.toHaveProperty('refused');
					expectAlive();
					if ('closed' in outcome) {
						if (reading === 'oversized') expect(outcome.closed).toBe(1009);
						else expect(outcome.closed >= 4400 && outcome.closed <= 4499, `closed with ${outcome.closed}`).toBe(true);
					} else {
						expect(reading, `${frame.kind}: a ${reading} message was accepted`).not.toMatch(/malformed|oversized/);
					}
					if (reading !== 'update' || 'closed' in outcome) expect(await sheetState(), `${frame.kind} (${reading}) changed the sheet`).toEqual(was);
				}),
				budget(120)
			);
			await expectUnchanged('after the Yjs messages');
		});

		it('refuses an upgrade with a bad document name, with any key or token, or without a valid ticket, with 4xx and a JSON error', async () => {
			const name = fc.oneof(
				fc.constantFrom('', 'only-one', 'a/b/c', '%', '%E0%A4%A/x', `${'a'.repeat(41)}/x`, '../../etc/passwd', '..%2F..%2Fx/y', '%2e%2e/%2e%2e', `${session.id}/`, `/${session.id}`, `${session.id}/g1/`, 'a b/c', 'øæå/x', '%00/x', 'NoSuchSession/g1', `${session.id}%2Fg1`, `${session.id}/${'g'.repeat(5_000)}`),
				fc.tuple(fc.string({ maxLength: 50, unit: 'grapheme' }), fc.string({ maxLength: 50, unit: 'grapheme' })).map(([a, b]) => `${encodeURIComponent(a)}/${encodeURIComponent(b)}`),
				latin1
			);
			// The right key and token too: no secret opens /collab/ from its URL, only a ticket.
			const credential = fc.constantFrom('', '?', '?key=wrong', `?key=${'k'.repeat(6_000)}`, '?token=bad', `?token=${newToken()}`, '?role=screen', '?role=facilitator', '?key=', '?token=&key=', '?%', `?token=${phoneToken}`, `?key=${session.facilitatorKey}`, `?key=${session.facilitatorKey}x`, '?ticket=', '?ticket=guessed', `?ticket=${'t'.repeat(6_000)}`, '?ticket=a&ticket=b');
			// A WebSocket URL has no fragment, and one that `..` or `\\` takes out of /collab/ is the next test's.
			const upgrade = fc.tuple(name, credential).filter(([docName]) => !docName.includes('#') && new URL(`ws://x/collab/${docName}`).pathname.startsWith('/collab/'));
			await fc.assert(
				fc.asyncProperty(upgrade, async ([docName, query]) => {
					const outcome = await yjsVisit(`${url.replace('http', 'ws')}/collab/${docName}${query}`, []);
					expect(outcome, `/collab/${docName.slice(0, 100)}${query.slice(0, 100)}`).toHaveProperty('refused');
					const { refused, body } = outcome as { refused: number; body: string };
					expect(refused >= 400 && refused < 500, `answered ${refused}`).toBe(true);
					expectClearError(JSON.parse(body), upgradeCodes, `upgrade refusal ${refused}`);
					expectAlive();
				}),
				budget(120)
			);
		});
	});

	itServesANormalFlowAfterwards();
});
