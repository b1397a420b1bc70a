import type { PageServerLoad } from './$types';

/** The saved templates a facilitator can start from (no one's data: titles, steps and items only). */
export const load: PageServerLoad = async ({ locals }) => ({ templates: await locals.app.store.templates() });
