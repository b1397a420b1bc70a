import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import { defineCustomServerStrategy } from '$lib/paraglide/runtime';
import { deviceLocaleFrom } from '$lib/locale';
import { contextOf } from '$server/kit/context';
import type { Locale } from '$lib/template/types';

/** The session's language for the requests that render a session's screen (see $lib/locale.ts). */
const sessionLocales = new WeakMap<Request, Locale>();
const screenPage = /^\/s\/([A-Za-z0-9_-]{8,32})\/screen\/?$/;

defineCustomServerStrategy('custom-device', { getLocale: (request) => deviceLocaleFrom(request?.headers.get('cookie')) });
defineCustomServerStrategy('custom-session', { getLocale: (request) => (request ? sessionLocales.get(request) : undefined) });

/**
 * Hands the process's services (store, rooms, config) to every route. The projector's page is
 * rendered in the session's language. Phones' pages are not: whether a join code's session
 * exists must cost a refusal to learn (server/guard.ts), so a phone hears it from the socket.
 */
const services: Handle = async ({ event, resolve }) => {
	const app = contextOf(event.platform?.req);
	event.locals.app = app;
	event.locals.address = event.platform?.req ? app.guard.addressOf(event.platform.req) : event.getClientAddress();
	const screen = event.request.method === 'GET' ? screenPage.exec(event.url.pathname) : null;
	const state = screen ? await app.rooms.stateOf(screen[1]) : undefined;
	if (state) sessionLocales.set(event.request, state.locale);
	return resolve(event);
};

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) });
	});

/**
 * Every API answer is JSON, refusals included: a 404 of an unknown route, a 405 of a method a
 * route does not have, a 413 of a body over the limit come from SvelteKit as text or a page.
 */
const apiErrors: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	if (!event.url.pathname.startsWith('/api/') || response.status < 400) return response;
	const text = await response.clone().text();
	if (response.headers.get('content-type')?.includes('application/json') && /"error":\s*\{\s*"code"/.test(text)) return response;
	const code = response.status === 404 ? 'not_found' : response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'internal' : 'invalid_payload';
	const said = /"message":\s*"([^"]*)"/.exec(text)?.[1] ?? text;
	const message = response.status === 405 ? `Use ${response.headers.get('allow') ?? 'another method'}.` : said.slice(0, 200) || `HTTP ${response.status}`;
	const headers = new Headers({ 'content-type': 'application/json' });
	const allow = response.headers.get('allow');
	if (allow) headers.set('allow', allow);
	return new Response(JSON.stringify({ error: { code, message } }), { status: response.status, headers });
};

export const handle = sequence(apiErrors, services, i18n);
