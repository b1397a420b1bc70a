/**
 * The facilitator key stays on the laptop that started the session (local storage), and
 * travels in a link's fragment (#key=…), which browsers never send to a server.
 */
const storageKey = (sessionId: string) => `vaegten:facilitator:${sessionId}`;

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
	/** Takes a key from `#key=…`, keeps it, and removes it from the address bar. */
	fromFragment(sessionId: string): string | null {
		const key = new URLSearchParams(location.hash.slice(1)).get('key');
		if (!key) return null;
		this.remember(sessionId, key);
		history.replaceState(history.state, '', location.pathname + location.search);
		return key;
	}
};
