import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { nickname } from '../../src/lib/protocol';

const parse = (typed: string) => v.parse(nickname, typed);
/** Any code point, or half a surrogate pair, or a control character (at most two UTF-16 units each). */
const typedUnit = fc.oneof(fc.constantFrom('\ud800', '\udbff', '\udc00', '\udfff', '\u0000', '\t'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }));

describe('a nickname as the handshake reads it', () => {
	it('makes a control character a space and half a surrogate pair U+FFFD, and keeps whole pairs', () => {
		expect(parse('Ada\u0000Lovelace')).toBe('Ada Lovelace');
		expect(parse('\tBo\n')).toBe('Bo');
		expect(parse('x\ud800')).toBe('x\ufffd');
		expect(parse('\udc00y')).toBe('\ufffdy');
		expect(parse('\udc00\ud800')).toBe('\ufffd\ufffd');
		expect(parse('👩🏽‍💼 Åse "ø" \\')).toBe('👩🏽‍💼 Åse "ø" \\');
	});

	it('always gives well-formed text with no control character, unchanged when it was already so', () => {
		fc.assert(
			fc.property(fc.string({ unit: typedUnit, maxLength: 20 }), (typed) => {
				const read = parse(typed);
				expect(read.isWellFormed()).toBe(true);
				expect(read).not.toMatch(/\p{Cc}/u);
				if (typed.isWellFormed() && !/\p{Cc}/u.test(typed)) expect(read).toBe(typed.trim());
			})
		);
	});
});
