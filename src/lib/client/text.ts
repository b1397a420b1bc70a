import { getLocale } from '$lib/paraglide/runtime';
import type { Locale, Localized } from '$lib/template/types';

/**
 * How Intl writes numbers, dates and lists for each reader: Danish as in Denmark (2,3;
 * 23. november 2026), English as in Britain (2.3; 23 November 2026). The exports use the same
 * conventions (src/lib/server/export/labels.ts), so the screen and the documents agree.
 */
const INTL_LOCALES: Record<Locale, string> = { da: 'da-DK', en: 'en-GB' };

/** The template's text in the reader's language. */
export function t(text: Localized): string {
	return text[getLocale()] ?? text.da;
}

/** A decimal with a fixed number of digits: 2,3 in Danish, 2.3 in English. */
export function formatNumber(value: number, digits = 1, locale: Locale = getLocale()): string {
	return value.toLocaleString(INTL_LOCALES[locale], {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	});
}

/**
 * A calendar date (YYYY-MM-DD, as the agreement stores it) written out: 23. november 2026 /
 * 23 November 2026. Read at noon UTC so that no time zone moves it to another day.
 */
export function formatDate(iso: string, locale: Locale = getLocale()): string {
	return new Date(`${iso}T12:00:00Z`).toLocaleDateString(INTL_LOCALES[locale], {
		day: 'numeric',
		month: 'long',
		year: 'numeric',
		timeZone: 'UTC'
	});
}

/** Names joined as a sentence would: "Anna, Bo og Carl" / "Anna, Bo and Carl". */
export function formatList(items: string[], locale: Locale = getLocale()): string {
	return new Intl.ListFormat(INTL_LOCALES[locale], { type: 'conjunction' }).format(items);
}

/**
 * mm:ss, with a leading minus sign once time has run out: a countdown reads as timers and
 * phones show one, the same in both languages.
 */
export function formatDuration(ms: number): string {
	const total = Math.round(Math.abs(ms) / 1000);
	const minutes = Math.floor(total / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return `${ms < 0 ? '−' : ''}${minutes}:${seconds}`;
}
