/** Every refusal's code, as a list at run time: clients and tests can go through them all. */
export const ERROR_CODES = [
	'invalid_payload',
	'forbidden',
	'not_found',
	'no_such_step',
	'not_a_rating_step',
	'vote_locked',
	'unknown_item',
	'unknown_group',
	'voting_open',
	'voting_closed',
	'duplicate',
	'current_step',
	'step_skipped',
	'limit_reached',
	'session_ended',
	'rate_limited',
	/** The session lives in another server process: connect again (the client does so by itself). */
	'moved',
	'internal'
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface SessionError {
	code: ErrorCode;
	message: string;
}

export const isErrorCode = (value: unknown): value is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(value);

/** What a phone hears when it sends anything after the workshop ended. */
export const ended: SessionError = { code: 'session_ended', message: 'The workshop has ended.' };
