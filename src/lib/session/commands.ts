/**
 * What clients may send, as lists at run time with their types derived from them: the
 * facilitator's commands (applied by `reduce`) and the other client events. The server
 * listens to exactly CLIENT_EVENTS; src/lib/protocol.ts has a schema for each.
 */
import type { ItemKind, Locale, ModelId } from '../template/types';
import type { GroupMode } from './groups';
import type { MaterialId } from './material';
import type { CandidateSource } from './priorities';
import type { Display } from './state';

export type MoveDirection = 'up' | 'down';

/** What a facilitator can ask of a session. Clients send these as intents; the server decides. */
export type Command =
	/**
	 * `from`: the id of the step the facilitator saw when pressing. When the session has moved on
	 * since (a double click, a co-facilitator, a resent request) the command does nothing.
	 */
	| { type: 'step:next'; from?: string }
	| { type: 'step:previous'; from?: string }
	| { type: 'step:goto'; index: number; from?: string }
	| { type: 'timer:pause' }
	| { type: 'timer:resume' }
	| { type: 'timer:add'; minutes: number }
	| { type: 'vote:lock'; stepId: string; locked: boolean }
	| { type: 'vote:reveal'; stepId: string; revealed: boolean }
	| { type: 'item:add'; model: ModelId; kind: ItemKind; label: string }
	| { type: 'groups:setup'; count: number; mode: GroupMode }
	| { type: 'group:rename'; groupId: string; name: string }
	| { type: 'screen:show'; display: Display }
	| { type: 'candidate:add'; text: string; source: CandidateSource }
	| { type: 'candidate:remove'; candidateId: string }
	| { type: 'dots:open'; dots: number }
	| { type: 'dots:close' }
	| { type: 'title:set'; title: string }
	| { type: 'language:set'; locale: Locale }
	| { type: 'step:skip'; stepId: string; skipped: boolean }
	| { type: 'step:move'; stepId: string; direction: MoveDirection }
	| { type: 'duration:set'; stepId: string; minutes: number }
	/** The slides' material by its catalogue id (./material.ts): a mark step, or the protective factors for Ledervægten. */
	| { type: 'material:add'; material: MaterialId }
	/** "Afslut workshop": phones stop taking input and thank everyone; the summary and exports stay. */
	| { type: 'session:end'; ended: boolean };

export type CommandType = Command['type'];

/** A command's payload: the command without its `type`. */
export type CommandPayload<K extends CommandType> = Omit<Extract<Command, { type: K }>, 'type'>;

/** Every command, in the order the protocol lists them; the check below keeps it complete. */
export const COMMAND_TYPES = [
	'step:next',
	'step:previous',
	'step:goto',
	'timer:pause',
	'timer:resume',
	'timer:add',
	'vote:lock',
	'vote:reveal',
	'item:add',
	'groups:setup',
	'group:rename',
	'candidate:add',
	'candidate:remove',
	'dots:open',
	'dots:close',
	'title:set',
	'language:set',
	'step:skip',
	'step:move',
	'duration:set',
	'material:add',
	'session:end',
	'screen:show'
] as const satisfies readonly CommandType[];

/** Fails to compile when a command is missing from COMMAND_TYPES. */
type Missing = Exclude<CommandType, (typeof COMMAND_TYPES)[number]>;
export const commandListComplete: Missing extends never ? true : Missing = true;

/** The client events that are not facilitator commands. */
export const OTHER_EVENTS = ['rating:set', 'participant:move', 'group:choose', 'dots:set', 'agreement:redraft', 'collab:ticket', 'followup:create', 'programme:next'] as const;

/** Every event a client may send; anything else is answered as unknown. */
export const CLIENT_EVENTS = [...COMMAND_TYPES, ...OTHER_EVENTS] as const;
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

export const isCommandType = (event: string): event is CommandType => (COMMAND_TYPES as readonly string[]).includes(event);
