/**
 * Hostile HTTP requests, fuzzed: every route in src/routes, any method, path, query, headers and body.
 * The machinery, and what every property holds, is in tests/helpers/hostile/ (see room.ts).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileValue, latin1 } from '../helpers/hostile/arbitraries';
import { expectJsonError, send, type HttpCall } from '../helpers/hostile/calls';
import { useHostileRoom } from '../helpers/hostile/room';
import { routes, type Route } from '../helpers/hostile/routes';
import type { CreatedSession } from '../helpers/server';

// A failing property may shrink for 15 s on top of its runs.
describe('hostile input: HTTP', { timeout: 40_000 * Number(process.env.FUZZ_SCALE ?? 1) }, () => {
	const fuzz = useHostileRoom();
	const { budget, serverLog, changesNothing, expectUnchanged, itServesANormalFlowAfterwards } = fuzz;
	let port: number;
	let session: CreatedSession;
	beforeAll(() => void ({ port, session } = fuzz.room));

	describe('HTTP', () => {
		const apiRoutes = routes.filter((route) => route.path.startsWith('/api/'));
		const allMethods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'PROPFIND', 'FOO'];
		const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain'];

		const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 60 });
		const segment = () =>
			fc.oneof(
				fc.constant(session.id),
				fc.constant(session.code),
				fc.constant(session.code.toLowerCase()),
				fc.constantFrom('..', '..%2F..%2Fetc%2Fpasswd', '%2e%2e%2f%2e%2e%2fetc', '....//....//', '%00', '%', '%ZZ', '%C0%AF', '%E0%A4%A', '%F0%9F%98%80', '%FF%FE', 'CON', 'null', 'undefined', '__proto__', 'constructor', '%20', '+', ';', '*', "'%20OR%201=1--", '<script>', 'øæå', '0OIL1', 'ABCDEF', '%2F', '.'),
				fc.string({ maxLength: 40, unit: 'grapheme' }).map(encodeURIComponent),
				latin1,
				fc.integer({ min: 100, max: 6_000 }).map((n) => 'a'.repeat(n)),
				fc.constant(`${session.id}/../${session.id}`)
			);
		const query = fc.oneof(
			fc.constant(''),
			fc.tuple(fc.constantFrom('md', 'json', 'csv', 'docx', 'pdf', 'MD', 'exe', '', '%', '../x', 'md%00'), fc.constantFrom('da', 'en', 'xx', '', '%FF', '__proto__')).map(([format, lang]) => `?format=${format}&lang=${lang}`),
			fc.constantFrom('?', '?&&&', '?=', '?format[]=md', '?format=md&format=pdf', '?%', '?format=%E0%A4%A', `?${'a=1&'.repeat(1_000)}`, '?__proto__[x]=1', '?constructor=1'),
			fc.array(fc.tuple(printable, printable), { maxLength: 4 }).map((pairs) => `?${new URLSearchParams(pairs)}`)
		);
		const authorization = () =>
			fc.oneof(
				fc.constant(undefined),
				fc.constantFrom('', 'Bearer', 'Bearer ', 'bearer  x', 'Basic dXNlcjpwYXNz', 'Bearer a b', 'Bearer \u00ff', `Bearer ${'k'.repeat(7_000)}`, 'Token x', `Bearer ${session.facilitatorKey}x`, `Bearer ${session.facilitatorKey.slice(1)}`),
				printable.map((text) => `Bearer ${text}`),
				latin1
			);
		const smallBody = fc.oneof(
			fc.constant(undefined),
			fc.constantFrom('{', '{"a":', 'null', '[]', '""', '{}', '{"__proto__":{"admin":true}}', '{"templateId":"../x"}', `{"sessionId":"${'s'.repeat(500)}","name":7}`, '\u0000', 'a=1&b=2', '--x\r\nbad'),
			fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
			fc.dictionary(fc.constantFrom('templateId', 'sessionId', 'name', 'title', '__proto__'), hostileValue, { maxKeys: 3 }).map((value) => JSON.stringify(value) ?? 'null'),
			fc.uint8Array({ maxLength: 2_000 })
		);
		/** Around adapter-node's BODY_SIZE_LIMIT (512 KB). */
		const bigBody = fc.integer({ min: 256 * 1024, max: 1024 * 1024 }).map((n) => `{"name":"${'x'.repeat(n)}"}`);
		const headers = (withRealKey: boolean, withHostileHost: boolean) =>
			fc
				.record({
					authorization: withRealKey ? fc.oneof(authorization(), fc.constant(`Bearer ${session.facilitatorKey}`)) : authorization(),
					'content-type': fc.option(fc.constantFrom('application/json', 'application/json; charset=utf-16', 'application/octet-stream', 'text/html', '*/*', 'garbage', ''), { nil: undefined }),
					accept: fc.option(fc.constantFrom('application/json', 'text/html', '*/*', '', 'x/y;q=x'), { nil: undefined }),
					cookie: fc.option(fc.constantFrom('PARAGLIDE_LOCALE=%%%', 'PARAGLIDE_LOCALE=xx', 'PARAGLIDE_LOCALE=__proto__', 'a=%E0%A4%A', '=;=;'), { nil: undefined }),
					'accept-language': fc.option(fc.oneof(printable, fc.constant('x'.repeat(5_000))), { nil: undefined }),
					'x-forwarded-for': fc.option(fc.constantFrom('1.2.3.4', 'garbage', '::1, 127.0.0.1', ''), { nil: undefined }),
					host: withHostileHost ? fc.option(fc.constantFrom('evil.example', '', 'localhost:0', '[::1', 'a'.repeat(300)), { nil: undefined }) : fc.constant(undefined)
				})
				.map((record) => Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as Record<string, string>);

		/** The route's parameters filled in with one hostile segment. */
		const pathOf = (template: string) => fc.tuple(segment(), query).map(([value, q]) => template.replace(/:\w+/g, value) + q);
		const decodable = (pathname: string) => {
			try {
				return decodeURI(pathname) !== undefined;
			} catch {
				return false;
			}
		};
		/**
		 * Whether `path`, once `..`, `\\` and the like are resolved, still names the route `template`.
		 * Raw bytes above 0x7e never reach the app: Node's parser answers them with a bare 400.
		 */
		const staysOn = (template: string, path: string) => {
			const { pathname } = new URL(path, 'http://x');
			return /^[\x21-\x7e]*$/.test(path) && decodable(pathname) && new RegExp(`^${template.replace(/:\w+/g, '[^/]+')}$`).test(pathname);
		};

		interface RequestShape {
			routes: Route[];
			methods: (route: Route) => string[];
			bodies?: fc.Arbitrary<string | Uint8Array | undefined>;
			contentTypes?: string[];
			hostileHost?: boolean;
			/** Only paths that still name the route once resolved. */
			sameRoute?: boolean;
		}

		/** A request made of hostile parts; the real key only with methods that cannot delete or write. */
		const anyRequest = ({ routes: among, methods, bodies = smallBody, contentTypes, hostileHost = false, sameRoute = false }: RequestShape): fc.Arbitrary<HttpCall> =>
			fc
				.constantFrom(...among)
				.chain((route) => fc.tuple(fc.constantFrom(...methods(route)), sameRoute ? pathOf(route.path).filter((path) => staysOn(route.path, path)) : pathOf(route.path)))
				.chain(([method, path]) =>
					fc.record({
						method: fc.constant(method),
						path: fc.constant(path),
						headers: headers(method === 'GET' || method === 'HEAD', hostileHost).chain((h) =>
							contentTypes ? fc.constantFrom(...contentTypes).map((type) => ({ ...h, 'content-type': type })) : fc.constant(h)
						),
						body: method === 'GET' || method === 'HEAD' ? fc.constant(undefined) : bodies
					})
				);

		const isApi = (path: string) => new URL(path, 'http://x').pathname.startsWith('/api/');
		const ownMethods = (route: Route) => route.methods;
		const otherMethods = (route: Route) => allMethods.filter((method) => method !== 'HEAD' && !route.methods.includes(method));

		it('never answers 5xx nor changes the session, whatever the route, method, path, query, headers and body', async () => {
			const anything = fc.oneof(
				{ weight: 4, arbitrary: anyRequest({ routes, methods: () => allMethods, hostileHost: true }) },
				{ weight: 4, arbitrary: anyRequest({ routes, methods: ownMethods, hostileHost: true }) },
				{ weight: 1, arbitrary: anyRequest({ routes, methods: ownMethods, bodies: bigBody }) }
			);
			await fc.assert(
				fc.asyncProperty(anything, async (call) => {
					const what = `${call.method} ${call.path.slice(0, 200)}`;
					await changesNothing(what, async () => expect((await send(port, call)).status, `${what}\n${serverLog()}`).toBeLessThan(500));
				}),
				budget(150)
			);
		});

		const withParameter = apiRoutes.filter((route) => route.path.includes(':'));
		const refusalCases: Record<string, fc.Arbitrary<HttpCall>> = {
			'on its own routes and methods, whatever the ids, key, query, headers and body': anyRequest({
				routes: apiRoutes,
				methods: ownMethods,
				contentTypes: ['application/json', 'application/octet-stream', 'garbage'],
				sameRoute: true
			}),
			'on a body larger than the server reads': anyRequest({ routes: apiRoutes, methods: ownMethods, bodies: bigBody, contentTypes: ['application/json'], sameRoute: true }),
			'on a method the route does not have': anyRequest({ routes: apiRoutes, methods: otherMethods }),
			'on a form or text body sent without a same-site Origin': anyRequest({
				routes: apiRoutes.filter((route) => route.methods.includes('POST')),
				methods: () => ['POST'],
				contentTypes: formTypes
			}),
			'on a path with a malformed percent-escape': fc
				.tuple(fc.constantFrom(...withParameter), fc.constantFrom('%', '%ZZ', '%C0%AF', '%E0%A4%A', '%FF%FE', '%ED%A0%80', `${'%'.repeat(3)}x`))
				.map(([route, id]) => ({ method: route.methods[0], path: route.path.replace(/:\w+/g, id), headers: {} })),
			'on a path under /api/ that names no route': fc
				.tuple(fc.constantFrom('GET', 'POST', 'DELETE'), fc.constantFrom('/api/', '/api/nothing', '/api/sessions/:id/nothing', '/api/sessions/:id/export/x', '/api/session', '/api/templates/:id/x'))
				.chain(([method, template]) => pathOf(template).map((path) => ({ method, path, headers: {} })))
		};

		for (const [name, requests] of Object.entries(refusalCases)) {
			it(`API: refuses with 4xx and a JSON { error: { code, message } } ${name}`, async () => {
				await fc.assert(
					fc.asyncProperty(requests, async (call) => {
						const answer = await send(port, call);
						const what = `${call.method} ${call.path.slice(0, 200)}`;
						expect(answer.status, `${what}\n${serverLog()}`).toBeLessThan(500);
						if (answer.status >= 400 && call.method !== 'HEAD' && isApi(call.path)) expectJsonError(answer, what);
					}),
					budget(50)
				);
				await expectUnchanged('after the requests');
			});
		}
	});

	itServesANormalFlowAfterwards();
});
