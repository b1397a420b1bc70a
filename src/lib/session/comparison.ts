/**
 * "Før og nu": a follow-up's results beside what the earlier sessions measured. Pure: the room
 * computes it from the session's chain (FollowUpLink) and its published results on every
 * results broadcast; the exports from the same two.
 *
 * Privacy: an item is compared only where at least MIN_GROUP_SIZE rated it in BOTH sessions,
 * and only published means enter (a mean is never derived more precisely than it was shown).
 * Progress per point is the published result of this session: mean and spread, as the screen has them.
 */
import { VAEGTEN_MODELS, type ItemKind, type Localized, type VaegtenItem, type VaegtenModelId } from '../template/types';
import { balance, MIN_GROUP_SIZE, type Balance, type ItemResult } from './aggregate';
import type { AgreedPoint, Measurement } from './follow-up';

export interface ComparedItem {
	itemId: string;
	model: VaegtenModelId;
	kind: ItemKind;
	label: Localized;
	then: number;
	now: number;
	/** now − then: positive means rated higher now (for a load: heavier; for a resource: stronger). */
	change: number;
	countThen: number;
	countNow: number;
}

/** One measurement on a course's axis: an earlier session, or this one (`sessionId` null). */
export interface MeasurementRef {
	sessionId: string | null;
	date: string;
	title: string;
}

export interface ProgressResult {
	itemId: string;
	/** The agreed point (its text as agreed). */
	label: Localized;
	count: number;
	mean: number | null;
	/** As published: null while fewer than three rated or the spread is not shown. */
	histogram: number[] | null;
}

export interface Comparison {
	/** The measurement compared against: the chain's last. */
	then: MeasurementRef;
	now: MeasurementRef;
	/** Per Vægten model, both balances over the compared items only, so both weigh the same pans. */
	balances: Array<{ model: VaegtenModelId; then: Balance; now: Balance; items: number }>;
	/** Items shown in both sessions, the largest change (either way) first; ties in the model's order. */
	items: ComparedItem[];
	/**
	 * With three or more measurements (a chain of two or more, and now): every measurement, oldest
	 * first, and each compared item's mean in each (null where fewer than three rated it then).
	 */
	course: { measurements: MeasurementRef[]; items: Array<{ itemId: string; means: Array<number | null> }> } | null;
	/** Progress per agreed point in this session. */
	progress: ProgressResult[];
	/** What was agreed last time, as the earlier session's agreement says it. */
	agreed: AgreedPoint[];
}

/** What `compare` reads of the follow-up session itself. */
export interface Now {
	date: string;
	title: string;
	items: VaegtenItem[];
	results: ItemResult[];
}

const shownMean = (count: number | undefined, mean: number | null | undefined): number | null =>
	count !== undefined && count >= MIN_GROUP_SIZE && mean !== null && mean !== undefined ? mean : null;

const isVaegten = (model: string): model is VaegtenModelId => (VAEGTEN_MODELS as readonly string[]).includes(model);

/** Then and now, or null when there is nothing to compare against (not a follow-up). */
export function compare(chain: readonly Measurement[], now: Now): Comparison | null {
	const last = chain.at(-1);
	if (!last) return null;
	const resultNow = new Map(now.results.map((result) => [result.itemId, result]));
	const measuredThen = new Map(last.items.map((item) => [item.itemId, item]));

	const compared: ComparedItem[] = [];
	for (const item of now.items) {
		if (!isVaegten(item.model)) continue;
		const before = measuredThen.get(item.id);
		const after = resultNow.get(item.id);
		const then = shownMean(before?.count, before?.mean);
		const current = shownMean(after?.count, after?.mean);
		if (then === null || current === null || !before || !after) continue;
		compared.push({ itemId: item.id, model: item.model, kind: item.kind, label: item.label, then, now: current, change: current - then, countThen: before.count, countNow: after.count });
	}

	const balances = VAEGTEN_MODELS.map((model) => {
		const own = compared.filter((item) => item.model === model);
		const means = (kind: ItemKind, at: 'then' | 'now') => own.filter((item) => item.kind === kind).map((item) => item[at]);
		return { model, then: balance(means('load', 'then'), means('resource', 'then')), now: balance(means('load', 'now'), means('resource', 'now')), items: own.length };
	});

	const nowRef: MeasurementRef = { sessionId: null, date: now.date, title: now.title };
	const ref = (measurement: Measurement): MeasurementRef => ({ sessionId: measurement.sessionId, date: measurement.date, title: measurement.title });
	const course =
		chain.length < 2
			? null
			: {
					measurements: [...chain.map(ref), nowRef],
					items: compared.map((item) => ({
						itemId: item.itemId,
						means: [
							...chain.map((measurement) => {
								const measured = measurement.items.find((candidate) => candidate.itemId === item.itemId);
								return shownMean(measured?.count, measured?.mean);
							}),
							item.now
						]
					}))
				};

	const progress = now.items
		.filter((item) => item.model === 'progress')
		.map((item): ProgressResult => {
			const result = resultNow.get(item.id);
			const mean = shownMean(result?.count, result?.mean);
			return { itemId: item.id, label: item.label, count: result?.count ?? 0, mean, histogram: mean === null ? null : (result?.histogram ?? null) };
		});

	return {
		then: ref(last),
		now: nowRef,
		balances,
		items: compared.map((item, order) => ({ item, order })).sort((a, b) => Math.abs(b.item.change) - Math.abs(a.item.change) || a.order - b.order).map(({ item }) => item),
		course,
		progress,
		agreed: last.agreement.points.filter((point) => point.what.trim() !== '')
	};
}
