import { mkdirSync } from 'node:fs';
import type { RunningApp } from '../../server/app';
import type { Config } from '../../server/config';
import { startTestApp, tempDataDir } from './server';
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Locator,
	type Page,
	type WebSocketRoute
} from 'playwright-core';

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

/** Codes a page may close a WebSocket with (1005, 1006, 1015 are only ever reported, never sent). */
const sendableCloseCode = (code: number | undefined) => code === undefined || code === 1000 || (code >= 3000 && code <= 4999);

export interface NetworkSwitch {
	/** Goes offline and drops every open WebSocket (code 1006), as a lost network does. */
	cut(): Promise<void>;
	/** Back online: the pages' own reconnecting brings them back. */
	mend(): Promise<void>;
}

/**
 * The network of one context, for offline tests. Chromium's offline emulation fails new
 * requests and WebSockets, but holds the WebSockets already open (their frames just wait),
 * so a page would not notice the loss until some heartbeat gave up. Here every WebSocket of
 * the context passes through Playwright (routeWebSocket, installed before any page opens
 * one), so `cut()` can drop them at once: the page sees code 1006, the server hears of it
 * when the network is back (its side is closed normally then). While offline, each attempt
 * to reconnect logs "WebSocket connection to '…' failed: … net::ERR_INTERNET_DISCONNECTED"
 * as a console error: see `isOfflineSocketError`.
 */
export async function networkSwitch(context: BrowserContext): Promise<NetworkSwitch> {
	const open = new Set<WebSocketRoute>();
	await context.routeWebSocket(
		() => true,
		(page) => {
			const server = page.connectToServer();
			page.onClose((code, reason) => void server.close(sendableCloseCode(code) ? { code, reason } : {}));
			open.add(page);
		}
	);
	return {
		async cut() {
			await context.setOffline(true);
			const dropped = [...open];
			open.clear();
			await Promise.all(dropped.map((socket) => socket.close({ code: 1006, reason: 'network lost' })));
		},
		mend: () => context.setOffline(false)
	};
}

/** Console errors Chromium logs for the realtime connection's attempts while the context is offline. */
export function isOfflineSocketError(message: string): boolean {
	// The WebSocket's reconnect, or its long-polling fallback's request, failing while the phone is offline.
	return /(WebSocket connection to 'wss?:\/\/[^']+' failed: .*|Failed to load resource: )net::ERR_INTERNET_DISCONNECTED$/.test(message);
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

/**
 * The facilitator starts a workshop from the front page, as a person would, and lands in the
 * console: the session's id (from the address) and its join code (as the console shows it).
 */
export async function startWorkshop(facilitator: Page, appUrl: string): Promise<{ sessionId: string; code: string }> {
	await facilitator.goto(appUrl + '/');
	await hydrated(facilitator);
	await facilitator.getByRole('button', { name: 'Start en workshop', exact: true }).click();
	await facilitator.waitForURL(/\/s\/[^/]+\/facilitate$/);
	const sessionId = new URL(facilitator.url()).pathname.split('/')[2];
	const codeText = facilitator.locator('aside.right p.code');
	await codeText.waitFor();
	return { sessionId, code: await textOf(codeText) };
}

/** Waiting for what a page shows: generous for a 2-core machine running several pages. */
export const poll = { timeout: 10_000, interval: 50 };

const devices = { phone: phoneContext, laptop: laptopContext, projector: projectorContext };

/**
 * The real app and a browser for one test file. Pages opened through it are watched for
 * errors; `close()` ends everything and removes the data directory.
 */
export class BrowserRoom {
	readonly errors: string[] = [];
	/** Every request any page made (documents, scripts, styles, fonts, images, fetches, WebSockets), by URL. */
	readonly requests = new Set<string>();
	readonly #data = tempDataDir();
	readonly #contexts: BrowserContext[] = [];
	#app: RunningApp | undefined;
	#browser: Browser | undefined;

	/** `config`: settings other than the defaults (small limits, say). */
	async start(config: Partial<Config> = {}): Promise<void> {
		[this.#app, this.#browser] = await Promise.all([startTestApp(this.#data.dir, config), launchBrowser()]);
	}

	get app(): RunningApp {
		if (!this.#app) throw new Error('BrowserRoom.start() first');
		return this.#app;
	}

	/** A new device: its own storage, so each phone is a different participant. */
	async device(kind: keyof typeof devices): Promise<BrowserContext> {
		if (!this.#browser) throw new Error('BrowserRoom.start() first');
		const context = await devices[kind](this.#browser);
		this.#contexts.push(context);
		return context;
	}

	async page(context: BrowserContext, label: string): Promise<Page> {
		const page = await context.newPage();
		watchErrors(page, label, this.errors);
		page.on('request', (request) => this.requests.add(request.url()));
		page.on('websocket', (socket) => this.requests.add(socket.url()));
		return page;
	}

	async open(kind: keyof typeof devices, label: string): Promise<Page> {
		return this.page(await this.device(kind), label);
	}

	/** The usual cast: the facilitator's laptop, the projector, and `phones` phones. */
	async openWorkshop(phones: number): Promise<{ facilitator: Page; screen: Page; phones: Page[] }> {
		const facilitator = await this.open('laptop', 'console');
		const screen = await this.open('projector', 'screen');
		const pages: Page[] = [];
		for (let index = 0; index < phones; index++) pages.push(await this.open('phone', `phone ${index + 1}`));
		return { facilitator, screen, phones: pages };
	}

	/** Requests that went anywhere but this app (a font from a CDN, say); `data:` and `blob:` stay on the device. */
	foreignRequests(): string[] {
		const own = new URL(this.app.url).host;
		return [...this.requests].filter((url) => {
			const { protocol, host } = new URL(url);
			return !(protocol === 'data:' || protocol === 'blob:' || host === own);
		});
	}

	async close(): Promise<void> {
		for (const context of this.#contexts) await context.close().catch(() => undefined);
		await this.#browser?.close();
		await this.#app?.close();
		this.#data.remove();
	}
}
