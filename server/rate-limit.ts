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
