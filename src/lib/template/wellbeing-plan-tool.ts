/**
 * "Plan for ledertrivsel" (Værktøj 3) as a programme (issue 16): top management's session that
 * ends in a plan with the two most important points to start with for the whole organisation,
 * the introduction's five roles as who does what, and a follow-up date.
 *
 * Wording: seed 001 (the guide for HR), "Plan for ledertrivsel" and "SKAB FOKUS, COMMITMENT OG
 * SAMSPIL" with its three questions, quoted; seed 002 (the introduction), its Vægten models,
 * "Roller og ansvar" (the introduction's own step, reused) and "Værktøj 3: Skab en samlet plan
 * for ledertrivsel – Sæt fokus på jeres virksomhed og resultater". The plan step's lead and
 * questions are written for the live room from what seed 001 says. English is a translation.
 */
import { introStep, vaegtenItems, vaegtenModels } from './intro-tool';
import type { Template } from './types';

export const wellbeingPlanTool: Template = {
	id: 'wellbeing-plan-tool',
	title: { da: 'Plan for ledertrivsel', en: 'Plan for leaders’ well-being' },
	parts: [{ part: 1, title: { da: 'Plan for ledertrivsel', en: 'Plan for leaders’ well-being' }, durationMin: 45 }],
	models: structuredClone(vaegtenModels),
	items: structuredClone(vaegtenItems),
	steps: [
		{
			id: 'welcome',
			part: 1,
			kind: 'join',
			title: { da: 'Velkommen', en: 'Welcome' },
			durationMin: 3,
			lead: {
				da: 'Ledere i trivsel er bedre ledere. I dag laver vi en enkel og fokuseret plan for ledertrivsel i hele virksomheden.',
				en: 'Leaders who thrive are better leaders. Today we make a simple, focused plan for leaders’ well-being across the whole organisation.'
			},
			paragraphs: [{ da: 'Scan QR-koden eller gå ind på adressen og tast koden.', en: 'Scan the QR code, or go to the address and type the code.' }],
			questions: [],
			source: { seed: '001', heading: 'Plan for ledertrivsel' }
		},
		{
			id: 'plan-why',
			part: 1,
			kind: 'content',
			title: { da: 'Plan for ledertrivsel', en: 'A plan for leaders’ well-being' },
			durationMin: 4,
			lead: {
				da: 'Den øverste leder i virksomheden skal sætte lederes trivsel på agendaen, fordi det er vigtigt i sig selv, og fordi ledere i trivsel er bedre ledere.',
				en: 'The top leader of the organisation must put leaders’ well-being on the agenda, because it matters in itself and because leaders who thrive are better leaders.'
			},
			paragraphs: [
				{
					da: 'Det skal konkret udmønte sig i en enkel og fokuseret plan for ledertrivsel. Her prioriterer I de to vigtigste punkter, I vil starte med at fokusere på for at fremme lederes trivsel i virksomheden.',
					en: 'In practice it must become a simple, focused plan for leaders’ well-being. In it you prioritise the two most important points you will start by focusing on to promote leaders’ well-being in the organisation.'
				},
				{
					da: 'Det skal være afsættet for at sætte lederes trivsel på agendaen i hele virksomheden og følge systematisk op på aftalen.',
					en: 'It must be the starting point for putting leaders’ well-being on the agenda across the whole organisation and for following up on the agreement systematically.'
				}
			],
			questions: [],
			source: { seed: '001', heading: 'Plan for ledertrivsel' }
		},
		{
			id: 'tool',
			part: 1,
			kind: 'content',
			title: { da: 'Værktøj 3: Skab en samlet plan for ledertrivsel', en: 'Tool 3: Create an overall plan for leaders’ well-being' },
			durationMin: 3,
			lead: { da: 'Sæt fokus på jeres virksomhed og resultater.', en: 'Focus on your organisation and results.' },
			paragraphs: [
				{
					da: 'Det er især relationen mellem lederen selv og nærmeste leder og relationen ind i egen ledelsesgruppe, som er umiddelbart vigtige, mens organisationen som helhed har betydning for den bredere kontekst, dynamik og kultur, som lederen bevæger sig og skal trives i.',
					en: 'The relationship between the leader and their immediate manager and the one within their own management team are the most immediately important, while the organisation as a whole shapes the wider context, dynamics and culture in which the leader operates and must thrive.'
				}
			],
			questions: [],
			source: { seed: '002', heading: 'Skab en samlet plan for ledertrivsel' }
		},
		{ ...introStep('general-model'), part: 1, durationMin: 5 },
		{ ...introStep('leader-model'), part: 1, durationMin: 5 },
		{ ...introStep('roles'), part: 1, durationMin: 7 },
		{
			id: 'focus',
			part: 1,
			kind: 'content',
			title: { da: 'Skab fokus, commitment og samspil', en: 'Create focus, commitment and collaboration' },
			durationMin: 6,
			lead: {
				da: 'Der er tre overordnede spørgsmål, I skal stille jer selv for at få effekt af arbejdet med ledertrivsel.',
				en: 'There are three overarching questions to ask yourselves to make the work on leaders’ well-being have an effect.'
			},
			paragraphs: [
				{
					da: 'I skal prioritere jeres indsats meget skarpt og fokusere på de få vigtigste punkter for at fremme ledernes trivsel.',
					en: 'You must prioritise your effort very sharply and focus on the few most important points for promoting leaders’ well-being.'
				},
				{
					da: 'Commitment er den afgørende faktor for at kunne lykkes med planen.',
					en: 'Commitment is the deciding factor in succeeding with the plan.'
				},
				{
					da: 'Fordi I har stor indflydelse på hinandens opgave og vilkår, kan I ikke lykkes alene.',
					en: 'Because you have a great deal of influence on each other’s tasks and conditions, you cannot succeed alone.'
				}
			],
			questions: [
				{ da: 'Hvad er jeres fokus i arbejdet med lederes trivsel?', en: 'What is your focus in the work on leaders’ well-being?' },
				{ da: 'Hvordan skaber I commitment til lederes trivsel?', en: 'How do you create commitment to leaders’ well-being?' },
				{ da: 'Hvordan styrker I samspillet om lederes trivsel?', en: 'How do you strengthen the collaboration on leaders’ well-being?' }
			],
			source: { seed: '001', heading: 'SKAB FOKUS, COMMITMENT OG SAMSPIL', quoted: true }
		},
		{
			id: 'priorities',
			part: 1,
			kind: 'priorities',
			title: { da: 'Prioriteringer og plan for ledertrivsel', en: 'Priorities and the plan for leaders’ well-being' },
			durationMin: 12,
			lead: {
				da: 'Prioritér de to vigtigste punkter, I vil starte med for at fremme lederes trivsel i hele virksomheden – hvem der gør hvad, og hvornår I følger op.',
				en: 'Prioritise the two most important points you will start with to promote leaders’ well-being across the whole organisation – who does what, and when you follow up.'
			},
			paragraphs: [
				{
					da: 'Punkterne er et udkast til jeres plan for ledertrivsel. Hvem: topledelsen, HR, MED/SU & AMO, ledere af ledere og ledere af medarbejdere. Følg systematisk op på planen.',
					en: 'The points are a draft of your plan for leaders’ well-being. Who: top management, HR, MED/SU & AMO, leaders of leaders and leaders of employees. Follow up on the plan systematically.'
				}
			],
			questions: [
				{
					da: 'Hvad er de to vigtigste punkter, vi vil starte med for at fremme lederes trivsel i hele virksomheden?',
					en: 'What are the two most important points we will start with to promote leaders’ well-being across the whole organisation?'
				},
				{ da: 'Hvem gør hvad – og hvordan følger vi systematisk op?', en: 'Who does what – and how do we follow up systematically?' }
			],
			source: { seed: '001', heading: 'Plan for ledertrivsel' }
		}
	]
};
