/**
 * "Lederaftale" as a programme (issue 16), Værktøj 1 of the introduction (seed 002: "Værktøj 1:
 * Styrk lederens dialog med nærmeste leder – Sæt fokus på mål og trivsel"), about 50 minutes.
 *
 * Wording: seed 001 (the guide for HR, "SÆT HANDLING BAG ORDENE", its paragraph "Lederaftale")
 * says each leader prioritises "de to vigtigste punkter for at kunne trives, mens vedkommende
 * indfrier sine mål de næste tre måneder", with help from the nearest leader, "som skal være
 * lydhør over for lederens pointer", and "en eller flere sparringspartnere, man har tillid til,
 * også gerne udenfor organisationen". The theme "Støtte og sparring" and Ledervægten are the
 * introduction's own steps, reused unchanged (quoted from seed 002). The rest is written for
 * this tool from what the seeds say, Danish first.
 *
 * The `personal` step is where each phone writes its own lederaftale, in a document only its
 * token opens (src/lib/personal-agreement.ts); the console and the screen show only the count.
 */
import { introStep, introTool } from './intro-tool';
import type { Template } from './types';

const SEED_001 = { seed: '001', heading: 'Lederaftale' } as const;

/** The step ids other modules rely on. */
export const LEADER_AGREEMENT_STEPS = { personal: 'my-agreement' } as const;

export const leaderAgreementTool: Template = {
	id: 'leader-agreement-tool',
	title: { da: 'Lederaftale', en: 'Leader agreement' },
	parts: [{ part: 1, title: { da: 'Lederaftale – mål og trivsel', en: 'Leader agreement – goals and well-being' }, durationMin: 51 }],
	models: structuredClone(introTool.models.filter((model) => model.id === 'leader')),
	items: structuredClone(introTool.items.filter((item) => item.model === 'leader')),
	steps: [
		{
			id: 'welcome',
			part: 1,
			kind: 'join',
			title: { da: 'Velkommen', en: 'Welcome' },
			durationMin: 5,
			lead: {
				da: 'Værktøj 1: Styrk lederens dialog med nærmeste leder – sæt fokus på mål og trivsel.',
				en: 'Tool 1: Strengthen the leader’s dialogue with their nearest leader – focus on goals and well-being.'
			},
			paragraphs: [{ da: 'Scan QR-koden eller gå ind på adressen og tast koden.', en: 'Scan the QR code, or go to the address and type the code.' }],
			questions: [],
			source: { seed: '002', heading: 'Værktøj 1' }
		},
		{
			id: 'why-agreement',
			part: 1,
			kind: 'content',
			title: { da: 'Hvorfor en lederaftale?', en: 'Why a leader agreement?' },
			durationMin: 6,
			lead: {
				da: 'Arbejdet med lederes trivsel starter hos den enkelte leder: en lederaftale for trivsel med dig selv.',
				en: 'The work on leaders’ well-being starts with the individual leader: a leader agreement on well-being with yourself.'
			},
			paragraphs: [
				{
					da: 'I lederaftalen prioriterer du de to vigtigste punkter for at kunne trives, mens du indfrier dine mål de næste tre måneder.',
					en: 'In the leader agreement you prioritise the two most important points for thriving while you meet your goals over the next three months.'
				},
				{
					da: 'Det er afgørende, at du får hjælp til det af din nærmeste leder, som skal være lydhør over for dine pointer – og at du har en eller flere sparringspartnere, du har tillid til, også gerne uden for organisationen.',
					en: 'It is crucial that you get help with it from your nearest leader, who must listen to your points – and that you have one or more sparring partners you trust, preferably also outside the organisation.'
				}
			],
			bullets: {
				heading: { da: 'Din lederaftale rummer', en: 'Your leader agreement holds' },
				items: [
					{ da: 'De to vigtigste punkter for din trivsel de næste tre måneder', en: 'The two most important points for your well-being over the next three months' },
					{ da: 'Hvad der skal til for hvert punkt', en: 'What each point takes' },
					{ da: 'Hjælp fra din nærmeste leder', en: 'Help from your nearest leader' },
					{ da: 'En eller flere sparringspartnere, du har tillid til', en: 'One or more sparring partners you trust' },
					{ da: 'En dato for opfølgning', en: 'A date to follow up' }
				]
			},
			questions: [],
			source: SEED_001
		},
		{ ...introStep('theme-support'), part: 1, source: { seed: '002', heading: 'Støtte og sparring', quoted: true } },
		{ ...introStep('leader-model'), part: 1, source: { seed: '002', heading: 'Ledervægten' } },
		{
			id: 'reflection',
			part: 1,
			kind: 'content',
			model: 'leader',
			title: { da: 'Dine mål og din trivsel', en: 'Your goals and your well-being' },
			durationMin: 10,
			lead: {
				da: 'Tænk over de næste tre måneder, før du skriver din aftale. Tal gerne med sidemanden.',
				en: 'Think about the next three months before you write your agreement. Feel free to talk it over with the person next to you.'
			},
			questions: [
				{ da: 'Hvilke mål skal du indfri de næste tre måneder?', en: 'Which goals must you meet over the next three months?' },
				{ da: 'Hvad tynger mest i din egen vægt lige nu – og hvad bærer dig?', en: 'What weighs most on your own scales right now – and what carries you?' },
				{ da: 'Hvad skal der til, for at du kan trives, mens du indfrier dine mål?', en: 'What would it take for you to thrive while you meet your goals?' },
				{ da: 'Hvad har du brug for fra din nærmeste leder?', en: 'What do you need from your nearest leader?' },
				{ da: 'Hvem sparrer du med i dag – og hvem kunne du sparre med, også uden for organisationen?', en: 'Who do you spar with today – and who could you spar with, also outside the organisation?' }
			],
			source: SEED_001
		},
		{
			id: LEADER_AGREEMENT_STEPS.personal,
			part: 1,
			kind: 'personal',
			title: { da: 'Din lederaftale', en: 'Your leader agreement' },
			durationMin: 15,
			lead: {
				da: 'Skriv din lederaftale på telefonen: de to vigtigste punkter, hvad der skal til, hvem der hjælper, og hvornår I følger op.',
				en: 'Write your leader agreement on your phone: the two most important points, what they take, who helps, and when you follow up.'
			},
			paragraphs: [
				{
					da: 'Aftalen er din egen. Kun din telefon kan åbne den – hverken gruppen, skærmen eller facilitator kan læse den.',
					en: 'The agreement is yours. Only your phone can open it – neither the group, the screen nor the facilitator can read it.'
				}
			],
			questions: [],
			source: SEED_001
		},
		{
			id: 'next-steps',
			part: 1,
			kind: 'content',
			title: { da: 'Tag aftalen med videre', en: 'Take the agreement further' },
			durationMin: 5,
			lead: {
				da: 'Aftalen virker, når du bruger den: tag den med til din nærmeste leder, og følg op om tre måneder.',
				en: 'The agreement works when you use it: take it to your nearest leader, and follow up in three months.'
			},
			bullets: {
				heading: { da: 'Næste skridt', en: 'Next steps' },
				items: [
					{ da: 'Hent din aftale som PDF og læg opfølgningen i din kalender', en: 'Download your agreement as a PDF and put the follow-up in your calendar' },
					{ da: 'Aftal en dialog med din nærmeste leder om dine to punkter', en: 'Arrange a dialogue with your nearest leader about your two points' },
					{ da: 'Fortæl dine sparringspartnere, hvad du arbejder med', en: 'Tell your sparring partners what you are working on' },
					{ da: 'Følg op på fremdriften efter tre måneder', en: 'Follow up on the progress after three months' }
				]
			},
			questions: [],
			source: SEED_001
		}
	]
};
