import { MIN_GROUP_SIZE } from './aggregate';

/**
 * How results reach anyone but the person who gave them: in batches. A channel (one Vægten
 * item, or the dot vote) publishes only once at least MIN_GROUP_SIZE contributors' values
 * differ from what was last published for them — a new rating, or a changed one. Between two
 * aggregates anybody receives, then, at least three people's contributions have changed (or
 * none), so subtracting one from the other never isolates one person's value.
 *
 * A contributor whose value goes back to what was published is no longer pending: only the
 * net change counts, or a rating flicked away and back would make up a "batch" of one.
 *
 * When the facilitator closes a round (locks or reveals the ratings, closes the vote, moves on),
 * `seal()` marks what waits at that moment, and the next `publish` publishes it too, so the final
 * result is everyone's: the one step in which fewer than three may change, at a moment the
 * facilitator chooses (SECURITY.md). A contribution that arrives after the close (a rating of the
 * next step, before the broadcast has gone out) is not part of that round: it waits for its batch.
 */
export class Publication<V> {
	readonly #published = new Map<number, V>();
	readonly #current = new Map<number, V>();
	readonly #pending = new Set<number>();
	/** Contributors waiting when the round was closed: published whole at the next publish. */
	readonly #sealed = new Set<number>();
	readonly #same: (a: V, b: V) => boolean;

	constructor(same: (a: V, b: V) => boolean = Object.is) {
		this.#same = same;
	}

	/** A contributor's value as last committed, and (after a restart) as last published. */
	load(contributor: number, current: V, published: V | undefined): void {
		if (published !== undefined) this.#published.set(contributor, published);
		this.set(contributor, current);
	}

	set(contributor: number, value: V): void {
		this.#current.set(contributor, value);
		const published = this.#published.get(contributor);
		if (published !== undefined && this.#same(published, value)) this.#pending.delete(contributor);
		else this.#pending.add(contributor);
	}

	/** A contributor's value as last committed (published or not); undefined if they gave none. */
	current(contributor: number): V | undefined {
		return this.#current.get(contributor);
	}

	/** How many contributors' values wait for a batch. */
	get pending(): number {
		return this.#pending.size;
	}

	get due(): boolean {
		return this.#pending.size >= MIN_GROUP_SIZE || [...this.#sealed].some((contributor) => this.#pending.has(contributor));
	}

	/** The round closes: what waits now goes out whole with the next publish. */
	seal(): void {
		for (const contributor of this.#pending) this.#sealed.add(contributor);
	}

	/**
	 * Publishes what the closed round left (sealed) and pending values in whole batches of
	 * MIN_GROUP_SIZE, the longest waiting first: what is held back is always the count of
	 * changes since the last close modulo three, whatever the timing, so the result does not
	 * depend on when broadcasts happened to go out. Returns each published value with what was
	 * published for that contributor before (undefined the first time), so running aggregates
	 * can follow.
	 */
	publish(): Array<{ contributor: number; value: V; previous: V | undefined }> {
		const waiting = [...this.#pending];
		const sealed = waiting.filter((contributor) => this.#sealed.has(contributor));
		const rest = waiting.filter((contributor) => !this.#sealed.has(contributor));
		this.#sealed.clear();
		const chosen = [...sealed, ...rest.slice(0, rest.length - (rest.length % MIN_GROUP_SIZE))];
		const batch = chosen.map((contributor) => ({
			contributor,
			value: this.#current.get(contributor) as V,
			previous: this.#published.get(contributor)
		}));
		for (const { contributor, value } of batch) {
			this.#published.set(contributor, value);
			this.#pending.delete(contributor);
		}
		return batch;
	}

	/** Every published value, one per contributor. */
	published(): IterableIterator<V> {
		return this.#published.values();
	}

	/** Forgets everything (the dot vote starts afresh). */
	clear(): void {
		this.#sealed.clear();
		this.#published.clear();
		this.#current.clear();
		this.#pending.clear();
	}
}
