/**
 * From the introduction to one of its three tools (issue 16, point 5): the session the console
 * started next for the same people, linked from this one so the screen shows its code and every
 * phone offers to continue there. One link at a time; the tool the room chose again is the same
 * session, another tool replaces the link.
 */
import type { TOOL_PROGRAMMES } from '../template/programmes';

export type ToolProgramme = (typeof TOOL_PROGRAMMES)[keyof typeof TOOL_PROGRAMMES];

/**
 * The three tools, in the seeds' order: what `programme:next` accepts. Written out, not read
 * from the registry, so the phone's protocol code does not carry every programme's template.
 */
export const TOOL_PROGRAMME_IDS = ['leader-agreement', 'leader-group', 'wellbeing-plan'] as const satisfies readonly ToolProgramme[];

/** Fails to compile when a tool of the registry is missing above. */
type Missing = Exclude<ToolProgramme, (typeof TOOL_PROGRAMME_IDS)[number]>;
export const toolListComplete: Missing extends never ? true : Missing = true;

export interface NextLink {
	programme: ToolProgramme;
	sessionId: string;
	/** The new session's join code: the screen shows it, the phones join with it. */
	code: string;
	/** The new session's title, in its language: what the screen and the phones call it. */
	title: string;
}

/** The tool `programme`'s link when it is already this session's next: a resent request makes no second session. */
export function knownNext(next: NextLink | null, programme: ToolProgramme): NextLink | null {
	return next?.programme === programme ? next : null;
}
