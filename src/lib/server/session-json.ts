import { balance, type ItemResult } from '$lib/session/aggregate';
import { currentStep } from '$lib/session/state';
import type { ModelId } from '$lib/template/types';
import type { ResultsView, TimerView } from '$lib/protocol';
import type { SessionState } from '$lib/session/state';

/** What the API's view of a session is made from: plain data, so it can be built (and tested) alone. */
export interface SessionSnapshot {
	state: SessionState;
	/** The published results, as the screen has them. */
	results: ResultsView;
	timer: TimerView;
}

/** The session's state as the HTTP API returns it: steering, counts and aggregates, never an individual rating. */
export function sessionJson({ state, results, timer }: SessionSnapshot) {
	const step = currentStep(state);
	const resultOf = new Map(results.items.map((result) => [result.itemId, result]));
	const items = state.items.map((item) => ({
		id: item.id,
		model: item.model,
		kind: item.kind,
		label: item.label,
		...(resultOf.get(item.id) as ItemResult)
	}));
	const balanceOf = (model: ModelId) => {
		const means = (kind: 'load' | 'resource') =>
			items.filter((item) => item.model === model && item.kind === kind && item.mean !== null).map((item) => item.mean as number);
		return balance(means('load'), means('resource'));
	};
	return {
		id: state.id,
		code: state.code,
		title: state.title,
		locale: state.locale,
		createdAt: new Date(state.createdAt).toISOString(),
		step: { index: state.stepIndex, id: step.id, kind: step.kind, part: step.part, title: step.title },
		timer,
		votes: state.votes,
		participants: results.participants,
		raters: results.raters,
		balance: { general: balanceOf('general'), leader: balanceOf('leader') },
		items
	};
}
