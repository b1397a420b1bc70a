import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const load = (locale: string): Record<string, string> => {
	const { $schema: _schema, ...messages } = JSON.parse(readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8'));
	return messages;
};
const da = load('da');
const en = load('en');
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();

describe('UI messages', () => {
	it('has every key in Danish and in English', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
		expect(Object.keys(da).length).toBeGreaterThan(50);
	});

	it('has no empty message, and the same placeholders in both languages', () => {
		for (const key of Object.keys(da)) {
			expect(da[key].trim(), key).not.toBe('');
			expect(en[key].trim(), key).not.toBe('');
			expect(placeholders(en[key]), key).toEqual(placeholders(da[key]));
		}
	});

	it('is compiled by Paraglide into message functions for both languages', async () => {
		const { m } = await import('../../src/lib/paraglide/messages.js');
		const messages = m as unknown as Record<string, (inputs: object, options: { locale: string }) => string>;
		for (const key of Object.keys(da)) {
			expect(typeof messages[key], key).toBe('function');
		}
		expect(messages.home_start({}, { locale: 'da' })).toBe('Start en workshop');
		expect(messages.home_start({}, { locale: 'en' })).toBe('Start a workshop');
		expect(messages.screen_participants({ count: 12 }, { locale: 'da' })).toBe('12 deltagere');
	});
});
