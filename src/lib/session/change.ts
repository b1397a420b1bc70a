import type { ErrorCode, SessionError } from './errors';
import type { SessionState } from './state';

/** What one rule makes of a state: a new state (the same one for a repeat), or a refusal that changes nothing. */
export type Change = { ok: true; state: SessionState } | { ok: false; error: SessionError };

export const fail = (code: ErrorCode, message: string): { ok: false; error: SessionError } => ({ ok: false, error: { code, message } });
