import { defineCustomClientStrategy, getLocale, type Locale } from '$lib/paraglide/runtime';
import { DEVICE_LOCALE_COOKIE, deviceLocaleFrom } from '$lib/locale';

/**
 * The language this device shows, as reactive state: Paraglide's message functions ask
 * `getLocale()`, which reads these, so every text on the page follows a change at once,
 * without a reload (a phone keeps its place, its half-typed answer and its connection).
 */
let device = $state<Locale | undefined>(typeof document === 'undefined' ? undefined : deviceLocaleFrom(document.cookie));
let session = $state<Locale | null>(null);
/** What the server rendered the first page in: the session's language, before the socket says it. */
const rendered = typeof document === 'undefined' ? undefined : document.documentElement.lang;

// Both only read: a person's choice is written by `chooseLocale`, the session's by `followSession`.
defineCustomClientStrategy('custom-device', { getLocale: () => device, setLocale: () => undefined });
defineCustomClientStrategy('custom-session', { getLocale: () => session ?? rendered, setLocale: () => undefined });

function announce(): void {
	document.documentElement.lang = getLocale();
}

/** A person picked a language on this device: it stays, whatever the session's language. */
export function chooseLocale(locale: Locale): void {
	document.cookie = `${DEVICE_LOCALE_COOKIE}=${locale}; path=/; max-age=34560000; samesite=lax`;
	device = locale;
	announce();
}

/** The session's language, for the screen and the phones (null: the page left the session). */
export function followSession(locale: Locale | null): void {
	if (session === locale) return;
	session = locale;
	announce();
}
