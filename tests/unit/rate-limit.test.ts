import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGuard, REFUSALS } from '../../server/guard';
import { RateLimiter, RefusalWindows, TokenBucket } from '../../server/rate-limit';

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

describe('refusal windows', () => {
	it('close a key after its limit for the rest of one window, and say for how long', () => {
		let now = 0;
		const windows = new RefusalWindows({ limit: 3, seconds: 10 }, () => now);
		for (let i = 0; i < 3; i++) {
			expect(windows.closedFor('a')).toBe(0);
			windows.count('a');
			now += 1_000;
		}
		expect(windows.closedFor('a')).toBe(7);
		expect(windows.closedFor('b')).toBe(0); // every key has its own window
		now = 9_999;
		expect(windows.closedFor('a')).toBe(1);
		now = 10_000;
		expect(windows.closedFor('a')).toBe(0);
	});

	it('are not held shut by attempts while closed, and look at no more than the limit in a window', () => {
		fc.assert(
			fc.property(fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 300 }), (gaps) => {
				let now = 0;
				const { limit, seconds } = REFUSALS.address;
				const windows = new RefusalWindows(REFUSALS.address, () => now);
				let closedSince: number | null = null;
				const looked: number[] = [];
				for (const gap of gaps) {
					now += gap;
					// A guesser tries at every step; only what is looked at (and refused) counts.
					if (windows.closedFor('x') === 0) {
						closedSince = null;
						looked.push(now);
						windows.count('x');
					} else {
						closedSince ??= now;
						expect(now - closedSince).toBeLessThan(seconds * 1000);
					}
				}
				// Any `seconds` long stretch holds at most two windows' worth of looked-at attempts.
				for (const start of looked) expect(looked.filter((at) => at >= start && at < start + seconds * 1000).length).toBeLessThanOrEqual(2 * limit);
			})
		);
	});

	it('never close for someone who gets one code wrong every 5 seconds (the default windows)', () => {
		let now = 0;
		const windows = new RefusalWindows(REFUSALS.address, () => now);
		for (let attempt = 0; attempt < 100; attempt++, now += 5_000) {
			expect(windows.closedFor('venue')).toBe(0);
			windows.count('venue');
		}
	});

	it('forget windows that have ended', () => {
		let now = 0;
		const windows = new RefusalWindows({ limit: 2, seconds: 1 }, () => now);
		for (let i = 0; i < 999; i++) windows.count(`10.0.${i >> 8}.${i & 255}`);
		expect(windows.size).toBe(999);
		now += 1_000;
		windows.count('10.9.9.9'); // the thousandth count sweeps
		expect(windows.size).toBe(1);
	});
});

describe('RATE_LIMIT_SCALE', () => {
	it('multiplies every limit, and refuses nonsense', async () => {
		const { configFromEnv } = await import('../../server/config');
		const { RATES } = await import('../../server/guard');
		expect(configFromEnv({}).rates).toBeUndefined();
		expect(configFromEnv({}).refusals).toBeUndefined();
		const scaled = configFromEnv({ RATE_LIMIT_SCALE: '10' });
		expect(scaled.rates?.handshakes).toEqual({ burst: RATES.handshakes.burst * 10, perSecond: RATES.handshakes.perSecond * 10 });
		expect(scaled.rates?.events?.burst).toBe(RATES.events.burst * 10);
		// Refusals: ten times as many per window; the window stays as short.
		expect(scaled.refusals?.address).toEqual({ limit: REFUSALS.address.limit * 10, seconds: REFUSALS.address.seconds });
		expect(() => configFromEnv({ RATE_LIMIT_SCALE: '0' })).toThrow(/RATE_LIMIT_SCALE/);
	});
});

describe('a hall behind one address', () => {
	it('lets 10,000 phones join at once, and again after a restart at 200 a second, and stops a flood there', () => {
		let now = 0;
		const guard = createGuard({ publicUrl: 'http://localhost', trustProxy: 0, now: () => now });
		let joined = 0;
		while (joined < 20_000 && guard.handshakes.take('10.0.0.1')) joined += 1;
		expect(joined).toBe(10_000);
		now += 50_000;
		let again = 0;
		while (again < 20_000 && guard.handshakes.take('10.0.0.1')) again += 1;
		expect(again).toBe(10_000);
	});
});
