import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { contextOf } from '$lib/server/context';

/** Hands the process's services (store, rooms, config) to every route. */
const services: Handle = ({ event, resolve }) => {
	const app = contextOf(event.platform?.req);
	event.locals.app = app;
	event.locals.address = event.platform?.req ? app.guard.addressOf(event.platform.req) : event.getClientAddress();
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

export const handle = sequence(services, i18n);
