import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Anything that could be a secret is blanked should it ever be logged by mistake: the code
 * logs session ids and counts, never keys, tokens, codes, nicknames or text.
 */
const SECRETS = ['key', 'token', 'facilitatorKey', 'authorization', 'nickname'];

/**
 * The server's log: one JSON line per event (`level`, `time`, `msg`, and the event's fields),
 * on standard output, so a process manager or `docker logs` keeps it. Errors carry their
 * stack under `err`. Written through process.stdout, so it stays in order with other output.
 */
export function createLogger(level: LogLevel, destination: DestinationStream = process.stdout): Logger {
	return pino({ level, redact: { paths: [...SECRETS, ...SECRETS.map((name) => `*.${name}`)], censor: '[secret]' } }, destination);
}

/** Counts of refused connections by channel (`socket`, `collab`) and code, taken and reset by the log. */
export class RefusalTally {
	#counts: Record<string, Record<string, number>> = {};

	add(channel: string, code: string): void {
		const counts = (this.#counts[channel] ??= {});
		counts[code] = (counts[code] ?? 0) + 1;
	}

	/** The counts since the last take (null: none), and a fresh start. */
	take(): Record<string, Record<string, number>> | null {
		const counts = this.#counts;
		this.#counts = {};
		return Object.keys(counts).length ? counts : null;
	}
}

/** How often refused connections are logged, as one line of counts (not one line per refusal). */
export const REFUSALS_LOGGED_EVERY_MS = 60_000;

/** Logs the refusals counted since the last call, if any. */
export function logRefusals(log: Logger, tally: RefusalTally): void {
	const refused = tally.take();
	if (refused) log.info({ refused }, 'connections refused');
}
