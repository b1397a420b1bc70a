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
 * The lists a phone marks (`input: 'mark'`, src/lib/template/slides.ts): `safe-team` and
 * `unsafe-team` (seed 003's safe and unsafe leadership team), `warning-signs` (seed 003's
 * "Tegn (uden)på…") and `tools` (the introduction's three tools, the room's dots among them).
 */
export type ModelId = 'general' | 'leader' | 'progress' | 'safe-team' | 'unsafe-team' | 'warning-signs' | 'tools';

/** Vægten's own models: the instrument a follow-up measures again, unchanged. */
export const VAEGTEN_MODELS = ['general', 'leader'] as const satisfies readonly ModelId[];
export type VaegtenModelId = (typeof VAEGTEN_MODELS)[number];

/**
 * A belastning weighs on the leader; a ressource carries them; a `progress` item is an agreed
 * point (model `progress`); a `mark` item is one line of a list a phone marks or leaves (1 or 0).
 */
export type ItemKind = 'load' | 'resource' | 'progress' | 'mark';

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
	/**
	 * How a phone answers: `scale` (the default) rates each item 0–4; `mark` marks the items it
	 * recognises (a rating of 1; 0 takes the mark back), and results are how many marked each
	 * (published in batches of three like every result).
	 */
	input?: 'scale' | 'mark';
}

export interface Role {
	name: Localized;
	responsibilities: Localized[];
}

/** The source documents (tests/fixtures/seeds): 001 the guide for HR, 002 the introduction tool, 003 the slides. */
export type SeedId = '001' | '002' | '003';

/**
 * Where a step's wording comes from: the seed and the heading there (as the seed spells it).
 * `quoted`: the step's questions and bullet items are the seed's own words (the template tests
 * find each in the seed); otherwise they are written for this tool from what the seed says.
 */
export interface StepSource {
	seed: SeedId;
	heading: string;
	quoted?: boolean;
}

/**
 * What a step does in the room:
 * - `join`: the screen shows the QR code and the join code;
 * - `content`: text, bullets and dialogue questions;
 * - `rating`: phones rate every item of `model`, the screen shows Vægten live;
 * - `priorities`: the group's priorities and draft agreement (issue 4 fills this in);
 * - `comparison`: a follow-up's "Før og nu": then and now side by side (ResultsView.comparison);
 * - `personal`: each phone writes its own lederaftale in a sheet only its token opens
 *   (documents.ts, personalDoc); the facilitator and the screen see only how many have one.
 */
export type StepKind = 'join' | 'content' | 'rating' | 'priorities' | 'comparison' | 'personal';

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
	/** Where the wording comes from; every step of a built-in programme names it. */
	source?: StepSource;
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
