import * as v from 'valibot';
import { PROGRAMME_IDS, programmes } from '../../src/lib/template/programmes';
import { MAX_TEMPLATE_NAME } from '../../src/lib/template/saved';
import { apiError } from './http';

const id = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,32}$/));

/**
 * `POST /api/sessions`: a built-in programme (the front page's choice; a follow-up is made from a
 * session, `POST /api/sessions/ID/follow-up`), or a saved template, or neither (the introduction).
 */
export const StartSessionSchema = v.pipe(
	v.strictObject({
		templateId: v.optional(id),
		programme: v.optional(
			v.pipe(
				v.picklist(PROGRAMME_IDS, `programme is one of ${PROGRAMME_IDS.join(', ')}`),
				v.check((programme) => !programmes[programme].fromSession, 'A follow-up is made from a session: POST /api/sessions/ID/follow-up.')
			)
		)
	}),
	v.check((body) => body.templateId === undefined || body.programme === undefined, 'Start from a programme or from a saved template, not both.')
);

/** `POST /api/templates`: which session to save (its key in the Authorization header), and the name. */
export const SaveTemplateSchema = v.strictObject({
	sessionId: id,
	name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(MAX_TEMPLATE_NAME))
});

export const TemplateIdSchema = id;

/**
 * The request's JSON body checked against `schema`, or the 400 that refuses it. An empty body
 * reads as `{}`, so clients that send none keep working.
 */
export async function readBody<S extends v.GenericSchema>(request: Request, schema: S): Promise<v.InferOutput<S> | Response> {
	let raw: unknown = {};
	const text = await request.text();
	if (text.trim() !== '') {
		try {
			raw = JSON.parse(text);
		} catch {
			return apiError(400, 'invalid_payload', 'The body is not JSON.');
		}
	}
	const parsed = v.safeParse(schema, raw);
	if (parsed.success) return parsed.output;
	const message = parsed.issues.map((issue) => `${issue.path?.map((p) => p.key).join('.') || 'body'}: ${issue.message}`).join('; ');
	return apiError(400, 'invalid_payload', message);
}

/** The key of `Authorization: Bearer KEY`, or null. */
export function bearerKey(request: Request): string | null {
	return /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1] ?? null;
}
