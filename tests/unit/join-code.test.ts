import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { isJoinCode, JOIN_CODE_ALPHABET, normaliseJoinCode } from '../../src/lib/join-code';
import { HandshakeSchema } from '../../src/lib/protocol';

describe('join codes as people type them', () => {
	it('ignore spaces, dashes and lower case', () => {
		for (const typed of [' k7m-2qx ', 'K7M 2QX', 'k7m2qx', 'K7M–2QX', 'k 7 m - 2 q x', 'K7M\u00a02QX', '\tK7M-2QX\n']) {
			expect(normaliseJoinCode(typed), JSON.stringify(typed)).toBe('K7M2QX');
		}
	});

	it('keep every other character, so a letter no code has is not a code', () => {
		for (const typed of ['K7M2Q0', 'O7M2QX', 'K1M2QX', 'KIM2QX', 'KLM2QX', 'k7m2ql', 'K7M2QXY', 'K7M2Q', 'K7M.2QX', 'ÆØÅ234']) {
			expect(isJoinCode(normaliseJoinCode(typed)), typed).toBe(false);
		}
	});

	it('read every code the server can make back as itself, however it is typed', () => {
		const code = fc.string({ unit: fc.constantFrom(...JOIN_CODE_ALPHABET), minLength: 6, maxLength: 6 });
		const filler = fc.constantFrom('', ' ', '-', '  ', ' - ');
		fc.assert(
			fc.property(code, fc.array(filler, { minLength: 7, maxLength: 7 }), fc.boolean(), (code, fill, lower) => {
				const typed = [...code].map((letter, i) => fill[i] + (lower ? letter.toLowerCase() : letter)).join('') + fill[6];
				expect(normaliseJoinCode(typed)).toBe(code);
				expect(isJoinCode(normaliseJoinCode(typed))).toBe(true);
			})
		);
	});

	it('the handshake schema reads a code the same way, and does not call a code of look-alikes malformed', () => {
		const handshake = (code: string) => v.safeParse(HandshakeSchema, { role: 'participant', code, token: 'a'.repeat(24) });
		expect(handshake(' k7m-2qx ').output).toMatchObject({ code: 'K7M2QX' });
		// Not a code any workshop has: the server answers not_found, not invalid_payload.
		expect(handshake('0OI1LL').success).toBe(true);
		expect(handshake('x'.repeat(65)).success).toBe(false);
	});
});
