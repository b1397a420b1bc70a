import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { m } from '../../src/lib/paraglide/messages.js';

type Locale = 'da' | 'en';
type Render = (count: number, locale: Locale) => string;

/** Singular for exactly 1, plural otherwise: Intl.PluralRules for da and en on whole numbers. */
const one = (count: number) => count === 1;

/**
 * Every message with a plural selector, called as the app calls it, and what it must read.
 * Danish does not inflect the verb ("1 har stemt", "2 har stemt"); English does.
 */
const plurals: Record<string, { render: Render; da: (n: number) => string; en: (n: number) => string }> = {
	home_join_limited: {
		render: (seconds, locale) => m.home_join_limited({ seconds }, { locale }),
		da: (n) => `For mange forsøg – prøv igen om ${n} ${one(n) ? 'sekund' : 'sekunder'}`,
		en: (n) => `Too many attempts – try again in ${n} ${one(n) ? 'second' : 'seconds'}`
	},
	vaegten_raters: {
		render: (count, locale) => m.vaegten_raters({ count }, { locale }),
		da: (n) => `${n} har vurderet`,
		en: (n) => `${n} ${one(n) ? 'has' : 'have'} rated`
	},
	marks_raters: {
		render: (count, locale) => m.marks_raters({ count }, { locale }),
		da: (n) => `${n} har svaret`,
		en: (n) => `${n} ${one(n) ? 'has' : 'have'} answered`
	},
	screen_participants: {
		render: (count, locale) => m.screen_participants({ count }, { locale }),
		da: (n) => `${n} ${one(n) ? 'deltager' : 'deltagere'}`,
		en: (n) => `${n} ${one(n) ? 'participant' : 'participants'}`
	},
	sheet_typing: {
		render: (count, locale) => m.sheet_typing({ names: 'NN', count }, { locale }),
		da: () => 'NN skriver …',
		en: (n) => `NN ${one(n) ? 'is' : 'are'} typing …`
	},
	console_group_count: {
		render: (count, locale) => m.console_group_count({ count }, { locale }),
		da: (n) => `${n} ${one(n) ? 'person' : 'personer'}`,
		en: (n) => `${n} ${one(n) ? 'person' : 'people'}`
	},
	prio_voters: {
		render: (count, locale) => m.prio_voters({ count }, { locale }),
		da: (n) => `${n} har stemt`,
		en: (n) => `${n} ${one(n) ? 'has' : 'have'} voted`
	},
	prio_dots: {
		render: (count, locale) => m.prio_dots({ count }, { locale }),
		da: (n) => `${n} ${one(n) ? 'prik' : 'prikker'}`,
		en: (n) => `${n} ${one(n) ? 'dot' : 'dots'}`
	},
	ballot_left: {
		// The noun goes with the total: "0 af 1 prik tilbage", "1 af 3 prikker tilbage".
		render: (total, locale) => m.ballot_left({ left: 0, total }, { locale }),
		da: (n) => `0 af ${n} ${one(n) ? 'prik' : 'prikker'} tilbage`,
		en: (n) => `0 of ${n} ${one(n) ? 'dot' : 'dots'} left`
	},
	summary_retention: {
		render: (days, locale) => m.summary_retention({ days }, { locale }),
		da: (n) => `Workshoppen slettes automatisk ${n} ${one(n) ? 'dag' : 'dage'} efter, den blev oprettet.`,
		en: (n) => `The workshop is deleted automatically ${n} ${one(n) ? 'day' : 'days'} after it was created.`
	},
	agreement_facts: {
		render: (participants, locale) => m.agreement_facts({ date: 'D', participants }, { locale }),
		da: (n) => `D · ${n} ${one(n) ? 'deltager' : 'deltagere'}`,
		en: (n) => `D · ${n} ${one(n) ? 'participant' : 'participants'}`
	}
};

describe('plural messages', () => {
	it('are all listed here: every message that selects on a plural', () => {
		const messages = JSON.parse(readFileSync(new URL('../../messages/da.json', import.meta.url), 'utf8')) as Record<string, unknown>;
		const withPlural = Object.entries(messages)
			.filter(([, message]) => Array.isArray(message) && JSON.stringify(message).includes(': plural'))
			.map(([key]) => key);
		expect(withPlural.sort()).toEqual(Object.keys(plurals).sort());
	});

	for (const [key, { render, da, en }] of Object.entries(plurals)) {
		it(`${key} reads right for 0, 1, 2 and 5 in Danish and English`, () => {
			for (const count of [0, 1, 2, 5]) {
				expect(render(count, 'da'), `da, ${count}`).toBe(da(count));
				expect(render(count, 'en'), `en, ${count}`).toBe(en(count));
			}
		});
	}

	it('picks the singular for exactly one', () => {
		expect(m.prio_dots({ count: 1 }, { locale: 'da' })).toBe('1 prik');
		expect(m.prio_dots({ count: 2 }, { locale: 'da' })).toBe('2 prikker');
		expect(m.prio_dots({ count: 1 }, { locale: 'en' })).toBe('1 dot');
		expect(m.prio_dots({ count: 2 }, { locale: 'en' })).toBe('2 dots');
	});
});
