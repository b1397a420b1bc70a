import { describe, expect, it } from 'vitest';
import { summarise, tallyOf } from '../../src/lib/session/aggregate';
import { followUpSeed, measure, plannedDate, progressItems, type AgreedPoint } from '../../src/lib/session/follow-up';
import { initialState, upgradeState, type SessionState } from '../../src/lib/session/state';
import { FOLLOW_UP_STEPS, PROGRESS_SCALE, followUpTool } from '../../src/lib/template/follow-up-tool';
import { introTool } from '../../src/lib/template/intro-tool';
import { locales, VAEGTEN_MODELS, type Localized, type VaegtenItem } from '../../src/lib/template/types';

const custom: VaegtenItem = { id: 'custom-1', model: 'leader', kind: 'load', label: { da: 'Nyt IT-system', en: 'Nyt IT-system' }, custom: true };
/** Vægten's items (a follow-up carries no list of tools to mark) and one the facilitator added. */
const items = [...introTool.items.filter((item) => (VAEGTEN_MODELS as readonly string[]).includes(item.model)), custom];
const points: AgreedPoint[] = [
	{ what: 'Faste pauser', who: ['Topledelsen', 'Mette'], firstStep: 'Sæt dem i kalenderen', followUp: '2027-03-02' },
	{ what: 'Sparring på tværs', who: [], firstStep: '', followUp: '2027-03-01' }
];

const measured = (overrides: Partial<Parameters<typeof measure>[0]> = {}) =>
	measure({
		id: 'first-session',
		createdAt: Date.parse('2026-12-01T09:00:00Z'),
		date: '2026-12-01',
		title: 'Ledergruppen',
		items,
		results: [summarise('general-mening', tallyOf([1, 2, 3])), summarise('custom-1', tallyOf([4, 4])), { ...summarise('leader-krydspres', tallyOf([2, 2, 2])), histogram: null }],
		ranking: [{ text: 'Faste pauser', dots: 7 }],
		agreement: { title: 'Vores aftale', points },
		...overrides
	});

describe('the follow-up programme', () => {
	it('speaks Danish and English in every text', () => {
		const texts: Localized[] = [followUpTool.title, ...followUpTool.parts.map((part) => part.title), ...followUpTool.models.map((model) => model.title), ...PROGRESS_SCALE];
		for (const step of followUpTool.steps) texts.push(step.title, ...(step.lead ? [step.lead] : []), ...(step.paragraphs ?? []), ...step.questions);
		for (const text of texts) for (const locale of locales) expect(text[locale].trim()).not.toBe('');
	});

	it('rates progress, then Vægten with the same models, then shows Før og nu and the updated agreement', () => {
		expect(followUpTool.steps.map((step) => [step.kind, step.model ?? null])).toEqual([
			['join', null],
			['rating', 'progress'],
			['content', null],
			['rating', 'general'],
			['rating', 'leader'],
			['comparison', null],
			['priorities', null]
		]);
		expect(followUpTool.models.find((model) => model.id === 'progress')!.scale).toEqual({ min: { da: 'Ikke startet', en: 'Not started' }, max: { da: 'Lykkedes', en: 'Achieved' } });
		for (const part of followUpTool.parts) {
			const minutes = followUpTool.steps.filter((step) => step.part === part.part).reduce((sum, step) => sum + step.durationMin, 0);
			expect(minutes).toBe(part.durationMin);
		}
	});
});

describe('measure', () => {
	it('keeps published aggregates and the agreement, and never an average of fewer than three', () => {
		const measurement = measured();
		const byId = new Map(measurement.items.map((item) => [item.itemId, item]));
		expect(byId.get('general-mening')).toMatchObject({ count: 3, mean: 2, histogram: [0, 1, 1, 1, 0] });
		expect(byId.get('custom-1')).toMatchObject({ count: 2, mean: null, histogram: null, label: custom.label });
		expect(byId.get('leader-krydspres')).toMatchObject({ count: 3, mean: 2, histogram: null });
		expect(byId.get('general-anerkendelse')).toMatchObject({ count: 0, mean: null });
		expect(measurement.agreement.points).toEqual(points);
		expect(Object.keys(measurement).sort()).toEqual(['agreement', 'date', 'items', 'ranking', 'sessionId', 'title']);
	});
});

describe('followUpSeed', () => {
	it('carries the same items, the agreed points as progress items and the planned date', () => {
		const { content, followUp } = followUpSeed(measured(), items, 'da');
		expect(content.items.filter((item) => item.model !== 'progress')).toEqual(items);
		expect(content.items.filter((item) => item.model === 'progress')).toEqual(progressItems(points));
		expect(progressItems(points).map((item) => [item.id, item.label.da])).toEqual([
			['progress-1', 'Faste pauser'],
			['progress-2', 'Sparring på tværs']
		]);
		expect(content.title).toBe('Opfølgning: Ledergruppen');
		const howItWent = content.steps.find((step) => step.id === FOLLOW_UP_STEPS.howItWent)!;
		expect(howItWent.questions.map((question) => question.da)).toEqual([
			'Faste pauser: Hvad hjalp os på vej?',
			'Faste pauser: Hvad stod i vejen?',
			'Sparring på tværs: Hvad hjalp os på vej?',
			'Sparring på tværs: Hvad stod i vejen?'
		]);
		expect(followUp).toEqual({ of: 'first-session', plannedFor: '2027-03-01', chain: [measured()] });
	});

	it('shows a plan’s follow-up the five roles again before the updated plan, in the same minutes of part 2', () => {
		const minutes = (steps: Array<{ part: number; durationMin: number }>, part: number) => steps.filter((step) => step.part === part).reduce((sum, step) => sum + step.durationMin, 0);
		const plain = followUpSeed(measured(), items, 'da').content;
		const { content } = followUpSeed(measured({ agreement: { title: 'Planen', points, plan: true } }), items, 'da');
		expect(plain.steps.some((step) => step.roles)).toBe(false);
		expect(content.steps.map((step) => step.id)).toEqual([...plain.steps.slice(0, -1).map((step) => step.id), 'roles', plain.steps.at(-1)!.id]);
		expect(content.steps.find((step) => step.roles)!.roles!.map((role) => role.name.da)).toEqual(['Topledelsen', 'HR og interne konsulenter', 'MED/SU & AMO', 'Ledere af ledere', 'Ledere af medarbejdere']);
		for (const part of [1, 2]) expect(minutes(content.steps, part), `part ${part}`).toBe(minutes(plain.steps, part));
	});

	it('skips the progress steps when nothing was agreed', () => {
		const { content, followUp } = followUpSeed(measured({ agreement: { title: '', points: [{ what: ' ', who: [], firstStep: '', followUp: '' }] } }), items, 'en');
		expect(content.items.some((item) => item.model === 'progress')).toBe(false);
		expect(content.steps.filter((step) => step.skipped).map((step) => step.id)).toEqual([FOLLOW_UP_STEPS.progress, FOLLOW_UP_STEPS.howItWent]);
		expect(followUp.plannedFor).toBeNull();
		expect(content.title).toBe('Follow-up: Ledergruppen');
	});

	it('makes the chain the whole history for a follow-up of a follow-up', () => {
		const first = measured();
		const second = measured({ id: 'second-session', date: '2027-03-01' });
		expect(followUpSeed(second, items, 'da', [first]).followUp.chain.map((entry) => entry.sessionId)).toEqual(['first-session', 'second-session']);
	});

	it('makes a session state that carries the link, which older stored states lack', () => {
		const { content, followUp } = followUpSeed(measured(), items, 'da');
		const state = initialState(content, { id: 'follow-up-1', code: 'ABCDEF', createdAt: 0, followUp });
		expect(state.followUp).toEqual(followUp);
		expect(state.steps[state.stepIndex].id).toBe('welcome');
		expect(Object.keys(state.votes)).toEqual(['progress', 'general-model', 'leader-model']);
		const { followUp: _dropped, ...older } = initialState(introTool, { id: 'old', code: 'ABCDEF', createdAt: 0 });
		expect(upgradeState(older as SessionState).followUp).toBeNull();
	});

	it('plans for the earliest valid date', () => {
		expect(plannedDate([{ ...points[0], followUp: 'soon' }, points[0]])).toBe('2027-03-02');
		expect(plannedDate([])).toBeNull();
	});
});
