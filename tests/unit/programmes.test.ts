import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PROGRAMME_IDS, programmes } from '../../src/lib/template/programmes';
import { protectiveItems, safeTeamItems, toolItems, unsafeTeamItems, warningSignItems } from '../../src/lib/template/slides';
import type { Localized, SeedId } from '../../src/lib/template/types';
import { introTool } from '../../src/lib/template/intro-tool';
import { agreementIsPlan, contentOf } from '../../src/lib/session/content';
import { initialState, upgradeState, type SessionState } from '../../src/lib/session/state';
import { wellbeingPlanTool } from '../../src/lib/template/wellbeing-plan-tool';

/**
 * Every built-in programme's wording against the seeds kept in tests/fixtures/seeds (issue 16).
 * It walks the registry, so a programme's steps are checked as soon as they are written.
 */

const SEED_FILES: Record<SeedId, string> = {
	'001': '001_30d2a91a9e51d375.txt',
	'002': '002_173a728c6e88a1a3.txt',
	'003': '003_466b7a05320a765b.txt'
};

/** As tests/unit/template.test.ts: undo the PDF's line-break hyphenation, collapse whitespace. */
function normalise(text: string): string {
	return text
		.normalize('NFC')
		.replace(/(\p{L})-\n\s*/gu, '$1')
		.replace(/\s+/g, ' ')
		.trim();
}

/** As tests/unit/template.test.ts, and case-blind: a heading may be set in capitals in the seed, a sentence may start a bullet. */
function loose(text: string): string {
	return normalise(text).replace(/,/g, '').toLowerCase();
}

const seeds = Object.fromEntries(
	Object.entries(SEED_FILES).map(([id, file]) => [id, readFileSync(new URL(`../fixtures/seeds/${file}`, import.meta.url), 'utf8')])
) as Record<SeedId, string>;
const seedLoose = Object.fromEntries(Object.entries(seeds).map(([id, text]) => [id, loose(text)])) as Record<SeedId, string>;

/** The seed's own typos, which the introduction corrects (tests/unit/template.test.ts). */
const seedFixes: [typo: string, fixed: string][] = [
	['hvis der ubalance', 'hvis der er ubalance'],
	['sæt fokus på fokus på', 'sæt fokus på']
];
const fixedLoose = (seed: SeedId) => seedFixes.reduce((text, [typo, fixed]) => text.split(typo).join(fixed), seedLoose[seed]);

/** Proper names that read the same in both languages. */
const sameInBothLanguages = new Set(['MED/SU & AMO']);

/** Every Localized value anywhere in a template, with where it was found. */
function localizedValues(value: unknown, path: string): { path: string; value: Localized }[] {
	if (Array.isArray(value)) return value.flatMap((entry, index) => localizedValues(entry, `${path}[${index}]`));
	if (value === null || typeof value !== 'object') return [];
	const record = value as Record<string, unknown>;
	const keys = Object.keys(record);
	if (keys.includes('da') || keys.includes('en')) return [{ path, value: record as Localized }];
	return keys.flatMap((key) => localizedValues(record[key], `${path}.${key}`));
}

describe.each(PROGRAMME_IDS)('programme %s: wording from the seeds', (id) => {
	const { template } = programmes[id];

	it('names a source for every step, and the source heading is in that seed', () => {
		expect(template.steps.length).toBeGreaterThan(0);
		for (const step of template.steps) {
			expect(step.source, `${id}/${step.id} names no source`).toBeDefined();
			const { seed, heading } = step.source!;
			expect(Object.keys(SEED_FILES), `${id}/${step.id}`).toContain(seed);
			expect(heading.trim().length, `${id}/${step.id}`).toBeGreaterThan(0);
			expect(seedLoose[seed], `${id}/${step.id}: "${heading}" is not in seed ${seed}`).toContain(loose(heading));
		}
	});

	it('quotes a quoted step’s questions and bullet items from its seed', () => {
		for (const step of template.steps) expect([undefined, true, false], `${id}/${step.id}`).toContain(step.source?.quoted);
		for (const step of template.steps.filter((candidate) => candidate.source?.quoted)) {
			const seed = step.source!.seed;
			const texts = [...step.questions, ...(step.bullets?.items ?? [])];
			expect(texts.length, `${id}/${step.id} is quoted but has no questions or bullet items`).toBeGreaterThan(0);
			for (const text of texts) {
				expect(fixedLoose(seed), `${id}/${step.id}: "${text.da}" is not in seed ${seed}`).toContain(loose(text.da));
			}
		}
	});

	it('has Danish and English everywhere, translated except proper names', () => {
		const values = localizedValues(template, id);
		expect(values.length).toBeGreaterThan(3);
		for (const { path, value } of values) {
			expect(Object.keys(value).sort(), path).toEqual(['da', 'en']);
			expect(typeof value.da === 'string' && value.da.trim(), `${path}.da`).toBeTruthy();
			expect(typeof value.en === 'string' && value.en.trim(), `${path}.en`).toBeTruthy();
			if (!sameInBothLanguages.has(value.da)) expect(value.en, `${path} is not translated`).not.toBe(value.da);
		}
	});

	it('has unique step ids and a title and about sentence in both languages', () => {
		const ids = template.steps.map((step) => step.id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const text of [template.title, programmes[id].about]) {
			expect(text.da.trim().length).toBeGreaterThan(0);
			expect(text.en.trim().length).toBeGreaterThan(0);
		}
	});
});

describe('the slides’ lists (seed 003) and the tools (seed 002)', () => {
	it('finds every mark item and protective item in seed 003, Danish and English', () => {
		const items = [...safeTeamItems, ...unsafeTeamItems, ...warningSignItems, ...protectiveItems];
		expect(items.length).toBe(8 + 8 + 14 + 11);
		for (const item of items) {
			expect(seedLoose['003'], item.label.da).toContain(loose(item.label.da));
			expect(item.label.en.trim().length, item.id).toBeGreaterThan(0);
			expect(item.label.en, item.id).not.toBe(item.label.da);
		}
	});

	it('names the three tools as seed 002 numbers them, each name from the seeds', () => {
		expect(toolItems).toHaveLength(3);
		toolItems.forEach((item, index) => {
			const [number, name] = item.label.da.split(': ');
			expect(number).toBe(`Værktøj ${index + 1}`);
			expect(seedLoose['002'], number).toContain(loose(number));
			// The seed 002 tools' own titles are longer; the short name is the guide's (seed 001) or 002's.
			expect(seedLoose['001'] + seedLoose['002'], name).toContain(loose(name));
			expect(item.label.en.trim().length).toBeGreaterThan(0);
		});
	});
});

describe('Plan for ledertrivsel (Værktøj 3)', () => {
	const steps = wellbeingPlanTool.steps;
	const step = (stepId: string) => {
		const found = steps.find((candidate) => candidate.id === stepId);
		if (!found) throw new Error(`step ${stepId} is missing`);
		return found;
	};
	const guide = loose(seeds['001']);

	it('is the registry’s tool 3', () => {
		expect(programmes['wellbeing-plan'].template).toBe(wellbeingPlanTool);
		expect(programmes['wellbeing-plan'].tool).toBe(3);
	});

	it('opens with the join, rates both Vægten models and ends in the plan', () => {
		expect(steps[0].kind).toBe('join');
		expect(steps.filter((candidate) => candidate.kind === 'rating').map((candidate) => candidate.model)).toEqual(['general', 'leader']);
		expect(steps.at(-1)?.kind).toBe('priorities');
		expect(wellbeingPlanTool.models.map((model) => model.id)).toEqual(['general', 'leader']);
		expect(wellbeingPlanTool.items).toEqual(introTool.items.filter((item) => item.model === 'general' || item.model === 'leader'));
	});

	it('takes the five roles of the introduction’s step 2 as the who', () => {
		const roles = steps.filter((candidate) => candidate.roles);
		expect(roles).toHaveLength(1);
		expect(roles[0].source?.seed).toBe('002');
		expect(roles[0].roles).toEqual(introTool.steps.find((candidate) => candidate.id === 'roles')?.roles);
		expect(roles[0].roles?.map((role) => role.name.da)).toEqual(['Topledelsen', 'HR og interne konsulenter', 'MED/SU & AMO', 'Ledere af ledere', 'Ledere af medarbejdere']);
	});

	it('asks the guide’s three questions, quoted, in its order', () => {
		const focus = step('focus');
		expect(focus.source).toEqual({ seed: '001', heading: 'SKAB FOKUS, COMMITMENT OG SAMSPIL', quoted: true });
		expect(focus.questions.map((question) => question.da)).toEqual([
			'Hvad er jeres fokus i arbejdet med lederes trivsel?',
			'Hvordan skaber I commitment til lederes trivsel?',
			'Hvordan styrker I samspillet om lederes trivsel?'
		]);
	});

	it('says what the guide says the plan is: the top leader, a simple and focused plan, the two points for the whole organisation, followed up systematically', () => {
		const plan = step('plan-why');
		expect(plan.source?.seed).toBe('001');
		expect(plan.source?.heading).toBe('Plan for ledertrivsel');
		const text = [plan.lead, ...(plan.paragraphs ?? []), ...(plan.bullets?.items ?? [])].map((entry) => loose(entry?.da ?? '')).join(' ');
		for (const phrase of ['den øverste leder i virksomheden skal sætte lederes trivsel på agendaen', 'enkel og fokuseret plan for ledertrivsel', 'de to vigtigste punkter i vil starte med at fokusere på for at fremme lederes trivsel i virksomheden', 'følge systematisk op på aftalen']) {
			expect(guide, phrase).toContain(phrase);
			expect(text, phrase).toContain(phrase);
		}
	});

	it('shows the introduction’s Værktøj 3 by its name in seed 002', () => {
		const tool = step('tool');
		expect(tool.source?.seed).toBe('002');
		expect(loose(tool.title.da)).toContain(loose('Skab en samlet plan for ledertrivsel'));
		expect(loose(tool.lead?.da ?? '')).toContain(loose('Sæt fokus på jeres virksomhed og resultater'));
	});

	it('asks in the plan step for the two points for the whole organisation, who does what and the follow-up', () => {
		const priorities = step('priorities');
		expect(priorities.source?.seed).toBe('001');
		const questions = priorities.questions.map((question) => loose(question.da)).join(' ');
		expect(questions).toContain('to vigtigste punkter');
		expect(questions).toContain('hele virksomheden');
		expect(questions).toContain('hvem gør hvad');
		expect(questions).toContain('systematisk');
	});

	it('fills its one part with the part’s minutes', () => {
		for (const part of wellbeingPlanTool.parts) {
			const sum = steps.filter((candidate) => candidate.part === part.part).reduce((total, candidate) => total + candidate.durationMin, 0);
			expect(sum, `part ${part.part}`).toBe(part.durationMin);
		}
	});
});

describe('a session’s programme', () => {
	it('is kept from the content it starts from, and is the introduction for a session stored before it was known', () => {
		const init = { id: 's', code: 'ABCDEF', createdAt: 0 };
		expect(initialState({ ...contentOf(wellbeingPlanTool), programme: 'wellbeing-plan' }, init).programme).toBe('wellbeing-plan');
		expect(initialState(introTool, init).programme).toBe('intro');
		const { programme: _dropped, ...stored } = initialState({ ...contentOf(wellbeingPlanTool), programme: 'wellbeing-plan' }, init);
		expect(upgradeState(stored as SessionState).programme).toBe('intro');
		expect(agreementIsPlan('wellbeing-plan')).toBe(true);
		expect(PROGRAMME_IDS.filter((id) => agreementIsPlan(id))).toEqual(['wellbeing-plan']);
	});
});
