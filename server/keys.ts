import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { JOIN_CODE_ALPHABET } from '../src/lib/protocol';

/** Session ids appear in screen links: unguessable, URL-safe. */
export function newSessionId(): string {
	return randomBytes(12).toString('base64url');
}

/** A facilitator key: 256 random bits. Only its hash is stored. */
export function newSecret(): string {
	return randomBytes(32).toString('base64url');
}

export function newJoinCode(): string {
	let code = '';
	for (let i = 0; i < 6; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
	return code;
}

/** Secrets are long and random, so one fast hash is enough; no password stretching needed. */
export function hashSecret(secret: string): string {
	return createHash('sha256').update(secret).digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
	const presented = Buffer.from(hashSecret(secret), 'hex');
	const stored = Buffer.from(storedHash, 'hex');
	return presented.length === stored.length && timingSafeEqual(presented, stored);
}
