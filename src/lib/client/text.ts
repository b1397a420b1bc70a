import { getLocale } from '$lib/paraglide/runtime';
import type { Localized } from '$lib/template/types';

/** The template's text in the reader's language. */
export function t(text: Localized): string {
	return text[getLocale()] ?? text.da;
}

export function formatNumber(value: number, digits = 1): string {
	return value.toLocaleString(getLocale() === 'da' ? 'da-DK' : 'en-GB', {
		minimumFractionDigits: digits,
		maximumFractionDigits: digits
	});
}

/** mm:ss, with a leading minus sign once time has run out. */
export function formatDuration(ms: number): string {
	const total = Math.round(Math.abs(ms) / 1000);
	const minutes = Math.floor(total / 60);
	const seconds = String(total % 60).padStart(2, '0');
	return `${ms < 0 ? '−' : ''}${minutes}:${seconds}`;
}
