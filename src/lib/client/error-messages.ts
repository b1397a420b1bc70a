import { m } from '$lib/paraglide/messages';
import type { ErrorCode } from '$lib/session/errors';

/** Every refusal the server can give, said to a person. Loaded on the first one (see error-text.svelte.ts). */
const errorMessages: Record<ErrorCode, () => string> = {
	invalid_payload: m.error_invalid_payload,
	forbidden: m.error_forbidden,
	not_found: m.error_not_found,
	no_such_step: m.error_no_such_step,
	not_a_rating_step: m.error_not_a_rating_step,
	vote_locked: m.error_vote_locked,
	unknown_item: m.error_unknown_item,
	unknown_group: m.error_unknown_group,
	voting_open: m.error_voting_open,
	voting_closed: m.error_voting_closed,
	duplicate: m.prio_error_duplicate,
	current_step: m.prepare_error_current_step,
	step_skipped: m.prepare_error_step_skipped,
	limit_reached: m.prepare_error_limit_reached,
	session_ended: m.error_session_ended,
	rate_limited: m.error_rate_limited,
	moved: m.error_moved,
	internal: m.error_internal
};

export function errorText(code: ErrorCode): string {
	return (errorMessages[code] ?? m.error_internal)();
}

/** A refused handshake that may be tried again in `seconds` (the server says how many). */
export function limitedText(seconds: number): string {
	return m.home_join_limited({ seconds });
}
