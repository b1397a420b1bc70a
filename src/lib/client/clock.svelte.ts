/** A ticking clock for countdowns; stop it when the view goes away. */
export class Clock {
	now = $state(Date.now());
	#interval: ReturnType<typeof setInterval>;

	constructor(periodMs = 500) {
		this.#interval = setInterval(() => (this.now = Date.now()), periodMs);
	}

	stop(): void {
		clearInterval(this.#interval);
	}
}
