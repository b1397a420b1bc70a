/**
 * The refusals every Store gives in the same way (server/store/types.ts), so callers can tell
 * them from a broken database with `instanceof`, whichever store is behind the contract.
 * A refused write has changed nothing.
 */

/** The session is not at the version the writer loaded: someone else saved first, or it is gone. */
export class StaleStateError extends Error {
	override readonly name = 'StaleStateError';
	constructor(
		readonly sessionId: string,
		readonly expectedVersion: number
	) {
		super(`Session ${sessionId} is no longer at version ${expectedVersion}; nothing was saved.`);
	}
}

/**
 * Another session has this join code: decided by the database, so two creates cannot both win.
 * It carries no code (codes are never logged).
 */
export class CodeTakenError extends Error {
	override readonly name = 'CodeTakenError';
	constructor() {
		super('That join code belongs to another session; nothing was created.');
	}
}

/** A group move names someone who is not a participant of the session. */
export class UnknownParticipantError extends Error {
	override readonly name = 'UnknownParticipantError';
	constructor(
		readonly sessionId: string,
		readonly participantId: number
	) {
		super(`Session ${sessionId} has no participant ${participantId}; nobody was moved.`);
	}
}

/**
 * This process does not hold the session's lease at the epoch it claimed (another process took
 * it, or it was released): the write was refused and changed nothing (server/store/types.ts, Leases).
 */
export class LeaseLostError extends Error {
	override readonly name = 'LeaseLostError';
	constructor(readonly sessionId: string) {
		super(`This process no longer holds session ${sessionId}; nothing was saved.`);
	}
}
