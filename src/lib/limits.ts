/**
 * Every limit of the contract, in one place: the valibot schemas (src/lib/protocol.ts), the
 * session's rules (src/lib/session/), the UI's `maxlength`s and the tests import these.
 */

/** Upper bound on any socket.io message, in bytes (server `maxHttpBufferSize`). */
export const MAX_MESSAGE_BYTES = 16 * 1024;

/** A workshop's title, in characters (trimmed). */
export const MAX_TITLE = 80;
/** A participant's nickname, in characters (trimmed). */
export const MAX_NICKNAME = 40;

/** A step's planned duration, in whole minutes. */
export const MIN_DURATION = 1;
export const MAX_DURATION = 120;
/** "+ minutter": at most this many minutes at a time. */
export const MAX_ADDED_MINUTES = 30;
/** The highest step index a client may name (an agenda is far shorter). */
export const MAX_STEP_INDEX = 200;

/** Items the facilitator may add to a session, and the length of each one's label. */
export const MAX_ADDED_ITEMS = 20;
export const MAX_ITEM_LABEL = 80;

/** Groups per room, and the length of a group's name. */
export const MAX_GROUPS = 100;
export const MAX_GROUP_NAME = 40;

/** The dot vote: points on the list, the length of each, and the dots a phone may get. */
export const MAX_CANDIDATES = 30;
export const MAX_CANDIDATE_TEXT = 200;
export const MAX_DOTS = 10;

/** Longest answer per question of a group's sheet, in characters (the server caps whole documents too). */
export const MAX_ANSWER_LENGTH = 2000;
