import type { PageServerLoad } from './$types';

/** The retention the server actually runs with, so the page says what is true here. */
export const load: PageServerLoad = ({ locals }) => ({ retentionDays: locals.app.config.retentionDays, resultsRetentionDays: locals.app.config.resultsRetentionDays });
