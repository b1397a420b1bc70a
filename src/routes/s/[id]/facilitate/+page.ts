import type { PageLoad } from './$types';

/** The console lives on the facilitator's laptop: its key never reaches server rendering. */
export const ssr = false;

export const load: PageLoad = ({ params, data }) => ({ ...data, id: params.id });
