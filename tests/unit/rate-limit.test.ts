import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter, TokenBucket } from '../../server/rate-limit';

describe('rate limits', () => {
	it('lets a burst through, then one per refill interval', () => {
		let now = 0;
		const limiter = new RateLimiter({ burst: 3, perSecond: 2 }, () => now);
		expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual([true, true, true, false]);
		expect(limiter.take('b')).toBe(true); // every key has its own bucket
		now += 499;
		expect(limiter.take('a')).toBe(false);
		now += 1;
		expect(limiter.take('a')).toBe(true);
		expect(limiter.has('a')).toBe(false);
	});

	it('never lets more through than the burst plus what refilled', () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 50 }),
				fc.integer({ min: 1, max: 20 }),
				fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 300 }),
				(burst, perSecond, gaps) => {
					let now = 0;
					const bucket = new TokenBucket({ burst, perSecond }, now);
					let taken = 0;
					for (const gap of gaps) {
						now += gap;
						if (bucket.take(now)) taken += 1;
					}
					expect(taken).toBeLessThanOrEqual(burst + Math.floor((now / 1000) * perSecond));
				}
			)
		);
	});

	it('forgets addresses whose bucket has filled up again', () => {
		let now = 0;
		const limiter = new RateLimiter({ burst: 2, perSecond: 1 }, () => now);
		for (let i = 0; i < 999; i++) limiter.take(`10.0.${i >> 8}.${i & 255}`);
		expect(limiter.size).toBe(999);
		now += 5_000;
		limiter.take('10.9.9.9'); // the thousandth take sweeps
		expect(limiter.size).toBe(1);
	});
});

describe('RATE_LIMIT_SCALE', () => {
	it('multiplies every limit, and refuses nonsense', async () => {
		const { configFromEnv } = await import('../../server/config');
		const { RATES } = await import('../../server/guard');
		expect(configFromEnv({}).rates).toBeUndefined();
		const rates = configFromEnv({ RATE_LIMIT_SCALE: '10' }).rates!;
		expect(rates.failures).toEqual({ burst: RATES.failures.burst * 10, perSecond: RATES.failures.perSecond * 10 });
		expect(rates.events?.burst).toBe(RATES.events.burst * 10);
		expect(() => configFromEnv({ RATE_LIMIT_SCALE: '0' })).toThrow(/RATE_LIMIT_SCALE/);
	});
});
