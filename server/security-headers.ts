import type { ServerResponse } from 'node:http';

/**
 * Headers for every response. Pages get their Content-Security-Policy from SvelteKit (`kit.csp`
 * in svelte.config.js, which hashes its own bootstrap script); this one covers everything else
 * (API answers, exports, files) and forbids everything but being downloaded.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'no-referrer',
	'X-Frame-Options': 'DENY',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
};

export function setSecurityHeaders(res: ServerResponse): void {
	for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** The same headers as raw HTTP lines, for answers written straight to an upgrade's socket. */
export const securityHeaderLines = (): string =>
	Object.entries(SECURITY_HEADERS)
		.map(([name, value]) => `${name}: ${value}\r\n`)
		.join('');
