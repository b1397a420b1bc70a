import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiter, type Rate } from './rate-limit';

/**
 * The limits that keep one client from taking the room from everyone else. They are sized so
 * that a whole venue behind one Wi-Fi address is never refused (a municipality's management
 * of 2,500 in one hall, all joining at once, and again after a restart), while guessing join
 * codes or keys stays hopeless: 887 million codes at 10 wrong guesses a minute.
 */
export const RATES = {
	/** Handshakes (socket.io joins and reconnects, Yjs connections) per client address. */
	handshakes: { burst: 2_500, perSecond: 50 },
	/** Refused handshakes and API calls (unknown code, wrong key) per client address. */
	failures: { burst: 20, perSecond: 1 / 6 },
	/** Messages per connection: a tap a second is plenty; a burst covers a reconnect's resends. */
	events: { burst: 60, perSecond: 30 },
	/** New sessions per client address. */
	sessions: { burst: 120, perSecond: 0.1 },
	/** Templates saved per client address: the server keeps 200 in all, which one address must not fill. */
	templates: { burst: 10, perSecond: 1 / 60 }
} satisfies Record<string, Rate>;

/** Every limit times `scale` (bursts and rates alike): for venues where many facilitators share one address. */
export function scaledRates(scale: number): Record<keyof typeof RATES, Rate> {
	const scaled = (rate: Rate): Rate => ({ burst: Math.ceil(rate.burst * scale), perSecond: rate.perSecond * scale });
	return {
		handshakes: scaled(RATES.handshakes),
		failures: scaled(RATES.failures),
		events: scaled(RATES.events),
		sessions: scaled(RATES.sessions),
		templates: scaled(RATES.templates)
	};
}

export interface Guard {
	/** The client's address: the socket's peer, or with TRUST_PROXY the address the nearest trusted proxy saw. */
	addressOf(req: IncomingMessage): string;
	/** Whether a browser page of another site opened this request (a WebSocket upgrade, say). */
	foreignOrigin(req: IncomingMessage): boolean;
	handshakes: RateLimiter;
	failures: RateLimiter;
	sessions: RateLimiter;
	templates: RateLimiter;
	/** Each connection's own budget of messages. */
	events: Rate;
}

export interface GuardOptions {
	/** How many reverse proxies in front of the app add themselves to X-Forwarded-For (0: none, trust no header). */
	trustProxy: number;
	/** The public address (PUBLIC_URL); its origin is always this site's. */
	publicUrl: string;
	/** Other rates than RATES (tests use small ones). */
	rates?: Partial<Record<keyof typeof RATES, Rate>>;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function createGuard(options: GuardOptions): Guard {
	const origins = () => {
		try {
			return options.publicUrl ? new URL(options.publicUrl).origin : null;
		} catch {
			return null;
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
			if (!origin) return false;
			if (origin === origins()) return false;
			const hosts = [first(req.headers.host)];
			if (options.trustProxy > 0) hosts.push(first(req.headers['x-forwarded-host'])?.split(',')[0]?.trim());
			try {
				const { host } = new URL(origin);
				return !hosts.some((candidate) => candidate && candidate.toLowerCase() === host.toLowerCase());
			} catch {
				return true;
			}
		},
		handshakes: new RateLimiter(options.rates?.handshakes ?? RATES.handshakes),
		failures: new RateLimiter(options.rates?.failures ?? RATES.failures),
		sessions: new RateLimiter(options.rates?.sessions ?? RATES.sessions),
		templates: new RateLimiter(options.rates?.templates ?? RATES.templates),
		events: options.rates?.events ?? RATES.events
	};
}

/**
 * Headers for every response. Pages get their Content-Security-Policy from SvelteKit (`kit.csp`
 * in svelte.config.js, which hashes its own bootstrap script); this one covers everything else
 * (API answers, exports, files) and forbids everything but being downloaded.
 */
export function setSecurityHeaders(res: ServerResponse): void {
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Referrer-Policy', 'no-referrer');
	res.setHeader('X-Frame-Options', 'DENY');
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
	res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
}
