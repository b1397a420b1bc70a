/**
 * "Lederaftale" as a programme (issue 16): a template in the introduction's shape. Its steps are
 * filled in from the seeds (each names its source); this skeleton is its welcome.
 */
import type { Template } from './types';

export const leaderAgreementTool: Template = {
	id: 'leader-agreement-tool',
	title: { da: 'Lederaftale', en: 'Leader agreement' },
	parts: [{ part: 1, title: { da: 'Lederaftale', en: 'Leader agreement' }, durationMin: 45 }],
	models: [],
	items: [],
	steps: [
		{
			id: 'welcome',
			part: 1,
			kind: 'join',
			title: { da: 'Velkommen', en: 'Welcome' },
			durationMin: 5,
			paragraphs: [{ da: 'Scan QR-koden eller gå ind på adressen og tast koden.', en: 'Scan the QR code, or go to the address and type the code.' }],
			questions: [],
			source: { seed: '001', heading: 'SÆT HANDLING BAG ORDENE' }
		}
	]
};
