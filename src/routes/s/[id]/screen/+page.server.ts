import { error } from '@sveltejs/kit';
import QRCode from 'qrcode';
import type { PageServerLoad } from './$types';

/** The join QR code is drawn on the server as SVG: the projector downloads no QR library. */
export const load: PageServerLoad = async ({ params, locals }) => {
	const state = await locals.app.rooms.stateOf(params.id);
	if (!state) error(404, { message: 'No such session', code: 'not_found' });
	const { code } = state;
	const joinUrl = `${locals.app.config.publicUrl}/j/${code}`;
	const qrSvg = await QRCode.toString(joinUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M', color: { dark: '#1b2b3a', light: '#ffffff' } });
	return { id: params.id, code, joinUrl, joinHost: joinUrl.replace(/^https?:\/\//, '').replace(/\/j\/.*$/, ''), qrSvg };
};
