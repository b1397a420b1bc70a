/**
 * phone-load (issue 17): how long a phone takes until its rating buttons work, in Chromium, on a
 * throttled network and CPU: "Slow 4G" as Lighthouse's mobile profile defines it (150 ms round
 * trip, 1.6 Mbps down, 750 kbps up) and 4× CPU slowdown; unthrottled beside it. A returning phone
 * (its identity in local storage, as after a reload) opens /j/CODE while the room is on a rating
 * step; the clock runs from the navigation's start until a rating button exists, is enabled and
 * has its handler attached (hydrated). Each load is a fresh browser context (nothing cached).
 */
import type { CDPSession, Page } from 'playwright-core';
import { launchBrowser, phoneContext } from '../../tests/helpers/browser';
import { closeAll, Participant, connectOrThrow, newToken } from '../clients';
import { atMost, type PhaseResult } from '../report';
import { goToLeaderStep, openRoom, PhaseClock, scenarioResult, type Scenario } from '../scenario';
import { distribution, Latencies, now, waitFor } from '../stats';

const LOADS = { full: 9, quick: 3 };
/** Lighthouse's "Slow 4G" (simulated mobile): bytes per second and the added latency per request. */
const SLOW_4G = { latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const CPU_SLOWDOWN = 4;

/** ms from the navigation's start until a rating button is there, enabled and hydrated. */
async function timeToRate(page: Page, url: string): Promise<number> {
	await page.goto(url, { waitUntil: 'commit' });
	await page.waitForFunction(
		() => [...document.querySelectorAll('fieldset.rating:not([disabled]) input[type="radio"]')].some((input) => Object.getOwnPropertySymbols(input).length > 0),
		undefined,
		{ polling: 'raf', timeout: 30_000 }
	);
	return page.evaluate(() => performance.now());
}

export const phoneLoad: Scenario = {
	name: 'phone-load',
	describe: 'a phone opening /j/CODE in Chromium until its rating buttons work, Slow 4G + 4× CPU and unthrottled',
	async run(context) {
		const startedAt = new Date();
		const started = now();
		const size = context.quick ? 'quick' : 'full';
		const { url } = context.server;
		const room = await openRoom(url, new Latencies());
		await goToLeaderStep(room);
		const browser = await launchBrowser();
		const phases: PhaseResult[] = [];
		const joined: Participant[] = [];
		try {
			for (const throttled of [true, false]) {
				const clock = await PhaseClock.begin(context);
				const times: number[] = [];
				for (let load = 0; load < LOADS[size]; load++) {
					// A participant known to the server: the page finds its identity and connects at once.
					const token = newToken();
					const known = new Participant(url, room.session.code, token);
					await connectOrThrow(known);
					if (!(await waitFor(() => known.joinedAt !== null, 10_000))) throw new Error('participant did not join');
					joined.push(known);
					const device = await phoneContext(browser);
					await device.addInitScript(({ code, token }) => localStorage.setItem(`vaegten:participant:${code}`, JSON.stringify({ token, nickname: '' })), { code: room.session.code, token });
					const page = await device.newPage();
					let cdp: CDPSession | null = null;
					if (throttled) {
						cdp = await device.newCDPSession(page);
						await cdp.send('Network.enable');
						await cdp.send('Network.emulateNetworkConditions', { offline: false, ...SLOW_4G });
						await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
					}
					times.push(await timeToRate(page, `${url}/j/${room.session.code}`));
					await device.close();
				}
				const d = distribution(times);
				phases.push(
					clock.finish(throttled ? `Slow 4G + ${CPU_SLOWDOWN}× CPU` : 'unthrottled', 0, {
						extra: { 'until the rating buttons work p50 / p95 / max (ms)': `${Math.round(d.p50 ?? 0)} / ${Math.round(d.p95 ?? 0)} / ${Math.round(d.max ?? 0)}`, loads: times.length }
					})
				);
			}
		} finally {
			await browser.close();
			await closeAll([...joined, room.host, room.screen]);
		}
		const throttledMedian = Number(String(phases[0].extra?.['until the rating buttons work p50 / p95 / max (ms)']).split(' / ')[0]);
		return {
			...scenarioResult(this.name, context, startedAt, started, {
				params: { loads: LOADS[size], network: SLOW_4G, cpuSlowdown: CPU_SLOWDOWN },
				phases,
				targets: [atMost('Slow 4G + 4× CPU: until the rating buttons work (median)', throttledMedian / 1000, 1.5, 's')],
				notes: []
			}),
			tableColumns: 2
		};
	}
};
