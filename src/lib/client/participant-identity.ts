import { randomId } from './random-id';

/**
 * A participant's identity is a random token the phone makes itself and keeps in local
 * storage, per join code. Reloads and reconnects send the same token, so the server finds
 * the same participant; a retried first join can never create a second one.
 */
export interface Identity {
	token: string;
	nickname: string;
}

const storageKey = (code: string) => `vaegten:participant:${code}`;

export function storedIdentity(code: string): Identity | null {
	try {
		const raw = localStorage.getItem(storageKey(code));
		return raw ? (JSON.parse(raw) as Identity) : null;
	} catch {
		return null;
	}
}

export function createIdentity(code: string, nickname: string): Identity {
	const identity = { token: randomId(24), nickname: nickname.trim().slice(0, 40) };
	localStorage.setItem(storageKey(code), JSON.stringify(identity));
	return identity;
}

/** The identity this phone joins `code` with under `nickname`: its own there if it has one, else a new one (the next tool's session). */
export function carryIdentity(code: string, nickname: string): Identity {
	return storedIdentity(code) ?? createIdentity(code, nickname);
}
