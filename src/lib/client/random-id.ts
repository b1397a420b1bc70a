/** `bytes` random bytes, URL-safe base64 (crypto.randomUUID needs a secure context; a phone on a LAN may not have one). */
export function randomId(bytes: number): string {
	const random = crypto.getRandomValues(new Uint8Array(bytes));
	return btoa(String.fromCharCode(...random)).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}
