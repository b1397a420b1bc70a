/**
 * The facilitator key stays on the laptop that started the session (local storage), and
 * travels in a link's fragment (#key=…), which browsers never send to a server.
 */
const PREFIX = 'vaegten:facilitator:';
const storageKey = (sessionId: string) => `${PREFIX}${sessionId}`;

export const facilitatorKeys = {
	remember(sessionId: string, key: string): void {
		localStorage.setItem(storageKey(sessionId), key);
	},
	forget(sessionId: string): void {
		localStorage.removeItem(storageKey(sessionId));
	},
	recall(sessionId: string): string | null {
		return localStorage.getItem(storageKey(sessionId));
	},
	/** Every session this browser keeps a key for (the front page's follow-up list), with its key. */
	all(): Array<{ sessionId: string; key: string }> {
		const found: Array<{ sessionId: string; key: string }> = [];
		for (let index = 0; index < localStorage.length; index++) {
			const name = localStorage.key(index);
			const key = name?.startsWith(PREFIX) ? localStorage.getItem(name) : null;
			if (name && key) found.push({ sessionId: name.slice(PREFIX.length), key });
		}
		return found;
	},
	/** Takes a key from `#key=…`, keeps it, and removes it from the address bar. */
	fromFragment(sessionId: string): string | null {
		const key = new URLSearchParams(location.hash.slice(1)).get('key');
		if (!key) return null;
		this.remember(sessionId, key);
		history.replaceState(history.state, '', location.pathname + location.search);
		return key;
	}
};
