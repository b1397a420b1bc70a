/**
 * The names of the shared (Yjs) documents, free of Yjs: the server, the pages and the exports
 * import these; Yjs itself loads only when a sheet is opened. Each document is
 * `SESSION_ID/NAME`, NAME a group's id or one of the names below.
 */

/** The Y.Text of one question of one step in a group's sheet. Shared by phones, console and exports. */
export const fieldKey = (stepId: string, question: number) => `${stepId}.${question}`;

/** The draft agreement's document, beside the groups' sheets: `SESSION_ID/agreement`. */
export const AGREEMENT_DOC = 'agreement';

/** The facilitator's own notes, one Y.Text per step id: `SESSION_ID/notes`. Only a facilitator key opens it. */
export const NOTES_DOC = 'notes';

/**
 * One participant's own lederaftale: `SESSION_ID/personal.PARTICIPANT_ID`. Only that
 * participant's token opens it: not its group, not the screen, not the facilitator.
 */
export const PERSONAL_PREFIX = 'personal.';
export const personalDoc = (participantId: number) => `${PERSONAL_PREFIX}${participantId}`;

/** A session's document by name. */
export const documentName = (sessionId: string, name: string) => `${sessionId}/${name}`;
