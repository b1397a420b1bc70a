import { changeRating, emptyTally, summarise, type ItemResult, type Tally } from '../../src/lib/session/aggregate';
import { Publication } from '../../src/lib/session/publication';
import type { ModelId } from '../../src/lib/template/types';
import type { PublishedBatch, StoredRating } from '../store/types';

/**
 * Every participant's own ratings, and what has been published of them. Results leave the
 * room only in batches (Publication, per item): the tallies here are of published values, so
 * whatever reads them — the screen, the console, the API, an export — sees the same batches.
 * A published rating changes one tally and, the first time a person's rating of a model is
 * published, that model's count of raters: constant work, whatever the size of the room.
 */
export class Ratings {
	readonly #items = new Map<string, { publication: Publication<number>; tally: Tally }>();
	readonly #publishedModels = new Map<number, Set<ModelId>>();
	readonly #raters: Record<ModelId, number> = { general: 0, leader: 0, progress: 0, 'safe-team': 0, 'unsafe-team': 0, 'warning-signs': 0, tools: 0 };
	readonly #modelOf: (itemId: string) => ModelId | undefined;

	constructor(stored: StoredRating[], modelOf: (itemId: string) => ModelId | undefined) {
		this.#modelOf = modelOf;
		for (const rating of stored) {
			const item = this.#item(rating.itemId);
			item.publication.load(rating.participantId, rating.value, rating.published);
			if (rating.published !== undefined) this.#count(rating.participantId, rating.itemId, undefined, rating.published);
		}
	}

	#item(itemId: string) {
		let item = this.#items.get(itemId);
		if (!item) this.#items.set(itemId, (item = { publication: new Publication<number>(), tally: emptyTally() }));
		return item;
	}

	/** A published value enters its item's tally, and its rater the model's count. */
	#count(participantId: number, itemId: string, previous: number | undefined, value: number): void {
		changeRating(this.#item(itemId).tally, previous, value);
		const model = this.#modelOf(itemId);
		if (!model) return;
		let models = this.#publishedModels.get(participantId);
		if (!models) this.#publishedModels.set(participantId, (models = new Set()));
		if (!models.has(model)) {
			models.add(model);
			this.#raters[model] += 1;
		}
	}

	/** A committed rating: the participant's own (its item's publication holds it), and pending for its item's next batch. */
	record(participantId: number, itemId: string, value: number): void {
		this.#item(itemId).publication.set(participantId, value);
	}

	/** A round closes (Publication.seal): every rating waiting now is published whole with the next batch. */
	seal(): void {
		for (const { publication } of this.#items.values()) publication.seal();
	}

	/** Publishes every item whose batch is due (what a closed round left included); returns what was published, to be stored. */
	publishDue(): PublishedBatch['ratings'] {
		const published: PublishedBatch['ratings'] = [];
		for (const [itemId, { publication }] of this.#items) {
			if (!publication.due) continue;
			for (const { contributor, value, previous } of publication.publish()) {
				this.#count(contributor, itemId, previous, value);
				published.push({ participantId: contributor, itemId, value });
			}
		}
		return published;
	}

	/** Ratings of `itemIds` that wait for a batch (fewer than three per item, once due ones are out). */
	pending(itemIds: string[]): number {
		return itemIds.reduce((sum, itemId) => sum + (this.#items.get(itemId)?.publication.pending ?? 0), 0);
	}

	of(participantId: number): Record<string, number> {
		// A few dozen items at most: read from each item's publication rather than kept twice.
		const own: Record<string, number> = {};
		for (const [itemId, { publication }] of this.#items) {
			const value = publication.current(participantId);
			if (value !== undefined) own[itemId] = value;
		}
		return own;
	}

	/** People with at least one published rating, per model. */
	raters(): Record<ModelId, number> {
		return { ...this.#raters };
	}

	/** The published results; the spread (histogram) only of items whose spread is shown. */
	results(itemIds: string[], spreadShown: (itemId: string) => boolean): ItemResult[] {
		return itemIds.map((itemId) => {
			const result = summarise(itemId, this.#items.get(itemId)?.tally ?? emptyTally());
			return spreadShown(itemId) ? result : { ...result, histogram: null };
		});
	}
}
