/**
 * "Opfølgning": the follow-up of a workshop, about three months on, as a template in the same
 * shape as the introduction. It is never started on its own: `followUpContent`
 * (src/lib/session/follow-up.ts) makes a session of it from an earlier one, with that
 * session's Vægten items (the instrument does not change) and its agreed points as the
 * `progress` items, and writes each point's two questions into the `how-it-went` step.
 *
 * Wording: seed 001 (the guide for HR) says the leadership group makes "en gruppeaftale med
 * de to vigtigste punkter for deres fælles trivsel og resultater i gruppen og følge løbende op
 * på fremdriften i disse punkter", that the plan is to "følge systematisk op på aftalen" and
 * that the tools make it possible "at vise fremskridt og fejre de små successer"; seed 002's
 * last step says "Følg løbende op på fremdriften i punkterne". The Vægten steps quote seed 002
 * as the introduction does. The rest is written for this tool, Danish first.
 */
import { introStep, vaegtenItems, vaegtenModels } from './intro-tool';
import { PROGRESS_SCALE } from './progress-scale';
import type { Localized, Step, Template, VaegtenModel } from './types';

// In a module of its own, so that a phone reads the scale without the whole programme.
export { PROGRESS_SCALE };

export const progressModel: VaegtenModel = {
	id: 'progress',
	title: { da: 'Sådan gik det – fremdrift på de aftalte punkter', en: 'How it went – progress on the agreed points' },
	scale: { min: PROGRESS_SCALE[0], max: PROGRESS_SCALE[4] }
};

/** The two questions each group answers per agreed point (written into `how-it-went`). */
export const POINT_QUESTIONS: readonly Localized[] = [
	{ da: 'Hvad hjalp os på vej?', en: 'What helped us along?' },
	{ da: 'Hvad stod i vejen?', en: 'What got in the way?' }
];

/** Step ids `followUpContent` fills in. */
export const FOLLOW_UP_STEPS = { progress: 'progress', howItWent: 'how-it-went', comparison: 'before-after' } as const;

export const followUpTool: Template = {
	id: 'follow-up-tool',
	title: { da: 'Opfølgning', en: 'Follow-up' },
	parts: [
		{ part: 1, title: { da: 'Sådan gik det', en: 'How it went' }, durationMin: 40 },
		{ part: 2, title: { da: 'Før og nu – og videre', en: 'Before and now – and onwards' }, durationMin: 50 }
	],
	models: [...structuredClone(vaegtenModels), progressModel],
	// Replaced by the earlier session's items (custom ones included) when a follow-up is made.
	items: structuredClone(vaegtenItems),
	steps: [
		{
			id: 'welcome',
			source: { seed: '001', heading: 'Ledelsesgrupper' },
			part: 1,
			kind: 'join',
			title: { da: 'Velkommen tilbage', en: 'Welcome back' },
			durationMin: 5,
			lead: {
				da: 'For tre måneder siden lavede I en aftale med de to vigtigste punkter for jeres fælles trivsel og resultater. I dag følger vi op på fremdriften.',
				en: 'Three months ago you made an agreement on the two most important points for your shared well-being and results. Today we follow up on how they have progressed.'
			},
			paragraphs: [{ da: 'Scan QR-koden eller gå ind på adressen og tast koden.', en: 'Scan the QR code, or go to the address and type the code.' }],
			questions: []
		},
		{
			id: FOLLOW_UP_STEPS.progress,
			source: { seed: '001', heading: 'SKAB FOKUS, COMMITMENT OG SAMSPIL' },
			part: 1,
			kind: 'rating',
			model: 'progress',
			title: { da: 'Sådan gik det', en: 'How it went' },
			durationMin: 10,
			lead: {
				da: 'Hvor langt er vi nået med hvert af de aftalte punkter? Giv hvert punkt en vurdering fra 0 (ikke startet) til 4 (lykkedes).',
				en: 'How far have we got with each of the agreed points? Rate each point from 0 (not started) to 4 (achieved).'
			},
			questions: []
		},
		{
			id: FOLLOW_UP_STEPS.howItWent,
			source: { seed: '001', heading: 'SKAB FOKUS, COMMITMENT OG SAMSPIL' },
			part: 1,
			kind: 'content',
			title: { da: 'Hvad hjalp – og hvad stod i vejen?', en: 'What helped – and what got in the way?' },
			durationMin: 25,
			lead: {
				da: 'Tal i grupperne om hvert punkt, og skriv det vigtigste ned. Husk også at fejre de små successer.',
				en: 'Talk about each point in your groups and write down what matters most. Remember to celebrate the small successes too.'
			},
			// One pair of POINT_QUESTIONS per agreed point, written in by followUpContent.
			questions: []
		},
		{ ...introStep('general-model'), part: 2, durationMin: 8 },
		{ ...introStep('leader-model'), part: 2, durationMin: 8 },
		{
			id: FOLLOW_UP_STEPS.comparison,
			source: { seed: '002', heading: 'Vægten – belastninger og ressourcer' },
			part: 2,
			kind: 'comparison',
			title: { da: 'Før og nu', en: 'Before and now' },
			durationMin: 14,
			lead: {
				da: 'Sådan så vægten ud sidst – og sådan ser den ud i dag.',
				en: 'This is how the scales looked last time – and how they look today.'
			},
			questions: [
				{ da: 'Hvad har flyttet sig, og hvorfor?', en: 'What has moved, and why?' },
				{ da: 'Hvad overrasker os?', en: 'What surprises us?' }
			]
		},
		{
			...introStep('priorities'),
			part: 2,
			durationMin: 20,
			title: { da: 'Nye prioriteringer og opdateret aftale', en: 'New priorities and the updated agreement' },
			lead: {
				da: 'Behold, ændr eller udskift hvert af de aftalte punkter – hvem gør hvad, og hvornår følger I op næste gang?',
				en: 'Keep, change or replace each of the agreed points – who does what, and when will you follow up next time?'
			}
		}
	]
};
