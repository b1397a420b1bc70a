/**
 * What a phone is sent of a session's content (issue 17): the current step as a phone shows it
 * and the items it rates, not the whole agenda with every slide's text in both languages. The
 * console and the screen get the whole ContentView.
 */
import type { PhoneContentView, PhoneStep } from '../protocol';
import { agendaPosition } from './content';
import { currentStep, type SessionState } from './state';

const phoneStep = ({ id, part, kind, title, lead, questions, model }: SessionState['steps'][number]): PhoneStep => ({
	id,
	part,
	kind,
	title,
	...(lead && { lead }),
	questions,
	...(model && { model })
});

export function phoneContentOf(state: SessionState): PhoneContentView {
	const step = currentStep(state);
	return {
		id: state.id,
		code: state.code,
		title: state.title,
		locale: state.locale,
		createdAt: state.createdAt,
		stepIndex: state.stepIndex,
		position: agendaPosition(state.steps, state.stepIndex),
		step: phoneStep(step),
		items: step.kind === 'rating' ? state.items.filter((item) => item.model === step.model) : [],
		personal: state.steps.some((candidate) => candidate.kind === 'personal')
	};
}

/** What a phone shows changes only with the step, the language, the title or the content. */
export const phoneContentKey = (state: SessionState, contentVersion: number): string => `${contentVersion}:${state.stepIndex}:${state.locale}:${state.title}`;
