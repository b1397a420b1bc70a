/**
 * Join codes as people type them. One pure function, used by the front page's field, the
 * `/j/CODE` address and the server's handshake schema alike, so all three read a code the
 * same way.
 */

/** Join codes avoid look-alikes: no 0/O, 1/I/L. 31 letters, 6 of them: 887,503,681 codes. */
export const JOIN_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const JOIN_CODE_LENGTH = 6;

const CODE = /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{6}$/;
/** Whitespace (any kind) and dashes (hyphen, non-breaking hyphen, en and em dash, minus) people put in to read it. */
const FILLER = /[\s\u2010-\u2015\u2212-]+/g;

/** `' k7m-2qx '` → `'K7M2QX'`: spaces and dashes dropped, lower case raised. Anything else stays as typed. */
export function normaliseJoinCode(typed: string): string {
	return typed.replace(FILLER, '').toUpperCase();
}

/** Whether a normalised code could be one (6 letters of the alphabet); one that cannot matches no workshop. */
export function isJoinCode(code: string): boolean {
	return CODE.test(code);
}
