export interface Rate {
	/** How many at once (the bucket's size). */
	burst: number;
	/** How many more per second, refilled continuously. */
	perSecond: number;
}

interface Bucket {
	tokens: number;
	at: number;
}

/** One token bucket: `burst` at once, then `perSecond`. */
export class TokenBucket {
	readonly #rate: Rate;
	#tokens: number;
	#at: number;

	constructor(rate: Rate, now = Date.now()) {
		this.#rate = rate;
		this.#tokens = rate.burst;
		this.#at = now;
	}

	/** Tokens left at the last `take` (not refilled since). */
	get remaining(): number {
		return this.#tokens;
	}

	take(now = Date.now()): boolean {
		this.#tokens = Math.min(this.#rate.burst, this.#tokens + ((now - this.#at) / 1000) * this.#rate.perSecond);
		this.#at = now;
		if (this.#tokens < 1) return false;
		this.#tokens -= 1;
		return true;
	}
}

/**
 * A token bucket per key (an IP address, say): `burst` at once, then `perSecond`. Buckets
 * that have filled up again carry no information and are forgotten, so the map holds only
 * keys active in the last `burst / perSecond` seconds.
 */
export class RateLimiter {
	readonly #rate: Rate;
	readonly #buckets = new Map<string, Bucket>();
	readonly #now: () => number;
	#takesSinceSweep = 0;

	constructor(rate: Rate, now: () => number = Date.now) {
		this.#rate = rate;
		this.#now = now;
	}

	/** Takes one from `key`'s bucket; false when it is empty (and then takes nothing). */
	take(key: string): boolean {
		const now = this.#now();
		if (++this.#takesSinceSweep >= 1_000) this.#sweep(now);
		const bucket = this.#buckets.get(key) ?? { tokens: this.#rate.burst, at: now };
		bucket.tokens = Math.min(this.#rate.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.#rate.perSecond);
		bucket.at = now;
		if (bucket.tokens < 1) {
			this.#buckets.set(key, bucket);
			return false;
		}
		bucket.tokens -= 1;
		this.#buckets.set(key, bucket);
		return true;
	}

	/** Whether `key` has one left, without taking it. */
	has(key: string): boolean {
		const bucket = this.#buckets.get(key);
		if (!bucket) return true;
		return bucket.tokens + ((this.#now() - bucket.at) / 1000) * this.#rate.perSecond >= 1;
	}

	/** Whole seconds until `key` has one again (0: it has one now). */
	retryAfter(key: string): number {
		const bucket = this.#buckets.get(key);
		if (!bucket) return 0;
		const tokens = bucket.tokens + ((this.#now() - bucket.at) / 1000) * this.#rate.perSecond;
		return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / this.#rate.perSecond);
	}

	/** Keys with a bucket in memory (for tests). */
	get size(): number {
		return this.#buckets.size;
	}

	#sweep(now: number): void {
		this.#takesSinceSweep = 0;
		for (const [key, bucket] of this.#buckets) {
			if (bucket.tokens + ((now - bucket.at) / 1000) * this.#rate.perSecond >= this.#rate.burst) this.#buckets.delete(key);
		}
	}
}

export interface Window {
	/** How many refusals a key may earn in one window. */
	limit: number;
	/** How long a window lasts, from the key's first refusal in it. */
	seconds: number;
}

/**
 * Refusals per key in fixed windows: a key's window opens at its first refusal and lasts
 * `seconds`; once it holds `limit` refusals the key is closed until the window ends. Attempts
 * refused while closed are not counted (`count` is for attempts that were looked at), so
 * nobody keeps a key closed longer than one window by trying, however fast: the next window
 * opens only with the next refusal after this one ended.
 */
export class RefusalWindows {
	readonly #window: Window;
	readonly #windows = new Map<string, { opened: number; count: number }>();
	readonly #now: () => number;
	#countsSinceSweep = 0;

	constructor(window: Window, now: () => number = Date.now) {
		this.#window = window;
		this.#now = now;
	}

	/** Whole seconds until `key` may be refused again (0: it is open). */
	closedFor(key: string): number {
		const now = this.#now();
		const window = this.#windows.get(key);
		if (!window || window.count < this.#window.limit) return 0;
		const left = window.opened + this.#window.seconds * 1000 - now;
		return left > 0 ? Math.ceil(left / 1000) : 0;
	}

	/** Counts one refusal for `key` (in its window, or in a new one when that ended). */
	count(key: string): void {
		const now = this.#now();
		if (++this.#countsSinceSweep >= 1_000) this.#sweep(now);
		const window = this.#windows.get(key);
		if (window && now < window.opened + this.#window.seconds * 1000) window.count += 1;
		else this.#windows.set(key, { opened: now, count: 1 });
	}

	/** Keys with a window in memory (for tests). */
	get size(): number {
		return this.#windows.size;
	}

	#sweep(now: number): void {
		this.#countsSinceSweep = 0;
		for (const [key, window] of this.#windows) if (now >= window.opened + this.#window.seconds * 1000) this.#windows.delete(key);
	}
}
