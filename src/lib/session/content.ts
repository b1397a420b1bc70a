/**
 * A session's content (title, language, steps, items) and where its steps stand: pure
 * helpers over the agenda, free of any session state.
 */
import type { ProgrammeId } from '../template/programmes';
import type { Locale, Role, Step, Template, VaegtenItem } from '../template/types';

/** What a session's content is, and what a saved template keeps of it. */
export interface SessionContent {
	title: string;
	/** The language the screen and phones use unless a device has chosen its own. */
	locale: Locale;
	steps: Step[];
	items: VaegtenItem[];
	/** The built-in programme it was started from (issue 16); absent in templates saved before: the introduction. */
	programme?: ProgrammeId;
}

/**
 * A plan for ledertrivsel (Værktøj 3) ends in a plan, and so does a follow-up of one (`followsPlan`,
 * src/lib/session/follow-up.ts); every other programme in a group agreement.
 */
export const agreementIsPlan = (programme: ProgrammeId | undefined, followsPlan = false): boolean => programme === 'wellbeing-plan' || followsPlan;

/** The roles a programme names as who does what (its roles step's: the introduction's five), or none. */
export const rolesOf = (steps: Step[]): Role[] => steps.find((step) => step.roles)?.roles ?? [];

/** A built-in template as session content, in its Danish title. */
export function contentOf(template: Template, locale: Locale = 'da'): SessionContent {
	return { title: template.title[locale], locale, steps: structuredClone(template.steps), items: structuredClone(template.items) };
}

/** The nearest step after (`1`) or before (`-1`) `from` that is not skipped; null if there is none. */
export function playableIndex(steps: Step[], from: number, direction: 1 | -1): number | null {
	for (let index = from + direction; index >= 0 && index < steps.length; index += direction) {
		if (!steps[index].skipped) return index;
	}
	return null;
}

/** Where step `index` stands among the steps that run ("step 3 of 12"), skipped ones not counted. */
export function agendaPosition(steps: Step[], index: number): { index: number; total: number } {
	const running = steps.filter((step) => !step.skipped);
	return { index: steps.slice(0, index + 1).filter((step) => !step.skipped).length, total: running.length };
}

/** The step a session starts at: its first that is not skipped (0 if every one is). */
export function firstPlayable(steps: Step[]): number {
	const index = steps.findIndex((step) => !step.skipped);
	return index < 0 ? 0 : index;
}
