import { locales, type Locale } from './template/types';

/**
 * Which language a device shows, in order: the language a person picked on this device (this
 * cookie, written only by the language switch), else the session's language (the screen and
 * the phones follow the facilitator's choice), else Danish. Paraglide's strategies
 * `custom-device`, `custom-session`, `baseLocale` (vite.config.ts), defined in
 * hooks.server.ts and client/locale.svelte.ts.
 */
export const DEVICE_LOCALE_COOKIE = 'vaegten_locale';

const pattern = new RegExp(`(?:^|;\\s*)${DEVICE_LOCALE_COOKIE}=([a-z]{2})(?:;|$)`);

/** The device's own choice from a Cookie header (or `document.cookie`); undefined without a valid one. */
export function deviceLocaleFrom(cookies: string | null | undefined): Locale | undefined {
	const value = cookies ? pattern.exec(cookies)?.[1] : undefined;
	return (locales as readonly string[]).includes(value ?? '') ? (value as Locale) : undefined;
}
