import type { ErrorCode } from '$lib/session/reducer';

/**
 * The words for a refusal, in the reader's language.
 *
 * Refusals are rare, so their texts (every code, in both languages) are not part of the
 * phone's first download: the first refusal loads them, and whatever shows it renders again
 * when they arrive, a moment later. Until then the code is not shown: an empty string.
 */
let errorMessages = $state<((code: ErrorCode) => string) | null>(null);
let loading: Promise<void> | null = null;

export function errorText(code: ErrorCode): string {
	if (errorMessages) return errorMessages(code);
	loading ??= import('./error-messages').then((module) => {
		errorMessages = module.errorText;
	});
	return '';
}
