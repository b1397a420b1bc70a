import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import { toolItems } from '../../src/lib/template/slides';
import type { ItemKind, Localized, ModelId, Step } from '../../src/lib/template/types';

/** Copies of the source documents, kept in the repository so any clone can run the tests. */
const seedUrl = (name: string) => new URL(`../fixtures/seeds/${name}`, import.meta.url);
const seed = readFileSync(seedUrl('002_173a728c6e88a1a3.txt'), 'utf8');
/** The HR guide that describes the gruppeaftale ("de to vigtigste punkter"). */
const guide = readFileSync(seedUrl('001_30d2a91a9e51d375.txt'), 'utf8');

/**
 * Undo the PDF extraction: join words hyphenated across a line break ("ve-\njen" → "vejen";
 * a hyphen followed by a space, as in "sikkerheds- \nog", is a real one and stays), then
 * collapse all whitespace.
 */
function normalise(text: string): string {
	return text
		.normalize('NFC')
		.replace(/(\p{L})-\n\s*/gu, '$1')
		.replace(/\s+/g, ' ')
		.trim();
}

/**
 * For dialogue questions only: the template adds a comma before a relative "som" where the
 * seed has none ("Hvad gør vi allerede, som …", "Mangler der noget i modellen, som …").
 * That is the only punctuation difference allowed, so commas are dropped on both sides.
 */
function loose(text: string): string {
	return normalise(text).replace(/,/g, '');
}

const seedText = normalise(seed);
const seedLoose = loose(seed);
const seedLower = seedText.toLowerCase();

/** Obvious typos in the seed that the template corrects. */
const seedFixes: [typo: string, fixed: string][] = [
	['Hvis der ubalance', 'Hvis der er ubalance'],
	['tage tage fat', 'tage fat'],
	['Sæt fokus på fokus på', 'Sæt fokus på'],
	// The last point of Topledelsen lacks its full stop.
	['stille ressourcer til rådighed HR', 'stille ressourcer til rådighed. HR']
];
const fixedSeed = seedFixes.reduce((text, [typo, fixed]) => text.split(typo).join(fixed), seedText);

const da = (l: Localized) => l.da;
const step = (id: string): Step => {
	const found = introTool.steps.find((s) => s.id === id);
	if (!found) throw new Error(`step ${id} is missing`);
	return found;
};

// ── What the seed says Vægten contains ─────────────────────────────────────

const expectedItems: { model: ModelId; kind: ItemKind; label: string }[] = [
	...[
		'Urealistiske krav',
		'Uklare krav og roller',
		'Store eller gentagne forandringer',
		'Høj kompleksitet',
		'Vanskeligt samarbejde',
		'Vanskeligt relationsarbejde'
	].map((label) => ({ model: 'general' as const, kind: 'load' as const, label })),
	...[
		'Mening',
		'Forudsigelighed',
		'Indflydelse',
		'Social og ledelsesmæssig støtte',
		'Anerkendelse'
	].map((label) => ({ model: 'general' as const, kind: 'resource' as const, label })),
	...[
		'Krydspres',
		'Stor arbejdsmængde og grænseløshed',
		'Høj kompleksitet',
		'Vanskeligt relationsarbejde'
	].map((label) => ({ model: 'leader' as const, kind: 'load' as const, label })),
	...[
		'Indflydelse og autonomi',
		'Motiverende udfordringer og kompleksitet',
		'Klart ledelsesrum',
		'Psykologisk tryghed og tillid',
		'Restitution og refleksion',
		'Støtte og sparring',
		'Gode relationer'
	].map((label) => ({ model: 'leader' as const, kind: 'resource' as const, label }))
];

const krydspresDetails = [
	'Forventninger vs ressourcer',
	'Udvikling vs drift',
	'Planlægning vs fleksibilitet',
	'Forskellige interessenter og aktører'
];

// ── Every dialogue question, by step ───────────────────────────────────────
// `seed`: the question is in seed 002 as written (after normalise, commas aside).
// `reflowed`: built from a seed bullet ("Om hvor I med fordel kan starte"): every word must
//   be in the seed, and the phrase it comes from must be there too.
// `agreement`: written for the group agreement from the HR guide (seed 001).

type Source =
	| { from: 'seed' }
	| { from: 'reflowed'; phrase: string }
	| { from: 'agreement'; phrases: string[] };

const expectedQuestions: { step: string; da: string; source: Source }[] = [
	{ step: 'general-model', da: 'Hvilke belastninger kan lettes?', source: { from: 'seed' } },
	{ step: 'general-model', da: 'Hvilke ressourcer kan der skrues op for?', source: { from: 'seed' } },
	{
		step: 'theme-influence',
		da: 'Hvad tænder gejsten hos jer hver især som ledere?',
		source: { from: 'seed' }
	},
	{
		step: 'theme-influence',
		da: 'Hvordan arbejder I med at afklare ledelsesrummet?',
		source: { from: 'seed' }
	},
	{
		step: 'theme-safety',
		da: 'Hvor ofte og hvordan taler I om jeres egne fejl og tvivl i jeres ledelsesgruppe?',
		source: { from: 'seed' }
	},
	{ step: 'theme-safety', da: 'Og hvad med uenigheder?', source: { from: 'seed' } },
	{
		step: 'theme-recovery',
		da: 'Hvordan er kulturen for pauser og forventningen til lederes tilgængelighed udenfor almindelig arbejdstid hos jer?',
		source: { from: 'seed' }
	},
	{ step: 'theme-support', da: 'Hvilke muligheder er der hos jer?', source: { from: 'seed' } },
	{ step: 'theme-support', da: 'Bruger I dem?', source: { from: 'seed' } },
	{ step: 'balance-dialogue', da: 'Hvordan er balancen lige nu og her?', source: { from: 'seed' } },
	{
		step: 'balance-dialogue',
		da: 'Er der belastninger, der er brug for at skrue ned for?',
		source: { from: 'seed' }
	},
	{
		step: 'balance-dialogue',
		da: 'Eller ressourcer, der er brug for at skrue op for?',
		source: { from: 'seed' }
	},
	{
		step: 'balance-dialogue',
		da: 'Er belastninger og ressourcer jævnt fordelt i gruppen – for tiden og generelt?',
		source: { from: 'seed' }
	},
	{ step: 'balance-dialogue', da: 'Passer ledervægten?', source: { from: 'seed' } },
	{
		step: 'balance-dialogue',
		da: 'Hvilke belastninger og ressourcer er særligt på spil hos os?',
		source: { from: 'seed' }
	},
	{
		step: 'balance-dialogue',
		da: 'Mangler der noget i modellen, som er vigtigt her hos os?',
		source: { from: 'seed' }
	},
	{
		step: 'roles',
		da: 'Hvad gør vi allerede, som støtter lederes trivsel hos os?',
		source: { from: 'seed' }
	},
	{
		step: 'roles',
		da: 'Hvem kan gøre hvad for at sikre en bedre balance og ledertrivsel fremover?',
		source: { from: 'seed' }
	},
	{
		step: 'tools',
		da: 'Hvor kan I med fordel starte?',
		source: { from: 'reflowed', phrase: 'Om hvor I med fordel kan starte' }
	},
	{
		step: 'priorities',
		da: 'Hvad er de to vigtigste punkter for vores fælles trivsel og resultater?',
		source: { from: 'agreement', phrases: ['de to vigtigste punkter', 'fælles trivsel og resultater'] }
	},
	{
		step: 'priorities',
		da: 'Hvem gør hvad – og hvornår følger vi op?',
		source: { from: 'agreement', phrases: ['følge løbende op'] }
	}
];

const expectedRoles = [
	'Topledelsen',
	'HR og interne konsulenter',
	'MED/SU & AMO',
	'Ledere af ledere',
	'Ledere af medarbejdere'
];

/** Proper names that read the same in both languages. */
const sameInBothLanguages = new Set(['MED/SU & AMO']);

/** Every Localized value anywhere in the template, with where it was found. */
function localizedValues(value: unknown, path = 'introTool'): { path: string; value: Localized }[] {
	if (Array.isArray(value)) return value.flatMap((v, i) => localizedValues(v, `${path}[${i}]`));
	if (value === null || typeof value !== 'object') return [];
	const record = value as Record<string, unknown>;
	const keys = Object.keys(record);
	// A text with one language missing is still a text: the tests below must see it.
	if (keys.includes('da') || keys.includes('en')) {
		return [{ path, value: record as Localized }];
	}
	return keys.flatMap((k) => localizedValues(record[k], `${path}.${k}`));
}

describe('intro-tool template: Vægten items', () => {
	it('has every item of both models with the right model and kind, each quoted from the seed', () => {
		for (const expected of expectedItems) {
			const matches = introTool.items.filter(
				(i) => i.model === expected.model && i.label.da === expected.label
			);
			expect(matches, `${expected.model}: ${expected.label}`).toHaveLength(1);
			expect(matches[0].kind, `${expected.model}: ${expected.label}`).toBe(expected.kind);
			expect(matches[0].id.startsWith(`${expected.model}-`)).toBe(true);
			expect(seedText, expected.label).toContain(normalise(expected.label));
		}
	});

	it('has no items beyond those in the seed, and the three tools to mark after them', () => {
		expect(introTool.items).toHaveLength(expectedItems.length + toolItems.length);
		expect(introTool.items.slice(expectedItems.length)).toEqual(toolItems);
		expect(introTool.items.some((i) => i.custom)).toBe(false);
	});

	it('lists the four forms of krydspres, in the seed’s order', () => {
		const krydspres = introTool.items.find((i) => i.id === 'leader-krydspres');
		expect(krydspres?.model).toBe('leader');
		expect(krydspres?.kind).toBe('load');
		expect(krydspres?.details?.map(da)).toEqual(krydspresDetails);
		for (const detail of krydspresDetails) expect(seedText).toContain(detail);
	});

	it('qualifies gode relationer as in the seed', () => {
		const relations = introTool.items.find((i) => i.id === 'leader-gode-relationer');
		expect(relations?.details).toHaveLength(1);
		const detail = relations!.details![0].da;
		expect(detail).toBe('Især til nærmeste leder, ledergruppe og til egne medarbejdere');
		// In the seed it follows the label after a comma: "Gode relationer, især til nærmeste …".
		expect(seedLower).toContain(`gode relationer, ${normalise(detail).toLowerCase()}`);
	});

	it('has unique, kebab-case item ids prefixed by their model', () => {
		const ids = introTool.items.map((i) => i.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const item of introTool.items) {
			expect(item.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
			expect(item.id.startsWith(`${item.model}-`), item.id).toBe(true);
		}
	});
});

describe('intro-tool template: dialogue questions', () => {
	it('has every question in the right step, in the seed’s order', () => {
		const stepIds = [...new Set(expectedQuestions.map((q) => q.step))];
		for (const id of stepIds) {
			const wanted = expectedQuestions.filter((q) => q.step === id).map((q) => q.da);
			expect(step(id).questions.map(da), id).toEqual(wanted);
		}
	});

	it('has no questions outside the steps listed above', () => {
		const withQuestions = new Set(expectedQuestions.map((q) => q.step));
		for (const s of introTool.steps) {
			if (!withQuestions.has(s.id)) expect(s.questions, s.id).toEqual([]);
		}
	});

	it('quotes every question from the seed', () => {
		for (const q of expectedQuestions) {
			if (q.source.from === 'seed') {
				expect(seedLoose, q.da).toContain(loose(q.da));
			} else if (q.source.from === 'reflowed') {
				expect(seedText, q.da).toContain(q.source.phrase);
				const words = normalise(q.da).toLowerCase().match(/\p{L}+/gu) ?? [];
				const phraseWords = new Set(q.source.phrase.toLowerCase().match(/\p{L}+/gu));
				for (const word of words) expect(phraseWords.has(word), `${q.da}: ${word}`).toBe(true);
			} else {
				const guideText = normalise(guide);
				for (const phrase of q.source.phrases) expect(guideText, q.da).toContain(phrase);
			}
		}
	});
});

// ── The slides' text: quoted from the seed unless listed here ─────────────

/**
 * Texts that are not a verbatim quote, keyed `step:field[:index]`:
 * - `headed`: a seed heading and its text joined by ": " (the seed has a line break);
 * - `condensed`: shortened from the seed, so only its words are checked;
 * - `authored`: written for the live room (the group agreement), not in seed 002.
 */
const edited: Record<string, 'headed' | 'condensed' | 'authored'> = {
	'welcome:paragraphs:0': 'headed',
	'welcome:paragraphs:1': 'headed',
	'welcome:paragraphs:2': 'headed',
	'welcome:paragraphs:3': 'condensed',
	'tools:paragraphs:0': 'condensed',
	'tools:paragraphs:1': 'condensed',
	'tools:bullets:0': 'headed',
	'tools:bullets:1': 'headed',
	'tools:bullets:2': 'headed',
	'priorities:lead': 'authored',
	'priorities:paragraphs:0': 'authored'
};

/** The lead, paragraphs and bullet points of every step, keyed as in `edited`. */
function slideTexts(): { key: string; da: string }[] {
	return introTool.steps.flatMap((s) => [
		...(s.lead ? [{ key: `${s.id}:lead`, da: s.lead.da }] : []),
		...(s.paragraphs ?? []).map((p, i) => ({ key: `${s.id}:paragraphs:${i}`, da: p.da })),
		...(s.bullets?.items ?? []).map((b, i) => ({ key: `${s.id}:bullets:${i}`, da: b.da }))
	]);
}

const words = (text: string) => normalise(text).toLowerCase().match(/\p{L}+/gu) ?? [];

describe('intro-tool template: slide text', () => {
	it('corrects only typos that are in the seed', () => {
		for (const [typo, fixed] of seedFixes) {
			expect(seedText, typo).toContain(typo);
			expect(fixedSeed, fixed).toContain(fixed);
		}
	});

	it('lists only edited texts that exist', () => {
		const keys = new Set(slideTexts().map((t) => t.key));
		for (const key of Object.keys(edited)) expect(keys.has(key), key).toBe(true);
	});

	it('quotes every lead, paragraph and bullet point from the seed', () => {
		const seedWords = new Set(words(seed));
		const fixedLower = fixedSeed.toLowerCase();
		for (const { key, da: text } of slideTexts()) {
			const how = edited[key];
			if (how === undefined) {
				expect(fixedSeed, key).toContain(normalise(text));
			} else if (how === 'headed') {
				expect(fixedLower, key).toContain(normalise(text).replace(': ', ' ').toLowerCase());
			} else if (how === 'condensed') {
				for (const word of words(text)) expect(seedWords.has(word), `${key}: ${word}`).toBe(true);
			}
		}
	});

	it('takes bullet headings from the seed', () => {
		for (const s of introTool.steps) {
			if (s.bullets) expect(seedLower, s.id).toContain(normalise(s.bullets.heading.da).toLowerCase());
		}
	});
});

describe('intro-tool template: languages', () => {
	const values = localizedValues(introTool);

	it('finds the localized texts (sanity check for the walker)', () => {
		expect(values.length).toBeGreaterThan(150);
	});

	it('has non-empty Danish and English everywhere, and no other language', () => {
		for (const { path, value } of values) {
			expect(Object.keys(value).sort(), path).toEqual(['da', 'en']);
			expect(typeof value.da === 'string' && value.da.trim(), `${path}.da`).toBeTruthy();
			expect(typeof value.en === 'string' && value.en.trim(), `${path}.en`).toBeTruthy();
		}
	});

	it('translates everything except proper names', () => {
		for (const { path, value } of values) {
			if (sameInBothLanguages.has(value.da)) continue;
			expect(value.en, `${path} is not translated`).not.toBe(value.da);
		}
	});
});

describe('intro-tool template: structure', () => {
	it('has the agreed steps, in order', () => {
		expect(introTool.steps.map((s) => [s.id, s.part, s.kind, s.durationMin])).toEqual([
			['welcome', 1, 'join', 5],
			['why', 1, 'content', 5],
			['general-model', 1, 'rating', 8],
			['research', 1, 'content', 5],
			['theme-influence', 1, 'content', 4],
			['theme-safety', 1, 'content', 4],
			['theme-recovery', 1, 'content', 4],
			['theme-support', 1, 'content', 4],
			['leader-model', 1, 'rating', 6],
			['balance-dialogue', 2, 'content', 12],
			['roles', 2, 'content', 12],
			['tools', 2, 'content', 5],
			['tools-vote', 2, 'rating', 3],
			['priorities', 2, 'priorities', 13]
		]);
	});

	it('has unique step ids', () => {
		const ids = introTool.steps.map((s) => s.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('fills each part with its 45 minutes', () => {
		for (const part of [1, 2] as const) {
			const planned = introTool.parts.find((p) => p.part === part);
			expect(planned?.durationMin).toBe(45);
			const sum = introTool.steps
				.filter((s) => s.part === part)
				.reduce((total, s) => total + s.durationMin, 0);
			expect(sum, `part ${part}`).toBe(45);
		}
	});

	it('keeps the parts in order: no part-1 step after a part-2 step', () => {
		const parts = introTool.steps.map((s) => s.part);
		expect(parts).toEqual([...parts].sort());
	});

	it('rates only models that exist and have both loads and resources', () => {
		const ratingSteps = introTool.steps.filter((s) => s.kind === 'rating');
		expect(ratingSteps.map((s) => s.model)).toEqual(['general', 'leader', 'tools']);
		for (const s of introTool.steps) {
			if (s.kind === 'rating') expect(s.model, s.id).toBeDefined();
			if (!s.model) continue;
			expect(introTool.models.map((m) => m.id)).toContain(s.model);
			const kinds = new Set(introTool.items.filter((i) => i.model === s.model).map((i) => i.kind));
			// The tools are a list the phones mark (issue 16), not a balance.
			expect([...kinds].sort(), s.id).toEqual(s.model === 'tools' ? ['mark'] : ['load', 'resource']);
		}
	});

	it('names both models as in the seed', () => {
		expect(introTool.models.map((m) => [m.id, m.title.da])).toEqual([
			['general', 'Vægten – generel model for trivsel'],
			['leader', 'Ledervægten – model for ledertrivsel'],
			['tools', 'Hvor kan I med fordel starte?']
		]);
	});

	it('presents the five roles by name, each with responsibilities from the seed', () => {
		const roles = step('roles').roles ?? [];
		expect(roles.map((r) => r.name.da)).toEqual(expectedRoles);
		for (const role of roles) {
			expect(role.responsibilities.length, role.name.da).toBeGreaterThan(0);
			for (const r of role.responsibilities) {
				expect(r.da.endsWith('.'), r.da).toBe(true);
				expect(fixedSeed, r.da).toContain(normalise(r.da));
			}
		}
		expect(roles.map((r) => r.responsibilities.length)).toEqual([4, 3, 2, 4, 3]);
	});

	it('keeps every step small enough for a projector and a phone', () => {
		for (const s of introTool.steps) {
			expect((s.paragraphs ?? []).length, s.id).toBeLessThanOrEqual(4);
			for (const p of s.paragraphs ?? []) {
				expect(p.da.length, `${s.id}: ${p.da.slice(0, 40)}…`).toBeLessThanOrEqual(450);
			}
			expect(s.title.da.length, s.id).toBeGreaterThan(0);
		}
	});
});
