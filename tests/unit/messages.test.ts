import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * A message is either a text or, in the inlang message format, one object in an array that
 * declares its inputs and locals, selects on some of them and maps each match to a text.
 */
interface Variants {
	declarations?: string[];
	selectors?: string[];
	match: Record<string, string>;
}
type Message = string | Variants[];

const source = (locale: string) => readFileSync(new URL(`../../messages/${locale}.json`, import.meta.url), 'utf8');
const load = (locale: string): Record<string, Message> => {
	const { $schema: _schema, ...messages } = JSON.parse(source(locale));
	return messages;
};
const da = load('da');
const en = load('en');
const keys = Object.keys(da);

/** JSON.parse keeps the last of two equal keys without a word: the files are read as text. */
const topLevelKeys = (text: string) => [...text.matchAll(/^\t"([^"]+)":/gm)].map((match) => match[1]);
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
const texts = (message: Message) => (typeof message === 'string' ? [message] : Object.values(message[0].match));
const declared = (message: Variants, kind: 'input' | 'local') =>
	(message.declarations ?? []).flatMap((line) => {
		const found = line.match(/^(input|local)\s+(\w+)/);
		return found && found[1] === kind ? [found[2]] : [];
	});
/** The parameters a caller passes: a text's placeholders, or a variant message's declared inputs. */
const inputs = (message: Message) => (typeof message === 'string' ? placeholders(message) : declared(message[0], 'input')).sort();
/** Every name a message's texts write out, over all its variants. */
const used = (message: Message) => [...new Set(texts(message).flatMap(placeholders))].sort();
const variantMessages = keys.filter((key) => typeof da[key] !== 'string' || typeof en[key] !== 'string');

describe('UI messages', () => {
	it('has every key in Danish and in English, each once', () => {
		expect(Object.keys(en).sort()).toEqual(Object.keys(da).sort());
		expect(keys.length).toBeGreaterThan(50);
		for (const locale of ['da', 'en']) {
			const all = topLevelKeys(source(locale));
			expect(all.filter((key, index) => all.indexOf(key) !== index), `keys given twice in ${locale}.json`).toEqual([]);
		}
	});

	it('has no empty text, and the same parameters in both languages, written out in both', () => {
		for (const key of keys) {
			for (const text of [...texts(da[key]), ...texts(en[key])]) expect(text.trim(), key).not.toBe('');
			expect(inputs(en[key]), key).toEqual(inputs(da[key]));
			expect(used(en[key]), key).toEqual(used(da[key]));
		}
	});

	it('writes every variant message the same way in both languages: one object, the same declarations, selectors, variants and names in each', () => {
		expect(variantMessages.length).toBeGreaterThan(0);
		for (const key of variantMessages) {
			for (const message of [da[key], en[key]]) {
				// The plugin (v4) reads a bare object as nested messages: the array is required.
				expect(Array.isArray(message), key).toBe(true);
				expect(message, key).toHaveLength(1);
			}
			const [ours, theirs] = [da[key][0] as Variants, en[key][0] as Variants];
			expect(theirs.declarations, key).toEqual(ours.declarations);
			expect(theirs.selectors, key).toEqual(ours.selectors);
			expect(Object.keys(theirs.match).sort(), key).toEqual(Object.keys(ours.match).sort());
			for (const [match, text] of Object.entries(ours.match)) {
				expect(placeholders(theirs.match[match] ?? '').sort(), `${key} ${match}`).toEqual(placeholders(text).sort());
			}
		}
	});

	it('uses only declared names in a variant, and gives every plural both "one" and "other"', () => {
		for (const key of variantMessages) {
			for (const [locale, all] of [['da', da], ['en', en]] as const) {
				const message = (all[key] as Variants[])[0];
				const names = new Set([...declared(message, 'input'), ...declared(message, 'local')]);
				for (const text of Object.values(message.match)) {
					for (const name of placeholders(text)) expect(names.has(name), `${locale}.${key}: {${name}}`).toBe(true);
				}
				const plurals = (message.declarations ?? []).flatMap((line) => line.match(/^local\s+(\w+)\s*=\s*\w+\s*:\s*plural\b/)?.[1] ?? []);
				for (const plural of plurals) {
					const categories = Object.keys(message.match).flatMap((match) => match.match(new RegExp(`\\b${plural}=([\\w*]+)`))?.[1] ?? []);
					expect(categories, `${locale}.${key}`).toContain('one');
					expect(categories.some((category) => category === 'other' || category === '*'), `${locale}.${key}`).toBe(true);
				}
			}
		}
	});

	it('is compiled by Paraglide into message functions for both languages', async () => {
		const { m } = await import('../../src/lib/paraglide/messages.js');
		const messages = m as unknown as Record<string, (inputs: object, options: { locale: string }) => string>;
		for (const key of keys) {
			expect(typeof messages[key], key).toBe('function');
		}
		expect(messages.home_start({}, { locale: 'da' })).toBe('Start en workshop');
		expect(messages.home_start({}, { locale: 'en' })).toBe('Start a workshop');
		expect(messages.screen_participants({ count: 12 }, { locale: 'da' })).toBe('12 deltagere');
	});
});
