import { balance, type ItemResult } from '$lib/session/aggregate';
import { currentStep } from '$lib/session/state';
import type { ModelId } from '$lib/template/types';
import type { Room } from '../../../server/rooms/room';

/** The session's state as the HTTP API returns it: steering, counts and aggregates, never an individual rating. */
export function sessionJson(room: Room, now = Date.now()) {
	const state = room.state;
	const step = currentStep(state);
	const results = room.resultsView();
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
		timer: room.sessionView(now).timer,
		votes: state.votes,
		participants: results.participants,
		raters: results.raters,
		balance: { general: balanceOf('general'), leader: balanceOf('leader') },
		items
	};
}
