/**
 * Names and limits of the shared documents, free of Yjs: pages import these without
 * downloading Yjs, which loads only when a sheet is opened. Defined once in src/lib/documents.ts
 * and src/lib/limits.ts.
 */
export { AGREEMENT_DOC, fieldKey, NOTES_DOC } from '../documents';
export { MAX_ANSWER_LENGTH } from '../limits';
