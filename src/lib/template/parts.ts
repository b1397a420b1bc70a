import { followUpTool } from './follow-up-tool';
import { programmes, type ProgrammeId } from './programmes';
import type { Part } from './types';

/** The parts a session's agenda shows: its programme's; a follow-up's own, whatever it was made from. */
export function partsOf(content: { programme: ProgrammeId; followUp: unknown }): Part[] {
	return (content.followUp ? followUpTool : programmes[content.programme].template).parts;
}
