import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config';

describe('DATABASE_URL', () => {
	it('is unset by default: the SQLite file in DATA_DIR', () => {
		expect(configFromEnv({}).databaseUrl).toBeUndefined();
		expect(configFromEnv({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
	});

	it('takes a postgres:// or postgresql:// URL as it is', () => {
		const url = 'postgres://app:s3cret@db.internal:5432/vaegten?sslmode=require';
		expect(configFromEnv({ DATABASE_URL: url }).databaseUrl).toBe(url);
		expect(configFromEnv({ DATABASE_URL: 'postgresql://localhost/vaegten' }).databaseUrl).toBe('postgresql://localhost/vaegten');
	});

	it('refuses anything else with an error that names the variable, not the value (it may hold a password)', () => {
		for (const value of ['mysql://app:s3cret@db/vaegten', 'sqlite:./data/vaegten.db', 'db.internal:5432', 'postgres:/missing-slash']) {
			expect(() => configFromEnv({ DATABASE_URL: value })).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/);
			expect(() => configFromEnv({ DATABASE_URL: value })).not.toThrow(/s3cret/);
		}
	});
});

describe('LEASE_TTL_MS', () => {
	it('is unset by default (the registry’s 5 s), and takes a number of milliseconds of at least 500', () => {
		expect(configFromEnv({}).leaseTtlMs).toBeUndefined();
		expect(configFromEnv({ LEASE_TTL_MS: '2000' }).leaseTtlMs).toBe(2000);
		for (const value of ['0', '499', 'soon', '-5']) expect(() => configFromEnv({ LEASE_TTL_MS: value })).toThrow(/LEASE_TTL_MS must be at least 500/);
	});
});
