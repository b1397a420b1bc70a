import { PROGRAMME_IDS, programmes } from '$lib/template/programmes';
import type { PageServerLoad } from './$types';

/**
 * The saved templates a facilitator can start from (no one's data: titles, steps and items
 * only), and the programmes' cards: only what a card shows, so the page a phone also opens
 * never downloads the templates themselves.
 */
export const load: PageServerLoad = async ({ locals }) => ({
	templates: await locals.app.store.templates(),
	programmes: PROGRAMME_IDS.map((id) => {
		const { template, tool, about, fromSession } = programmes[id];
		return { id, title: template.title, about, tool: tool ?? null, fromSession: fromSession === true };
	})
});
