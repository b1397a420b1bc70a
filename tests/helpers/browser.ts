import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';

/**
 * Browser tests drive the system's Chromium through playwright-core: no browser is ever
 * downloaded. Three kinds of device take part in a live room, each with its own context
 * (own local storage, so each phone is a different participant).
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--no-first-run'
		]
	});
}

const common: BrowserContextOptions = { locale: 'da-DK', timezoneId: 'Europe/Copenhagen' };

/** A participant's phone. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({
		...common,
		viewport: { width: 360, height: 740 },
		deviceScaleFactor: 2,
		isMobile: true,
		hasTouch: true
	});
}

/** The facilitator's laptop. */
export function laptopContext(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({ ...common, viewport: { width: 1440, height: 900 } });
}

/** The projector in the room. */
export function projectorContext(browser: Browser): Promise<BrowserContext> {
	return browser.newContext({ ...common, viewport: { width: 1920, height: 1080 } });
}

/**
 * Waits until Svelte has hydrated the server-rendered page, so a click or a submit reaches
 * the app instead of the bare HTML. Svelte 5 marks an element it has attached a delegated
 * handler (onclick, oninput, …) to with a symbol-keyed property; every page we drive before
 * it is client-only has such a button (the language switch at least). Hydration is one
 * synchronous pass, so once one handler is there, all of them are (onsubmit included).
 */
export async function hydrated(page: Page, selector = 'button'): Promise<void> {
	await page.waitForFunction(
		(sel) => [...document.querySelectorAll(sel)].some((element) => Object.getOwnPropertySymbols(element).length > 0),
		selector
	);
}

/** The element's text, whitespace collapsed; '' when it is not there (yet). */
export async function textOf(locator: Locator): Promise<string> {
	if ((await locator.count()) === 0) return '';
	return ((await locator.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** Collects what went wrong inside a page (uncaught exceptions, console errors). */
export function watchErrors(page: Page, label: string, into: string[]): void {
	page.on('pageerror', (error) => into.push(`${label}: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error') into.push(`${label}: console: ${message.text()}`);
	});
}

const screenshotDir = new URL('../../docs/screenshots/', import.meta.url);

/** Screenshots for people to judge: taken only when SCREENSHOTS=1. */
export const screenshotsWanted = process.env.SCREENSHOTS === '1';

export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
	if (!screenshotsWanted) return;
	mkdirSync(screenshotDir, { recursive: true });
	await page.screenshot({
		path: new URL(name, screenshotDir).pathname,
		fullPage: options.fullPage ?? false,
		// Finite transitions (the beam swinging, bars growing) are shown at their end state.
		animations: 'disabled',
		caret: 'hide'
	});
}
