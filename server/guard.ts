import type { IncomingMessage } from 'node:http';
import { RefusalTally } from './log';
import { RateLimiter, RefusalWindows, type Rate, type Window } from './rate-limit';

/**
 * The limits that keep one client from taking the room from everyone else. They are sized so
 * that a whole venue behind one Wi-Fi address is never refused (a conference hall of 10,000
 * phones, all joining at once, and again after a restart).
 */
export const RATES = {
	/** Handshakes (socket.io joins and reconnects, Yjs connections) per client address; a valid facilitator key is never counted. */
	handshakes: { burst: 10_000, perSecond: 200 },
	/** Messages per connection: a tap a second is plenty; a burst covers a reconnect's resends. */
	events: { burst: 60, perSecond: 30 },
	/** New sessions per client address. */
	sessions: { burst: 120, perSecond: 0.1 },
	/** Templates saved per client address: the server keeps 200 in all, which one address must not fill. */
	templates: { burst: 10, perSecond: 1 / 60 }
} satisfies Record<string, Rate>;

/**
 * Refused attempts, counted where guessing could happen, in fixed windows (rate-limit.ts:
 * refused attempts while closed are not counted, so no one keeps a door shut for longer than
 * a window). They gate only attempts that are not already known to be good: a valid key, a
 * token that has joined, a join to a session this address was already let into never wait.
 * Join codes are 6 of 31 letters: 887,503,681 codes, at most 5 tried per 10 s per address.
 */
export const REFUSALS = {
	/** Unknown join codes and session ids, per client address. */
	address: { limit: 5, seconds: 10 },
	/** Refusals of one participant token (an unknown code, a sheet it has no part in), from any address. */
	token: { limit: 5, seconds: 10 },
	/** Wrong facilitator keys against one session (or template), from any address. */
	session: { limit: 5, seconds: 10 }
} satisfies Record<string, Window>;

/** Who a refused attempt is counted against: its address, its participant token, the session it named. */
export type Culprits = Partial<Record<keyof typeof REFUSALS, string>>;

/** Every rate times `scale` (bursts and rates alike): for venues where many facilitators share one address. */
export function scaledRates(scale: number): Record<keyof typeof RATES, Rate> {
	const scaled = (rate: Rate): Rate => ({ burst: Math.ceil(rate.burst * scale), perSecond: rate.perSecond * scale });
	return {
		handshakes: scaled(RATES.handshakes),
		events: scaled(RATES.events),
		sessions: scaled(RATES.sessions),
		templates: scaled(RATES.templates)
	};
}

/** Every refusal budget times `scale`; the windows stay as short. */
export function scaledRefusals(scale: number): Record<keyof typeof REFUSALS, Window> {
	const scaled = (window: Window): Window => ({ limit: Math.ceil(window.limit * scale), seconds: window.seconds });
	return { address: scaled(REFUSALS.address), token: scaled(REFUSALS.token), session: scaled(REFUSALS.session) };
}

/** How long an address counts as let into a session (a workshop's day): joins to it from there are known-good. */
const ADMITTED_MS = 12 * 60 * 60 * 1000;

export interface Guard {
	/** The client's address: the socket's peer, or with TRUST_PROXY the address the nearest trusted proxy saw. */
	addressOf(req: IncomingMessage): string;
	/** Whether a browser page of another site opened this request (a WebSocket upgrade, say). */
	foreignOrigin(req: IncomingMessage): boolean;
	handshakes: RateLimiter;
	sessions: RateLimiter;
	templates: RateLimiter;
	/** Each connection's own budget of messages. */
	events: Rate;
	/** Whole seconds until an attempt of these culprits is looked at again (0: now). */
	closedFor(culprits: Culprits): number;
	/**
	 * An attempt refused on its merits (unknown code, wrong key): counted against each culprit,
	 * and 0 returned. When one of them is closed already, nothing is counted and the seconds
	 * until it opens are returned: the caller answers `rate_limited` instead, whatever the
	 * merits were, so a guesser cannot tell a hit from a miss.
	 */
	refuse(culprits: Culprits): number;
	/** Someone at `address` proved a right to session `sessionId` (a valid key, a known token, a join). */
	admit(address: string, sessionId: string): void;
	/** Whether someone at `address` proved a right to `sessionId` in the last 12 hours: a new phone there is no guess. */
	admitted(address: string, sessionId: string): boolean;
	/** Refused connections since the last look, by what refused them (logged together, server/app.ts). */
	tally: RefusalTally;
}

export interface GuardOptions {
	/** How many reverse proxies in front of the app add themselves to X-Forwarded-For (0: none, trust no header). */
	trustProxy: number;
	/** The public address (PUBLIC_URL); its origin is always this site's. */
	publicUrl: string;
	/** Other rates than RATES (tests use small ones). */
	rates?: Partial<Record<keyof typeof RATES, Rate>>;
	/** Other refusal windows than REFUSALS. */
	refusals?: Partial<Record<keyof typeof REFUSALS, Window>>;
	/** The clock (tests). */
	now?: () => number;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * PUBLIC_URL's origin, and for a loopback address its loopback aliases (localhost,
 * 127.0.0.1, [::1]) with the same scheme and port, since the machine itself is the only one
 * that reaches those. Nothing when PUBLIC_URL is not a URL.
 */
export function ownOrigins(publicUrl: string): Set<string> {
	let url: URL;
	try {
		url = new URL(publicUrl);
	} catch {
		return new Set();
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return new Set();
	if (!LOOPBACK.has(url.hostname)) return new Set([url.origin]);
	const port = url.port ? `:${url.port}` : '';
	return new Set([...LOOPBACK].map((host) => `${url.protocol}//${host}${port}`));
}

export function createGuard(options: GuardOptions): Guard {
	/** The origins this site's pages have: PUBLIC_URL's, exactly (scheme, host and port); PUBLIC_URL may be set once the port is known. */
	let known: { url: string; origins: Set<string> } | undefined;
	const origins = () => {
		if (known?.url !== options.publicUrl) known = { url: options.publicUrl, origins: ownOrigins(options.publicUrl) };
		return known.origins;
	};

	const now = options.now ?? Date.now;
	const windows = {
		address: new RefusalWindows(options.refusals?.address ?? REFUSALS.address, now),
		token: new RefusalWindows(options.refusals?.token ?? REFUSALS.token, now),
		session: new RefusalWindows(options.refusals?.session ?? REFUSALS.session, now)
	};
	const kinds = Object.keys(windows) as (keyof typeof windows)[];
	const closedFor = (culprits: Culprits) => Math.max(0, ...kinds.map((kind) => (culprits[kind] === undefined ? 0 : windows[kind].closedFor(culprits[kind]))));
	/** address → session id → when last admitted. */
	const admissions = new Map<string, Map<string, number>>();
	let admitsSinceSweep = 0;
	const sweepAdmissions = (at: number) => {
		admitsSinceSweep = 0;
		for (const [address, sessions] of admissions) {
			for (const [id, when] of sessions) if (at - when > ADMITTED_MS) sessions.delete(id);
			if (sessions.size === 0) admissions.delete(address);
		}
	};

	return {
		addressOf(req) {
			const peer = req.socket?.remoteAddress ?? 'unknown';
			if (options.trustProxy <= 0) return peer;
			const forwarded = (first(req.headers['x-forwarded-for']) ?? '').split(',').map((part) => part.trim()).filter(Boolean);
			// Each trusted proxy appended the address it saw; the one `trustProxy` from the end is the client.
			return forwarded[forwarded.length - options.trustProxy] ?? forwarded[0] ?? peer;
		},
		foreignOrigin(req) {
			const origin = first(req.headers.origin);
			// No Origin: not a browser page (a phone's page always sends one with an upgrade).
			if (origin === undefined) return false;
			// Never the request's own Host: a rebinding page controls both its Host and its Origin.
			return !origins().has(origin.toLowerCase());
		},
		handshakes: new RateLimiter(options.rates?.handshakes ?? RATES.handshakes, now),
		sessions: new RateLimiter(options.rates?.sessions ?? RATES.sessions, now),
		templates: new RateLimiter(options.rates?.templates ?? RATES.templates, now),
		events: options.rates?.events ?? RATES.events,
		closedFor,
		refuse(culprits) {
			const wait = closedFor(culprits);
			if (wait) return wait;
			for (const kind of kinds) if (culprits[kind] !== undefined) windows[kind].count(culprits[kind]);
			return 0;
		},
		admit(address, sessionId) {
			const at = now();
			if (++admitsSinceSweep >= 1_000) sweepAdmissions(at);
			let sessions = admissions.get(address);
			if (!sessions) admissions.set(address, (sessions = new Map()));
			sessions.set(sessionId, at);
		},
		admitted(address, sessionId) {
			const when = admissions.get(address)?.get(sessionId);
			return when !== undefined && now() - when <= ADMITTED_MS;
		},
		tally: new RefusalTally()
	};
}

export { securityHeaderLines, setSecurityHeaders } from './security-headers';
