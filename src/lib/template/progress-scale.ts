import type { Localized } from './types';

/** What each value of a follow-up's progress scale means, 0 to 4 (src/lib/template/follow-up-tool.ts). */
export const PROGRESS_SCALE: readonly Localized[] = [
	{ da: 'Ikke startet', en: 'Not started' },
	{ da: 'Lige begyndt', en: 'Just begun' },
	{ da: 'Godt på vej', en: 'Well under way' },
	{ da: 'Næsten i mål', en: 'Nearly there' },
	{ da: 'Lykkedes', en: 'Achieved' }
];

