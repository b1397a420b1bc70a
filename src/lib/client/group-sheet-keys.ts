/**
 * Names and limits of the shared documents, free of Yjs: pages import these without
 * downloading Yjs, which loads only when a sheet is opened.
 */

/** The Y.Text of one question of one step in a group's sheet. Shared by phones, console and exports. */
export const fieldKey = (stepId: string, question: number) => `${stepId}.${question}`;

/** Longest answer per question, in characters (the server caps whole documents too). */
export const MAX_ANSWER_LENGTH = 2000;

/** The draft agreement's document, beside the groups' sheets: `SESSION_ID/agreement`. */
export const AGREEMENT_DOC = 'agreement';

/** The facilitator's own notes, one Y.Text per step id: `SESSION_ID/notes`. Only a facilitator key opens it. */
export const NOTES_DOC = 'notes';
