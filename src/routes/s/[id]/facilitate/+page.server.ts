import { requireSession } from '$server/kit/session-exists';
import type { PageServerLoad } from './$types';

/** Only whether the session exists: its data needs the key, which stays in the browser. */
export const load: PageServerLoad = async ({ params, locals }) => {
	await requireSession(locals, params.id);
	return {};
};
