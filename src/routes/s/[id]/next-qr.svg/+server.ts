import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { RequestHandler } from './$types';

/**
 * The QR code of the session's next tool (`state.next`, src/lib/session/next-programme.ts), for
 * the screen: drawn here as SVG, as the join code's, so the projector downloads no QR library.
 * Public as the screen is: it says no more than the code the screen shows beside it.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	const state = await locals.app.rooms.stateOf(params.id);
	if (!state?.next) error(404, { message: 'This session has no next tool.', code: 'not_found' });
	const joinUrl = `${locals.app.config.publicUrl}/j/${state.next.code}`;
	const svg = await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1b2b3a', light: '#ffffff' } });
	return new Response(svg, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' } });
};
