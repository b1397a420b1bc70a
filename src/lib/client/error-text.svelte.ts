import type { ErrorCode } from '$lib/session/errors';

/**
 * The words for a refusal, in the reader's language.
 *
 * Refusals are rare, so their texts (every code, in both languages) are not part of the
 * phone's first download: the first refusal loads them, and whatever shows it renders again
 * when they arrive, a moment later. Until then the code is not shown: an empty string.
 */
let texts = $state<typeof import('./error-messages') | null>(null);
let loading: Promise<void> | null = null;

function load(): null {
	loading ??= import('./error-messages').then((module) => {
		texts = module;
	});
	return null;
}

export function errorText(code: ErrorCode): string {
	return (texts ?? load())?.errorText(code) ?? '';
}

/** "Too many attempts – try again in N seconds", loaded as the other refusals are. */
export function limitedText(seconds: number): string {
	return (texts ?? load())?.limitedText(seconds) ?? '';
}
