import { error } from '@sveltejs/kit';

/**
 * The console's and the summary's pages answer 404 for a session that does not exist (a
 * deleted workshop's link, say), before any key is looked at: the page says the workshop is
 * gone, never that the key is wrong. Whether an id exists is no secret: the screen's page says
 * as much to anyone.
 */
export async function requireSession(locals: App.Locals, id: string): Promise<void> {
	if (!(await locals.app.rooms.exists(id))) error(404, { message: 'No such session', code: 'not_found' });
}
