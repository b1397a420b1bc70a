import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { leaderGroupTool } from '../../src/lib/template/leader-group-tool';
import { safeTeamItems, unsafeTeamItems } from '../../src/lib/template/slides';

const seeds = Object.fromEntries(
	(['001_30d2a91a9e51d375', '002_173a728c6e88a1a3', '003_466b7a05320a765b'] as const).map((name) => [
		name.slice(0, 3),
		readFileSync(new URL(`../fixtures/seeds/${name}.txt`, import.meta.url), 'utf8')
			.normalize('NFC')
			.replace(/(\p{L})-\n\s*/gu, '$1')
			.replace(/\s+/g, ' ')
	])
);

/** Ledergruppen (Værktøj 2): its steps, each with its source in the seeds. */
describe('Ledergruppen', () => {
	const steps = leaderGroupTool.steps;

	it('marks the safe and then the unsafe team, talks, writes, and ends in the gruppeaftale', () => {
		expect(steps.map((step) => step.kind)).toEqual(['join', 'content', 'rating', 'rating', 'content', 'content', 'rating', 'content', 'priorities']);
		expect(steps.filter((step) => step.kind === 'rating').map((step) => step.model)).toEqual(['safe-team', 'unsafe-team', 'leader']);
		expect(leaderGroupTool.items.filter((item) => item.kind === 'mark')).toEqual([...safeTeamItems, ...unsafeTeamItems]);
		expect(steps.find((step) => step.id === 'not-talked-about')?.questions.map((q) => q.da)).toEqual([
			'Hvad har vi ikke talt nok om i vores ledergruppe, som vi bør tale mere om?'
		]);
		// Ledervægten is there to include when preparing.
		expect(steps.find((step) => step.model === 'leader')?.skipped).toBe(true);
	});

	it('names every step’s source, a heading of that seed; quoted questions are the seed’s words', () => {
		for (const step of steps) {
			expect(step.source, step.id).toBeDefined();
			const seed = seeds[step.source!.seed];
			expect(seed.toLowerCase(), `${step.id}: ${step.source!.heading}`).toContain(step.source!.heading.toLowerCase());
			if (!step.source!.quoted) continue;
			for (const question of step.questions) expect(seed, `${step.id}: ${question.da}`).toContain(question.da);
		}
	});

	it('has every text in Danish and English', () => {
		for (const step of steps) {
			for (const text of [step.title, step.lead, ...(step.paragraphs ?? []), ...step.questions].filter((t) => t !== undefined)) {
				expect(text.da.length, step.id).toBeGreaterThan(0);
				expect(text.en.length, step.id).toBeGreaterThan(0);
			}
		}
	});
});
