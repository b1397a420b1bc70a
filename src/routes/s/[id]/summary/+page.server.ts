import type { PageServerLoad } from './$types';

/** Only configuration: the session's data needs the key, which stays in the browser. */
export const load: PageServerLoad = ({ locals }) => ({ retentionDays: locals.app.config.retentionDays });
