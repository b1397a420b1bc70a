import { distribute, smallestGroup } from '../../src/lib/session/groups';
import type { GroupsState } from '../../src/lib/session/state';
import type { Member, Membership } from '../store/types';

/** Who has joined a room and which group each is in, kept in memory beside the store. */
export class Members {
	readonly #byId = new Map<number, Member>();

	constructor(members: Member[]) {
		for (const member of members) this.#byId.set(member.id, { ...member });
	}

	get count(): number {
		return this.#byId.size;
	}

	get(id: number): Member | undefined {
		return this.#byId.get(id);
	}

	add(member: Member): void {
		this.#byId.set(member.id, { ...member });
	}

	apply(moves: Membership[]): void {
		for (const move of moves) {
			const member = this.#byId.get(move.participantId);
			if (member) member.groupId = move.groupId;
		}
	}

	/** Places given to newcomers whose join is still being committed, by group. */
	readonly #reserved = new Map<string, number>();

	reserve(groupId: string | null): void {
		if (groupId) this.#reserved.set(groupId, (this.#reserved.get(groupId) ?? 0) + 1);
	}

	unreserve(groupId: string | null): void {
		if (!groupId) return;
		const left = (this.#reserved.get(groupId) ?? 1) - 1;
		if (left > 0) this.#reserved.set(groupId, left);
		else this.#reserved.delete(groupId);
	}

	/** Where a newcomer goes: the smallest group (reserved places counted) when the server places people, else nowhere yet. */
	placeNewcomer(groups: GroupsState): string | null {
		if (groups.mode !== 'auto' || groups.list.length === 0) return null;
		const sizes = new Map(this.#reserved);
		for (const member of this.#byId.values()) {
			if (member.groupId) sizes.set(member.groupId, (sizes.get(member.groupId) ?? 0) + 1);
		}
		return smallestGroup(groups.list.map((group) => group.id), sizes) ?? null;
	}

	/** Everyone's place in a new grouping: dealt out evenly in joining order, or left to choose. */
	regroup(groups: GroupsState): Membership[] {
		const everyone = [...this.#byId.keys()].sort((a, b) => a - b);
		if (groups.mode !== 'auto') return everyone.map((participantId) => ({ participantId, groupId: null }));
		const placed = distribute(everyone, groups.list.map((group) => group.id));
		return everyone.map((participantId) => ({ participantId, groupId: placed.get(participantId) ?? null }));
	}

	list(): Member[] {
		return [...this.#byId.values()].map((member) => ({ ...member }));
	}
}
