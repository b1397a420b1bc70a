import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config';

describe('RESULTS_RETENTION_DAYS', () => {
	it('is 400 by default, beside RETENTION_DAYS 30', () => {
		expect(configFromEnv({})).toMatchObject({ retentionDays: 30, resultsRetentionDays: 400 });
		expect(configFromEnv({ RESULTS_RETENTION_DAYS: '730' }).resultsRetentionDays).toBe(730);
	});

	it('refuses anything but a positive number, naming the variable', () => {
		for (const value of ['0', '-1', 'forever', '']) {
			expect(() => configFromEnv({ RESULTS_RETENTION_DAYS: value })).toThrow(/RESULTS_RETENTION_DAYS must be a positive number/);
		}
	});
});
