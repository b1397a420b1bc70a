import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMonths, localDate, pointParts, readAgreement, seedAgreement } from '../../src/lib/agreement';

describe('the draft agreement document', () => {
	it('is filled in once with the title, the two top points and a follow-up date', () => {
		const doc = new Y.Doc();
		expect(seedAgreement(doc, { title: 'Ledergruppen, Nordby', points: ['Tydelige prioriteringer', 'Sparring hver måned', 'Tredje'], followUp: '2027-02-23' })).toBe(true);
		expect(readAgreement(doc)).toEqual({
			title: 'Ledergruppen, Nordby',
			points: [
				{ what: 'Tydelige prioriteringer', who: [], firstStep: '', followUp: '2027-02-23' },
				{ what: 'Sparring hver måned', who: [], firstStep: '', followUp: '2027-02-23' }
			]
		});
		expect(seedAgreement(doc, { title: 'Again', points: ['x'], followUp: '2030-01-01' })).toBe(false);
		expect(readAgreement(doc).title).toBe('Ledergruppen, Nordby');
	});

	it('keeps two editors’ changes when they merge', () => {
		const a = new Y.Doc();
		seedAgreement(a, { title: 'Aftale', points: ['Punkt 1', 'Punkt 2'], followUp: '2027-01-01' });
		const b = new Y.Doc();
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		pointParts(a, 0).firstStep.insert(0, 'Dagsorden på næste møde');
		pointParts(a, 0).toggleWho('Topledelsen');
		pointParts(b, 1).toggleWho('Ledere af ledere');
		pointParts(b, 1).setFollowUp('2027-03-01');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readAgreement(a)).toEqual(readAgreement(b));
		expect(readAgreement(a).points[0]).toMatchObject({ firstStep: 'Dagsorden på næste møde', who: ['Topledelsen'] });
		expect(readAgreement(a).points[1]).toMatchObject({ who: ['Ledere af ledere'], followUp: '2027-03-01' });
		pointParts(a, 0).toggleWho('Topledelsen');
		expect(readAgreement(a).points[0].who).toEqual([]);
	});

	it('follows up three months later, on the last day of a shorter month', () => {
		expect(addMonths(new Date('2026-11-23T10:00:00Z'), 3)).toBe('2027-02-23');
		expect(addMonths(new Date('2026-11-30T10:00:00Z'), 3)).toBe('2027-02-28');
		expect(addMonths(new Date('2027-01-31T10:00:00Z'), 1)).toBe('2027-02-28');
	});

	it('dates a workshop by the Danish calendar, also just after midnight', () => {
		expect(localDate(new Date('2026-11-22T23:30:00Z'))).toBe('2026-11-23');
		expect(localDate(new Date('2026-07-01T22:30:00Z'))).toBe('2026-07-02');
		expect(addMonths(new Date('2026-11-22T23:30:00Z'), 3)).toBe('2027-02-23');
	});
});
