/**
 * The programmes a facilitator chooses on the front page (issue 16): the introduction, its
 * three tools (seed 002, "Trin 3: Tre værktøjer til at komme i gang"; seed 001, "SÆT HANDLING
 * BAG ORDENE") and the follow-up. Each is a Template in the same shape, started and prepared
 * like the introduction; a follow-up is made from an earlier session (server/follow-up.ts).
 */
import { followUpTool } from './follow-up-tool';
import { introTool } from './intro-tool';
import { leaderAgreementTool } from './leader-agreement-tool';
import { leaderGroupTool } from './leader-group-tool';
import type { Localized, Template } from './types';
import { wellbeingPlanTool } from './wellbeing-plan-tool';

export const PROGRAMME_IDS = ['intro', 'leader-agreement', 'leader-group', 'wellbeing-plan', 'follow-up'] as const;
export type ProgrammeId = (typeof PROGRAMME_IDS)[number];

/** The three tools the introduction points to, by the number the seeds give them. */
export const TOOL_PROGRAMMES = { 1: 'leader-agreement', 2: 'leader-group', 3: 'wellbeing-plan' } as const satisfies Record<number, ProgrammeId>;

export interface Programme {
	id: ProgrammeId;
	template: Template;
	/** "Værktøj 1" … "Værktøj 3"; absent for the introduction and the follow-up. */
	tool?: 1 | 2 | 3;
	/** Who it is for and what it ends in, one sentence for the front page. */
	about: Localized;
	/** A follow-up starts from an earlier session's results, never blank. */
	fromSession?: true;
}

export const programmes: Record<ProgrammeId, Programme> = {
	intro: {
		id: 'intro',
		template: introTool,
		about: {
			da: '45 minutters viden og 45 minutters dialog om lederes trivsel – og et udkast til gruppeaftale.',
			en: '45 minutes of knowledge and 45 minutes of dialogue about leaders’ well-being – and a draft group agreement.'
		}
	},
	'leader-agreement': {
		id: 'leader-agreement',
		template: leaderAgreementTool,
		tool: 1,
		about: {
			da: 'Den enkelte leder prioriterer de to vigtigste punkter for at kunne trives de næste tre måneder – en privat lederaftale på telefonen.',
			en: 'Each leader prioritises the two most important points for thriving over the next three months – a private leader agreement on the phone.'
		}
	},
	'leader-group': {
		id: 'leader-group',
		template: leaderGroupTool,
		tool: 2,
		about: {
			da: 'Ledergruppen ser på det trygge og det utrygge lederteam og laver en gruppeaftale med de to vigtigste punkter.',
			en: 'The management team looks at the safe and the unsafe leadership team and makes a group agreement on the two most important points.'
		}
	},
	'wellbeing-plan': {
		id: 'wellbeing-plan',
		template: wellbeingPlanTool,
		tool: 3,
		about: {
			da: 'Topledelsen prioriterer de to vigtigste punkter for hele virksomheden – hvem gør hvad, og hvordan I følger op.',
			en: 'Top management prioritises the two most important points for the whole organisation – who does what, and how you follow up.'
		}
	},
	'follow-up': {
		id: 'follow-up',
		template: followUpTool,
		fromSession: true,
		about: {
			da: 'Tre måneder efter: hvor langt nåede I, og hvordan har vægten flyttet sig? Laves fra en afsluttet workshop.',
			en: 'Three months on: how far did you get, and how has the balance moved? Made from a finished workshop.'
		}
	}
};

export const isProgrammeId = (value: string): value is ProgrammeId => (PROGRAMME_IDS as readonly string[]).includes(value);
