import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import { hydrated, launchBrowser, laptopContext, phoneContext, poll, startWorkshop, textOf, watchErrors } from '../helpers/browser';
import { startCluster, type Cluster } from '../helpers/cluster';
import { usePostgres } from '../helpers/postgres';
import { RoutedClient } from '../helpers/routed-clients';

/**
 * The pages themselves behind nginx on two processes: the console starts a workshop, a phone
 * joins with the code (and is sent on to the session's process once), and when that process is
 * killed both carry on by themselves on the other one.
 */
const stepIndex = (id: string) => introTool.steps.findIndex((step) => step.id === id);
const postgres = usePostgres();

describe('the pages on two processes', () => {
	let cluster: Cluster | undefined;
	let browser: Browser | undefined;
	const errors: string[] = [];
	afterAll(async () => {
		await browser?.close();
		await cluster?.stop();
	});

	const cards = (page: Page) => page.locator('fieldset.rating');
	const choose = (card: Locator, value: number) => card.locator(`label:has(input[value="${value}"])`).click();
	const saved = (page: Page) => cards(page).filter({ has: page.locator('p.status', { hasText: '✓ Gemt' }) });

	it('joins through the proxy and survives the death of the session’s process', async () => {
		[cluster, browser] = await Promise.all([postgres.freshDatabase().then((url) => startCluster(url)), launchBrowser()]);
		const consolePage = await (await laptopContext(browser)).newPage();
		watchErrors(consolePage, 'console', errors);
		const { sessionId, code } = await startWorkshop(consolePage, cluster.url);
		const key = (await consolePage.evaluate((id) => localStorage.getItem(`vaegten:facilitator:${id}`), sessionId)) ?? '';

		const phone = await (await phoneContext(browser)).newPage();
		await phone.goto(`${cluster.url}/j/${code}`);
		await hydrated(phone);
		await phone.getByRole('button', { name: 'Deltag', exact: true }).click();
		await phone.getByText('Trin 1 af', { exact: false }).waitFor(poll);

		const host = await new RoutedClient(cluster.url, { role: 'facilitator', sessionId, key }).online();
		expect(await host.emit('step:goto', { index: stepIndex('general-model') })).toEqual({ data: null });
		await cards(phone).first().waitFor(poll);
		await choose(cards(phone).nth(0), 3);
		await expect.poll(() => saved(phone).count(), poll).toBe(1);

		const owner = (await cluster.ownerOf(sessionId))!;
		const connects = host.connects;
		await owner.stop('SIGKILL');
		// Both pages come back by themselves: the console steers, the phone rates, on the other process.
		// A new connection, not the old one before it has heard of the death (`connected` is still true then).
		await expect.poll(() => host.connects > connects && host.socket.connected, { timeout: 15_000, interval: 100 }).toBe(true);
		expect(await host.emit('step:goto', { index: stepIndex('leader-model') })).toEqual({ data: null });
		const leaderTitle = introTool.steps[stepIndex('leader-model')].title.da;
		await expect.poll(() => textOf(phone.locator('h1').first()), { timeout: 15_000, interval: 100 }).toBe(leaderTitle);
		// The console, reconnected by itself, shows the step it was moved to.
		await expect.poll(() => consolePage.getByText(leaderTitle).count(), { timeout: 15_000, interval: 100 }).toBeGreaterThan(0);
		await expect.poll(() => cards(phone).count(), poll).toBeGreaterThan(0);
		await choose(cards(phone).nth(1), 2);
		await expect.poll(() => saved(phone).count(), { timeout: 15_000, interval: 100 }).toBeGreaterThanOrEqual(1);
		expect(await cluster.ownerOf(sessionId)).toBe(cluster.apps.find((app) => app !== owner));
		host.close();
		expect(errors.filter((error) => !/socket|websocket|ERR_CONNECTION|502|503/i.test(error))).toEqual([]);
	}, 120_000);
});
