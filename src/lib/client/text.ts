import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type { ErrorCode } from '$lib/session/reducer';
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

const errorMessages: Record<ErrorCode, () => string> = {
	invalid_payload: m.error_invalid_payload,
	forbidden: m.error_forbidden,
	not_found: m.error_not_found,
	no_such_step: m.error_no_such_step,
	not_a_rating_step: m.error_not_a_rating_step,
	vote_locked: m.error_vote_locked,
	unknown_item: m.error_unknown_item,
	timer_running: m.error_timer_running,
	timer_paused: m.error_timer_paused,
	unknown_group: m.error_unknown_group,
	voting_open: m.error_voting_open,
	voting_closed: m.error_voting_closed,
	rate_limited: m.error_rate_limited,
	internal: m.error_internal
};

export function errorText(code: ErrorCode): string {
	return (errorMessages[code] ?? m.error_internal)();
}
