/**
 * The workshop's content as data: phases, steps, Vægten items and dialogue questions.
 * Every human-readable string is Danish first with an English translation beside it.
 */

export const locales = ['da', 'en'] as const;
export type Locale = (typeof locales)[number];

/** A text in every supported language. */
export type Localized = Record<Locale, string>;

/**
 * `progress`: a follow-up's agreed points, each rated 0–4 for how far the group got
 * (src/lib/template/follow-up-tool.ts); rated, stored and published like Vægten's items.
 */
export type ModelId = 'general' | 'leader' | 'progress';

/** Vægten's own models: the instrument a follow-up measures again, unchanged. */
export const VAEGTEN_MODELS = ['general', 'leader'] as const satisfies readonly ModelId[];
export type VaegtenModelId = (typeof VAEGTEN_MODELS)[number];

/** A belastning weighs on the leader; a ressource carries them; a `progress` item is an agreed point (model `progress`). */
export type ItemKind = 'load' | 'resource' | 'progress';

export interface VaegtenItem {
	/** Stable id, unique across models (ratings are stored under it). */
	id: string;
	model: ModelId;
	kind: ItemKind;
	label: Localized;
	/** Sub-points shown under the label, e.g. the four forms of krydspres. */
	details?: Localized[];
	/** Added by the facilitator during the session ("Mangler der noget i modellen?"). */
	custom?: boolean;
}

export interface VaegtenModel {
	id: ModelId;
	title: Localized;
	/** What the ends of the 0–4 scale mean, where the model says it itself (progress: ikke startet … lykkedes). */
	scale?: { min: Localized; max: Localized };
}

export interface Role {
	name: Localized;
	responsibilities: Localized[];
}

/**
 * What a step does in the room:
 * - `join`: the screen shows the QR code and the join code;
 * - `content`: text, bullets and dialogue questions;
 * - `rating`: phones rate every item of `model`, the screen shows Vægten live;
 * - `priorities`: the group's priorities and draft agreement (issue 4 fills this in);
 * - `comparison`: a follow-up's "Før og nu": then and now side by side (ResultsView.comparison).
 */
export type StepKind = 'join' | 'content' | 'rating' | 'priorities' | 'comparison';

export interface Step {
	id: string;
	part: 1 | 2;
	kind: StepKind;
	title: Localized;
	/** Planned minutes; the facilitator can add time during the session. */
	durationMin: number;
	/** One or two sentences that open the step. */
	lead?: Localized;
	paragraphs?: Localized[];
	/** A titled bullet list, e.g. "Det vigtige ved dette tema er altså". */
	bullets?: { heading: Localized; items: Localized[] };
	roles?: Role[];
	/** Dialogue questions, in the seed's order. */
	questions: Localized[];
	/** For `rating` steps: the model rated; for `content` steps: a model whose result is shown. */
	model?: ModelId;
	/** Left out of this session by the facilitator: shown in the agenda, passed over by next/previous. */
	skipped?: boolean;
}

export interface Part {
	part: 1 | 2;
	title: Localized;
	durationMin: number;
}

export interface Template {
	id: string;
	title: Localized;
	parts: Part[];
	models: VaegtenModel[];
	items: VaegtenItem[];
	steps: Step[];
}
