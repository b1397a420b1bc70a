import type { ErrorCode } from '$lib/session/errors';
import type { SavedTemplate } from '$lib/template/saved';

/**
 * Saved templates over HTTP (`/api/templates`). A template may be deleted with the key of the
 * session it was saved from, so this browser remembers which session saved which template;
 * the key itself stays where facilitator-keys.ts keeps it.
 */
const savedFromKey = (templateId: string) => `vaegten:template:${templateId}`;

async function errorOf(response: Response): Promise<ErrorCode> {
	const body = (await response.json().catch(() => null)) as { error?: { code?: ErrorCode } } | null;
	return body?.error?.code ?? 'internal';
}

export async function saveTemplate(sessionId: string, key: string, name: string): Promise<SavedTemplate | ErrorCode> {
	try {
		const response = await fetch('/api/templates', {
			method: 'POST',
			headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
			body: JSON.stringify({ sessionId, name })
		});
		if (response.status !== 201) return errorOf(response);
		const saved = (await response.json()) as SavedTemplate;
		localStorage.setItem(savedFromKey(saved.id), sessionId);
		return saved;
	} catch {
		return 'internal';
	}
}

/** The session this browser saved the template from, if it did. */
export function savedFrom(templateId: string): string | null {
	return localStorage.getItem(savedFromKey(templateId));
}

export async function deleteTemplate(templateId: string, key: string): Promise<boolean> {
	const response = await fetch(`/api/templates/${encodeURIComponent(templateId)}`, {
		method: 'DELETE',
		headers: { authorization: `Bearer ${key}` }
	}).catch(() => null);
	if (response?.status === 204 || response?.status === 404) localStorage.removeItem(savedFromKey(templateId));
	return response?.status === 204;
}
