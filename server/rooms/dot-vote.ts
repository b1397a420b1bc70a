import { ranking, tally, type Allocation, type Candidate } from '../../src/lib/session/priorities';

/** Every phone's latest allocation of dots, and the ranking they make. */
export class DotVote {
	readonly #allocations = new Map<number, Allocation>();

	constructor(stored: Array<{ participantId: number; allocation: Allocation }>) {
		for (const { participantId, allocation } of stored) this.#allocations.set(participantId, allocation);
	}

	set(participantId: number, allocation: Allocation): void {
		this.#allocations.set(participantId, allocation);
	}

	clear(): void {
		this.#allocations.clear();
	}

	of(participantId: number): Allocation {
		return { ...(this.#allocations.get(participantId) ?? {}) };
	}

	/** Phones that have put at least one dot on a point still standing. */
	voters(candidates: Candidate[]): number {
		const ids = new Set(candidates.map((candidate) => candidate.id));
		let voters = 0;
		for (const allocation of this.#allocations.values()) {
			if (Object.entries(allocation).some(([id, dots]) => dots > 0 && ids.has(id))) voters += 1;
		}
		return voters;
	}

	ranking(candidates: Candidate[]): Array<Candidate & { dots: number }> {
		return ranking(candidates, tally(this.#allocations.values()));
	}
}
