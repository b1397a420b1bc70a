/**
 * The slides' material (seed 003) one click away in any programme (issue 16, point 6): a fixed
 * catalogue the facilitator adds from while preparing. A client sends only a catalogue id
 * (`material:add`), never a step or an item, so nothing free-form enters a session this way.
 * Adding is idempotent: what the session has already (from its programme or an earlier click)
 * is not added again, and a repeat gives back the very same state.
 */
import { protectiveItems, safeTeamItems, unsafeTeamItems, warningSignItems } from '../template/slides';
import type { ModelId, Step, VaegtenItem } from '../template/types';
import { fail, type Change } from './change';
import type { SessionState } from './state';

/** A list a phone marks, added as a `rating` step of its model; or the protective factors, added to Ledervægten. */
export const MATERIAL_IDS = ['warning-signs', 'safe-team', 'unsafe-team', 'protective'] as const;
export type MaterialId = (typeof MATERIAL_IDS)[number];

export const isMaterialId = (value: unknown): value is MaterialId => (MATERIAL_IDS as readonly unknown[]).includes(value);

interface MarkList {
	model: ModelId;
	items: VaegtenItem[];
	step: Step;
}

const markStep = (model: ModelId, heading: string, title: Step['title']): Step => ({
	id: `slides-${model}`,
	part: 1,
	kind: 'rating',
	model,
	title,
	durationMin: 5,
	lead: { da: 'Sæt kryds ved de tegn, du genkender i jeres egen ledergruppe.', en: 'Tick the signs you recognise in your own management team.' },
	questions: [],
	source: { seed: '003', heading }
});

const markLists: Record<Exclude<MaterialId, 'protective'>, MarkList> = {
	'warning-signs': {
		model: 'warning-signs',
		items: warningSignItems,
		step: markStep('warning-signs', 'Tegn (uden)på…', { da: 'Tegn (uden)på…', en: 'Signs (on the outside)…' })
	},
	'safe-team': {
		model: 'safe-team',
		items: safeTeamItems,
		step: markStep('safe-team', 'Det trygge lederteam', { da: 'Det trygge lederteam', en: 'The safe leadership team' })
	},
	'unsafe-team': {
		model: 'unsafe-team',
		items: unsafeTeamItems,
		step: markStep('unsafe-team', 'Det utrygge lederteam', { da: 'Det utrygge lederteam', en: 'The unsafe leadership team' })
	}
};

const hasRatingStep = (steps: Step[], model: ModelId) => steps.some((step) => step.kind === 'rating' && step.model === model);

/** Whether the session has this material already (its button shows it added). */
export function materialPresent(state: Pick<SessionState, 'steps' | 'items'>, id: MaterialId): boolean {
	if (id === 'protective') {
		const ids = new Set(state.items.map((item) => item.id));
		return protectiveItems.every((item) => ids.has(item.id));
	}
	return hasRatingStep(state.steps, markLists[id].model);
}

/** The items of `wanted` the session lacks, in their order. */
function missing(items: VaegtenItem[], wanted: VaegtenItem[]): VaegtenItem[] {
	const ids = new Set(items.map((item) => item.id));
	return wanted.filter((item) => !ids.has(item.id)).map((item) => structuredClone(item));
}

/**
 * A list's step goes right before the agreement (a programme ends in it), in the agreement's
 * part; without one, at the end. The current step stays current wherever it ends up.
 */
function withStep(state: SessionState, step: Step): SessionState {
	const at = state.steps.findIndex((candidate) => candidate.kind === 'priorities');
	const index = at < 0 ? state.steps.length : at;
	const part = (state.steps[at < 0 ? state.steps.length - 1 : at]?.part ?? 1) as Step['part'];
	const steps = [...state.steps.slice(0, index), { ...structuredClone(step), part }, ...state.steps.slice(index)];
	const currentId = state.steps[state.stepIndex].id;
	const votes = { ...state.votes, [step.id]: { locked: false, revealed: false } };
	return { ...state, steps, votes, stepIndex: steps.findIndex((candidate) => candidate.id === currentId) };
}

export function addMaterial(state: SessionState, id: string): Change {
	if (!isMaterialId(id)) return fail('invalid_payload', `The slides' material is one of ${MATERIAL_IDS.join(', ')}.`);
	if (materialPresent(state, id)) return { ok: true, state };
	if (id === 'protective') {
		if (!hasRatingStep(state.steps, 'leader')) return fail('no_such_step', 'This session has no Ledervægten step to add the protective factors to.');
		return { ok: true, state: { ...state, items: [...state.items, ...missing(state.items, protectiveItems)] } };
	}
	const list = markLists[id];
	const next = withStep(state, list.step);
	return { ok: true, state: { ...next, items: [...state.items, ...missing(state.items, list.items)] } };
}
