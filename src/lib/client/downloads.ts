import type { FollowUpCreated } from '$lib/protocol';

/**
 * Fetches an export with the facilitator key in the Authorization header (never in a URL)
 * and hands it to the browser as a download under the server's file name.
 */
export function downloadExport(sessionId: string, key: string, format: string): Promise<boolean> {
	return download(`/api/sessions/${sessionId}/export?format=${format}`, key, `vaegten.${format}`);
}

/** A phone's own lederaftale as PDF or .ics in the phone's language, with the participant's token in the Authorization header (never in a URL). */
export function downloadPersonal(sessionId: string, token: string, format: 'pdf' | 'ics', lang: string): Promise<boolean> {
	return download(`/api/sessions/${sessionId}/personal?format=${format}&lang=${lang}`, token, `lederaftale.${format}`);
}

async function download(path: string, secret: string, fallbackName: string): Promise<boolean> {
	const response = await fetch(path, { headers: { authorization: `Bearer ${secret}` } }).catch(() => null);
	if (!response?.ok) return false;
	const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
	const url = URL.createObjectURL(await response.blob());
	const link = Object.assign(document.createElement('a'), { href: url, download: name });
	document.body.append(link);
	link.click();
	link.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
	return true;
}

export async function prepareAgreement(sessionId: string, key: string): Promise<boolean> {
	const response = await fetch(`/api/sessions/${sessionId}/agreement`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
	return response.ok;
}

export async function deleteSession(sessionId: string, key: string): Promise<boolean> {
	const response = await fetch(`/api/sessions/${sessionId}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });
	return response.status === 204;
}

/**
 * "Planlæg opfølgning": a follow-up of the session (POST /api/sessions/ID/follow-up, the key in
 * the Authorization header); its links and its own key, or null when the server refused.
 */
export async function createFollowUp(sessionId: string, key: string): Promise<FollowUpCreated | null> {
	const response = await fetch(`/api/sessions/${sessionId}/follow-up`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
	return response.status === 201 ? ((await response.json()) as FollowUpCreated) : null;
}
