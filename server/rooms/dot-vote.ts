import { Publication } from '../../src/lib/session/publication';
import { ranking, tally, type Allocation, type Candidate } from '../../src/lib/session/priorities';
import type { PublishedBatch, StoredDots } from '../store/types';

const sameAllocation = (a: Allocation, b: Allocation) => {
	const keys = Object.keys(a).filter((id) => a[id] > 0);
	return keys.length === Object.keys(b).filter((id) => b[id] > 0).length && keys.every((id) => a[id] === b[id]);
};

/**
 * Every phone's latest allocation of dots, and the ranking they make. Like the ratings, the
 * ranking and the count of voters are published in batches of at least three phones' changes,
 * so nobody can tell one phone's dots from two rankings — nor see a ranking of fewer than three.
 */
export class DotVote {
	readonly #allocations = new Map<number, Allocation>();
	readonly #publication = new Publication<Allocation>(sameAllocation);

	constructor(stored: StoredDots[]) {
		for (const { participantId, allocation, published } of stored) {
			this.#allocations.set(participantId, allocation);
			this.#publication.load(participantId, allocation, published);
		}
	}

	set(participantId: number, allocation: Allocation): void {
		this.#allocations.set(participantId, allocation);
		this.#publication.set(participantId, allocation);
	}

	clear(): void {
		this.#allocations.clear();
		this.#publication.clear();
	}

	of(participantId: number): Allocation {
		return { ...(this.#allocations.get(participantId) ?? {}) };
	}

	/** The vote closes (Publication.seal): every allocation waiting now is published whole with the next batch. */
	seal(): void {
		this.#publication.seal();
	}

	/** Publishes the allocations that wait, once at least three phones' have changed (or the vote closed). */
	publishDue(): PublishedBatch['dots'] {
		if (!this.#publication.due) return [];
		return this.#publication.publish().map(({ contributor, value }) => ({ participantId: contributor, allocation: value }));
	}

	/** Phones whose published allocation puts at least one dot on a point still standing. */
	voters(candidates: Candidate[]): number {
		const ids = new Set(candidates.map((candidate) => candidate.id));
		let voters = 0;
		for (const allocation of this.#publication.published()) {
			if (Object.entries(allocation).some(([id, dots]) => dots > 0 && ids.has(id))) voters += 1;
		}
		return voters;
	}

	/** Phones that have spent dots at all, published or not: only whether a vote is under way. */
	get spent(): number {
		return this.#allocations.size;
	}

	ranking(candidates: Candidate[]): Array<Candidate & { dots: number }> {
		return ranking(candidates, tally(this.#publication.published()));
	}
}
