import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_LOCALE_COOKIE } from '../../src/lib/locale';
import { introTool } from '../../src/lib/template/intro-tool';
import { facilitator, newToken, participant } from '../helpers/clients';
import { createSession, spawnServer, tempDataDir, type ServerProcess } from '../helpers/server';

/**
 * On Node 20 an AsyncLocalStorage (SvelteKit's request store, Paraglide's locale) turns on
 * promise hooks for the whole process once it is first used: every promise of every rating then
 * pays for them. server/kit/async-storage.ts turns them off again whenever no page request is in
 * flight; the pages keep their request's store, and so their language, across awaits.
 */
describe('promise hooks between page requests', () => {
	const data = tempDataDir();
	let server: ServerProcess;

	beforeAll(async () => {
		server = await spawnServer(data.dir, 0, { VAEGTEN_METRICS: '1' });
	});
	afterAll(async () => {
		await server?.kill();
		data.remove();
	});

	const hooksOn = async () => ((await (await fetch(`${server.url}/__metrics`)).json()) as { promiseHooks: boolean }).promiseHooks;
	const home = async (locale: 'da' | 'en') => {
		const response = await fetch(`${server.url}/`, { headers: { cookie: `${DEVICE_LOCALE_COOKIE}=${locale}` } });
		expect(response.status).toBe(200);
		return { locale, html: await response.text() };
	};
	const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
	const leaderItem = introTool.items.find((item) => item.model === 'leader')!.id;
	const titles = { da: 'Sæt spot på lederes trivsel', en: 'Spotlight on leaders’ well-being' };

	it('are off before any page is served', async () => {
		expect(await hooksOn()).toBe(false);
	});

	it('are off again once the pages and the API have answered, and each page kept its own language', async () => {
		// Concurrent pages in both languages: each is rendered after an await (its load), while the others run.
		const pages = await Promise.all(Array.from({ length: 24 }, (_, i) => home(i % 2 ? 'en' : 'da')));
		for (const { locale, html } of pages) {
			expect(html).toContain(`<html lang="${locale}"`);
			expect(html).toMatch(new RegExp(`<h1[^>]*>${titles[locale]}</h1>`));
		}
		await createSession(server.url);
		expect(await hooksOn()).toBe(false);
	});

	it('stay off while a room rates, and the next page is still in its language', async () => {
		const session = await createSession(server.url);
		const host = await facilitator(server.url, session.id, session.facilitatorKey);
		const phone = await participant(server.url, session.code, newToken());
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
		expect(await phone.emit('rating:set', { itemId: leaderItem, value: 3 })).toEqual({ data: { itemId: leaderItem, value: 3 } });
		expect(await hooksOn()).toBe(false);
		host.close();
		phone.close();
		const { html } = await home('en');
		expect(html).toMatch(new RegExp(`<h1[^>]*>${titles.en}</h1>`));
		expect(await hooksOn()).toBe(false);
	});
});
