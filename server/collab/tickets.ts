import { randomBytes } from 'node:crypto';

export interface TicketOptions {
	/** How long a ticket is valid after it is issued. */
	ttlMs: number;
	/** Outstanding tickets at most; past it none is issued until some expire or are used. */
	max: number;
	now?: () => number;
}

interface Entry<Grant> {
	docName: string;
	grant: Grant;
	expires: number;
}

/** One minute: a phone asks for its ticket the moment it opens the sheet's WebSocket. */
export const TICKET_TTL_MS = 60_000;

/**
 * Short-lived, single-use tickets for the Yjs endpoint, so that no long-lived secret (the
 * facilitator key, a phone's token) travels in a WebSocket URL, where proxies log it. A
 * ticket names one document and opens it once. Kept in this process's memory: it is issued
 * by the process that owns the session's room, and used there a moment later.
 */
export class TicketBook<Grant> {
	readonly #options: Required<TicketOptions>;
	/** In the order they were issued, which with one ttl is the order they expire in. */
	readonly #tickets = new Map<string, Entry<Grant>>();

	constructor(options: TicketOptions) {
		this.#options = { now: Date.now, ...options };
	}

	/** A new ticket (128 random bits) for `docName`, or null when too many are outstanding. */
	issue(docName: string, grant: Grant): string | null {
		const now = this.#options.now();
		this.#forgetExpired(now);
		if (this.#tickets.size >= this.#options.max) return null;
		const ticket = randomBytes(16).toString('base64url');
		this.#tickets.set(ticket, { docName, grant, expires: now + this.#options.ttlMs });
		return ticket;
	}

	/**
	 * What the ticket was issued for, if it is valid and names `docName`. Any attempt uses the
	 * ticket up, a refused one too: a ticket is never good for a second try.
	 */
	redeem(ticket: string, docName: string): Grant | null {
		const entry = this.#tickets.get(ticket);
		if (!entry) return null;
		this.#tickets.delete(ticket);
		if (entry.docName !== docName || this.#options.now() >= entry.expires) return null;
		return entry.grant;
	}

	/** Outstanding tickets (for tests). */
	get size(): number {
		return this.#tickets.size;
	}

	#forgetExpired(now: number): void {
		for (const [ticket, entry] of this.#tickets) {
			if (entry.expires > now) return;
			this.#tickets.delete(ticket);
		}
	}
}
