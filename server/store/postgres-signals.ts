import pg from 'pg';
import type { ClusterSignal, Signals, Store } from './types';

/** The one channel every process listens on. */
export const SIGNAL_CHANNEL = 'vaegten_signals';

/** Where the store reports what it does about its own connections (a pino logger fits). */
export interface StoreLog {
	warn(fields: object, message: string): void;
	error(fields: object, message: string): void;
}

/**
 * What is logged of a connection's error: node-postgres hangs the client (its connection
 * settings) on some errors, which has no place in the log.
 */
export const connectionError = (error: unknown): { message: string; code?: string } => ({
	message: error instanceof Error ? error.message : String(error),
	code: (error as { code?: string } | undefined)?.code
});

const isSignal = (value: unknown): value is ClusterSignal =>
	typeof value === 'object' &&
	value !== null &&
	typeof (value as { sessionId?: unknown }).sessionId === 'string' &&
	((value as { type?: unknown }).type === 'deleted' ||
		((value as { type?: unknown }).type === 'handover' && typeof (value as { to?: unknown }).to === 'string'));

export interface PgSignals extends Signals {
	/** Resolves once the listener's connection is LISTENing (again, after a drop). */
	listening(): Promise<void>;
	close(): Promise<void>;
}

/**
 * Signals by NOTIFY on one channel, heard on a connection of its own (a pooled one could be
 * handed to a query mid-notification, and LISTEN is per connection). JSON payloads; this
 * process hears its own. If that connection drops it is logged and opened again, with a
 * growing pause; what was sent meanwhile is missed (signals are at most once).
 */
export function postgresSignals(pool: pg.Pool, connectionString: string, log: StoreLog): PgSignals {
	const listeners = new Set<(signal: ClusterSignal) => void>();
	let closed = false;
	let client: pg.Client | undefined;
	let retryMs = 100;
	let timer: NodeJS.Timeout | undefined;
	let live = false;
	let waiters: Array<() => void> = [];

	const deliver = (message: pg.Notification) => {
		if (message.channel !== SIGNAL_CHANNEL || !message.payload) return;
		let signal: unknown;
		try {
			signal = JSON.parse(message.payload);
		} catch {
			return;
		}
		if (!isSignal(signal)) return;
		for (const listener of listeners) {
			// One listener failing keeps neither the others nor the connection from hearing.
			try {
				listener(signal);
			} catch (error) {
				log.error({ err: error }, 'a signal listener failed');
			}
		}
	};

	const connect = (): void => {
		const next = new pg.Client({ connectionString });
		client = next;
		let dropped = false;
		const drop = (error?: Error) => {
			if (dropped || closed) return;
			dropped = true;
			live = false;
			log.warn({ error: error && connectionError(error) }, 'the signal listener lost its database connection; reconnecting');
			next.end().catch(() => undefined);
			timer = setTimeout(connect, retryMs);
			retryMs = Math.min(retryMs * 2, 5_000);
		};
		next.on('notification', deliver);
		next.on('error', drop);
		next.on('end', () => drop());
		next
			.connect()
			.then(() => next.query(`LISTEN ${SIGNAL_CHANNEL}`))
			.then(() => {
				if (dropped) return;
				retryMs = 100;
				live = true;
				for (const waiter of waiters.splice(0)) waiter();
			})
			.catch((error: Error) => drop(error));
	};
	connect();

	return {
		async publish(signal) {
			await pool.query('SELECT pg_notify($1, $2)', [SIGNAL_CHANNEL, JSON.stringify(signal)]);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		listening: () => (live ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
		async close() {
			closed = true;
			clearTimeout(timer);
			await client?.end().catch(() => undefined);
		}
	};
}

/**
 * Work under a lock name runs in one process of all sharing the database: a session-level
 * advisory lock on a client of its own, held while `work` runs. If that connection broke
 * meanwhile the lock is gone with it (the work is not stopped).
 */
export function postgresExclusively(pool: pg.Pool): Store['exclusively'] {
	return async (lock, work) => {
		const client = await pool.connect();
		let broken: Error | undefined;
		try {
			const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock(hashtext('vaegten.exclusively'), hashtext($1)) AS locked", [lock]);
			if (!rows[0].locked) return { ran: false };
			try {
				return { ran: true, value: await work() };
			} finally {
				await client.query("SELECT pg_advisory_unlock(hashtext('vaegten.exclusively'), hashtext($1))", [lock]).catch((error: Error) => (broken = error));
			}
		} finally {
			client.release(broken);
		}
	};
}
