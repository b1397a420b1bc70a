/**
 * "Ledergruppen" as a programme (issue 16; seed 002's "Værktøj 2: Skærp ledergruppens
 * samarbejde – sæt spot på jeres trivsel og resultater"): psychological safety in the group,
 * the phones mark what they recognise of the safe and the unsafe leadership team (seed 003),
 * the groups talk and write about what they have not talked enough about, and it ends in the
 * introduction's gruppeaftale (seed 001, "Ledelsesgrupper"). Each step names its source;
 * `quoted` only where its questions are the seed's own words.
 */
import { introStep, introTool } from './intro-tool';
import { safeTeamItems, safeTeamModel, unsafeTeamItems, unsafeTeamModel } from './slides';
import type { Template } from './types';

const ledervaegten = introTool.models.filter((model) => model.id === 'leader');
const leaderItems = introTool.items.filter((item) => item.model === 'leader');

export const leaderGroupTool: Template = {
	id: 'leader-group-tool',
	title: { da: 'Ledergruppen', en: 'The management team' },
	parts: [{ part: 1, title: { da: 'Skærp ledergruppens samarbejde', en: 'Sharpen the management team’s collaboration' }, durationMin: 45 }],
	models: [safeTeamModel, unsafeTeamModel, ...ledervaegten],
	items: [...safeTeamItems, ...unsafeTeamItems, ...leaderItems],
	steps: [
		{
			id: 'welcome',
			part: 1,
			kind: 'join',
			title: { da: 'Velkommen', en: 'Welcome' },
			durationMin: 3,
			lead: {
				da: 'Skærp ledergruppens samarbejde – sæt spot på jeres trivsel og resultater.',
				en: 'Sharpen the management team’s collaboration – spotlight your well-being and results.'
			},
			paragraphs: [
				{ da: 'Scan QR-koden eller gå ind på adressen og tast koden.', en: 'Scan the QR code, or go to the address and type the code.' },
				{
					da: 'Ledelsesgrupperne skal støtte hinanden, give gensidig sparring på ledelse og dele ressourcer. I dag laver I en gruppeaftale med de to vigtigste punkter for jeres fælles trivsel og resultater i gruppen.',
					en: 'Management teams should support each other, give each other sparring on leadership and share resources. Today you make a group agreement with the two most important points for your shared well-being and results as a group.'
				}
			],
			questions: [],
			source: { seed: '001', heading: 'Ledelsesgrupper' }
		},
		{
			id: 'safety',
			part: 1,
			kind: 'content',
			title: { da: 'Psykologisk tryghed', en: 'Psychological safety' },
			durationMin: 5,
			lead: {
				da: '”… troen på at arbejdsmiljøet og relationerne er stærke og trygge nok til at man tør løbe en risiko.”',
				en: '“… the belief that the working environment and the relationships are strong and safe enough to take a risk.”'
			},
			paragraphs: [
				{
					da: 'Begrebet peger på oplevelsen af trygt at kunne dele sine idéer, spørgsmål og bekymringer. Der er psykologisk tryghed når kollegaer har tillid til og respekterer hinanden, og føler sig i stand til – endda forpligtede til – at være ærlige og ligefremme. (Edmondson 2019, egen oversættelse)',
					en: 'The concept points to the experience of being able to share one’s ideas, questions and worries safely. There is psychological safety when colleagues trust and respect each other, and feel able – even obliged – to be honest and straightforward. (Edmondson 2019, our translation)'
				}
			],
			questions: [],
			source: { seed: '003', heading: 'Psykologisk tryghed' }
		},
		{
			id: 'safe-team',
			part: 1,
			kind: 'rating',
			model: 'safe-team',
			title: { da: 'Det trygge lederteam', en: 'The safe leadership team' },
			durationMin: 4,
			lead: { da: 'Sæt kryds ved de tegn, du genkender i jeres egen ledergruppe.', en: 'Tick the signs you recognise in your own management team.' },
			questions: [],
			source: { seed: '003', heading: 'Det trygge lederteam' }
		},
		{
			id: 'unsafe-team',
			part: 1,
			kind: 'rating',
			model: 'unsafe-team',
			title: { da: 'Det utrygge lederteam', en: 'The unsafe leadership team' },
			durationMin: 4,
			lead: { da: 'Sæt kryds ved de tegn, du genkender i jeres egen ledergruppe.', en: 'Tick the signs you recognise in your own management team.' },
			questions: [],
			source: { seed: '003', heading: 'Det utrygge lederteam' }
		},
		{
			id: 'team-dialogue',
			part: 1,
			kind: 'content',
			title: { da: 'Psykologisk tryghed og tillid', en: 'Psychological safety and trust' },
			durationMin: 7,
			lead: {
				da: 'Det skal være muligt og legitimt at tale frit om det psykiske arbejdsmiljø og om fejl, idéer, tvivl, dilemmaer og uenigheder i forhold til ledelsesopgaven.',
				en: 'It must be possible and legitimate to talk freely about the psychosocial working environment and about mistakes, ideas, doubts, dilemmas and disagreements in the leadership task.'
			},
			questions: [
				{
					da: 'Hvor ofte og hvordan taler I om jeres egne fejl og tvivl i jeres ledelsesgruppe?',
					en: 'How often and how do you talk about your own mistakes and doubts in your management team?'
				},
				{ da: 'Og hvad med uenigheder?', en: 'And what about disagreements?' }
			],
			source: { seed: '002', heading: 'Psykologisk tryghed og tillid', quoted: true }
		},
		{
			id: 'not-talked-about',
			part: 1,
			kind: 'content',
			title: { da: 'Det, vi ikke taler nok om', en: 'What we do not talk about enough' },
			durationMin: 8,
			lead: { da: '”Der er meget for tiden….”', en: '“There is a lot going on at the moment….”' },
			questions: [
				{
					da: 'Hvad har vi ikke talt nok om i vores ledergruppe, som vi bør tale mere om?',
					en: 'What have we not talked enough about in our management team that we should talk about more?'
				}
			],
			source: { seed: '003', heading: 'Hvad har vi ikke talt nok om i vores ledergruppe, som vi bør tale mere om?', quoted: true }
		},
		// Optional: the facilitator includes it when preparing (and can add the slides' protective factors to it).
		{ ...introStep('leader-model'), skipped: true, source: { seed: '002', heading: 'Passer ledervægten?' } },
		{
			id: 'practice',
			part: 1,
			kind: 'content',
			title: { da: 'Ledertrivsel i praksis', en: 'Leaders’ well-being in practice' },
			durationMin: 6,
			questions: [
				{ da: 'Hvilke gode erfaringer har I allerede, som I skal fortsætte med?', en: 'What good experiences do you already have that you should continue with?' },
				{ da: 'Hvad kan I evt. gøre mere af?', en: 'What could you perhaps do more of?' }
			],
			source: { seed: '003', heading: 'Ledertrivsel i praksis' }
		},
		{
			...introStep('priorities'),
			title: { da: 'Gruppeaftale', en: 'Group agreement' },
			durationMin: 8,
			part: 1,
			source: { seed: '001', heading: 'Ledelsesgrupper' }
		}
	]
};
