import { changeRating, emptyTally, summarise, type ItemResult, type Tally } from '../../src/lib/session/aggregate';
import type { ModelId } from '../../src/lib/template/types';
import type { StoredRating } from '../store/types';

/**
 * Every participant's own ratings and a running tally per item. A rating changes one tally
 * and, the first time a person rates a model, that model's count of raters: constant work,
 * whatever the size of the room.
 */
export class Ratings {
	readonly #tallies = new Map<string, Tally>();
	readonly #own = new Map<number, Map<string, number>>();
	readonly #ratedModels = new Map<number, Set<ModelId>>();
	readonly #raters: Record<ModelId, number> = { general: 0, leader: 0 };
	readonly #modelOf: (itemId: string) => ModelId | undefined;

	constructor(stored: StoredRating[], modelOf: (itemId: string) => ModelId | undefined) {
		this.#modelOf = modelOf;
		for (const rating of stored) this.record(rating.participantId, rating.itemId, rating.value);
	}

	record(participantId: number, itemId: string, value: number): void {
		let own = this.#own.get(participantId);
		if (!own) this.#own.set(participantId, (own = new Map()));
		const model = this.#modelOf(itemId);
		if (model) {
			let models = this.#ratedModels.get(participantId);
			if (!models) this.#ratedModels.set(participantId, (models = new Set()));
			if (!models.has(model)) {
				models.add(model);
				this.#raters[model] += 1;
			}
		}
		let tally = this.#tallies.get(itemId);
		if (!tally) this.#tallies.set(itemId, (tally = emptyTally()));
		changeRating(tally, own.get(itemId), value);
		own.set(itemId, value);
	}

	of(participantId: number): Record<string, number> {
		return Object.fromEntries(this.#own.get(participantId) ?? []);
	}

	raters(): Record<ModelId, number> {
		return { ...this.#raters };
	}

	results(itemIds: string[]): ItemResult[] {
		return itemIds.map((itemId) => summarise(itemId, this.#tallies.get(itemId) ?? emptyTally()));
	}
}
