import type { PageLoad } from './$types';

/** Like the console: the key stays in this browser, never in server rendering. */
export const ssr = false;

export const load: PageLoad = ({ params, data }) => ({ ...data, id: params.id });
