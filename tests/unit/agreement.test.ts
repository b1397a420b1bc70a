import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMonths, fillAgreement, localDate, pointParts, readAgreement, rolesIn, seedAgreement, splitNames, ticks, whoOf } from '../../src/lib/agreement';
import { introTool } from '../../src/lib/template/intro-tool';
import { rolesOf } from '../../src/lib/session/content';

/** One of the introduction's roles, by its Danish name. */
const role = (da: string) => rolesOf(introTool.steps).find((candidate) => candidate.name.da === da)!;

describe('the draft agreement document', () => {
	it('is filled in once with the title, the two top points and a follow-up date', () => {
		const doc = new Y.Doc();
		expect(seedAgreement(doc, { title: 'Ledergruppen, Nordby', points: ['Tydelige prioriteringer', 'Sparring hver måned', 'Tredje'], followUp: '2027-02-23' })).toBe(true);
		expect(readAgreement(doc)).toEqual({
			title: 'Ledergruppen, Nordby',
			points: [
				{ what: 'Tydelige prioriteringer', who: [], names: '', firstStep: '', followUp: '2027-02-23' },
				{ what: 'Sparring hver måned', who: [], names: '', firstStep: '', followUp: '2027-02-23' }
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
		pointParts(a, 0).toggleRole(role('Topledelsen'), 'da');
		pointParts(b, 1).toggleRole(role('Ledere af ledere'), 'da');
		pointParts(b, 1).setFollowUp('2027-03-01');
		Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
		Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
		expect(readAgreement(a)).toEqual(readAgreement(b));
		expect(readAgreement(a).points[0]).toMatchObject({ firstStep: 'Dagsorden på næste møde', who: ['Topledelsen'] });
		expect(readAgreement(a).points[1]).toMatchObject({ who: ['Ledere af ledere'], followUp: '2027-03-01' });
		pointParts(a, 0).toggleRole(role('Topledelsen'), 'da');
		expect(readAgreement(a).points[0].who).toEqual([]);
	});

	it('is made afresh over every edit, in place, so an open editor keeps its texts', () => {
		const doc = new Y.Doc();
		seedAgreement(doc, { title: 'Aftale', points: ['Førende nu'], followUp: '2027-01-01' });
		const what = pointParts(doc, 0).what;
		pointParts(doc, 0).firstStep.insert(0, 'Skrevet før lukningen');
		pointParts(doc, 0).toggleRole(role('Topledelsen'), 'da');
		pointParts(doc, 1).names!.insert(0, 'Mette, Jens');
		doc.getText('title').insert(0, 'Vores ');
		fillAgreement(doc, { title: 'Aftale', points: ['Vinderen', 'Nummer to', 'Nummer tre'], followUp: '2027-02-23' });
		expect(readAgreement(doc)).toEqual({
			title: 'Aftale',
			points: [
				{ what: 'Vinderen', who: [], names: '', firstStep: '', followUp: '2027-02-23' },
				{ what: 'Nummer to', who: [], names: '', firstStep: '', followUp: '2027-02-23' }
			]
		});
		expect(pointParts(doc, 0).what).toBe(what);
		// A draft made afresh is not filled in again by the first-time fill.
		expect(seedAgreement(doc, { title: 'Andet', points: ['x'], followUp: '2030-01-01' })).toBe(false);
		expect(readAgreement(doc).points[0].what).toBe('Vinderen');
	});

	it('gives a draft of an older version, without names, a place for them and keeps its edits', () => {
		const doc = new Y.Doc();
		doc.transact(() => {
			doc.getText('title').insert(0, 'Gammel aftale');
			const point = new Y.Map<unknown>();
			point.set('what', new Y.Text('Sparring'));
			point.set('firstStep', new Y.Text('Første møde'));
			point.set('who', Y.Array.from(['Topledelsen']));
			point.set('followUp', '2027-01-01');
			doc.getArray('points').push([point]);
			doc.getMap('meta').set('seeded', true);
		});
		expect(pointParts(doc, 0).names).toBeUndefined();
		expect(seedAgreement(doc, { title: 'Ny', points: [], followUp: '2030-01-01' })).toBe(false);
		pointParts(doc, 0).names!.insert(0, 'Ali');
		expect(readAgreement(doc)).toEqual({
			title: 'Gammel aftale',
			points: [{ what: 'Sparring', who: ['Topledelsen'], names: 'Ali', firstStep: 'Første møde', followUp: '2027-01-01' }]
		});
	});

	it('knows a role ticked in either language, and stores a tick under the session’s language', () => {
		const roles = rolesOf(introTool.steps);
		const top = role('Topledelsen');
		expect(top.name.en).toBe('Top management');
		const doc = new Y.Doc();
		seedAgreement(doc, { title: 'Aftale', points: ['Sparring', 'Ro'], followUp: '2027-01-01' });
		// A facilitator with English menus in a Danish session: the tick is stored in Danish.
		pointParts(doc, 0).toggleRole(top, 'da');
		expect(readAgreement(doc).points[0].who).toEqual(['Topledelsen']);
		expect(ticks(['Topledelsen'], top)).toBe(true);
		// Ticked under its English name (a draft of an older version): it shows ticked, and unticking removes it.
		pointParts(doc, 1).who.push(['Top management']);
		expect(ticks(readAgreement(doc).points[1].who, top)).toBe(true);
		pointParts(doc, 1).toggleRole(top, 'da');
		expect(readAgreement(doc).points[1].who).toEqual([]);
		expect(ticks([], top)).toBe(false);
		// A follow-up's draft: the roles under either name, once, in the session's language; anyone else as names.
		expect(rolesIn(['Top management', 'Mette', 'Topledelsen', 'Leaders of leaders'], roles, 'da')).toEqual({ roles: ['Topledelsen', 'Ledere af ledere'], names: ['Mette'] });
		expect(rolesIn(['Topledelsen', 'HR'], roles, 'en')).toEqual({ roles: ['Top management'], names: ['HR'] });
		expect(rolesIn(['Topledelsen'], [], 'da')).toEqual({ roles: [], names: ['Topledelsen'] });
	});

	it('names whoever is written beside the roles, one by one', () => {
		expect(splitNames(' Mette,  Jens og Ali ;HR-chefen\n\n, ')).toEqual(['Mette', 'Jens og Ali', 'HR-chefen']);
		expect(splitNames('')).toEqual([]);
		const roles = rolesOf(introTool.steps);
		expect(whoOf({ who: ['Topledelsen', 'Ledere af ledere'], names: 'Mette, Jens' }, roles, 'da')).toEqual(['Topledelsen', 'Ledere af ledere', 'Mette', 'Jens']);
		// The roles once each, in the language asked for, whichever name they were ticked under; then everyone else.
		expect(whoOf({ who: ['Top management', 'HR', 'Topledelsen'], names: 'Mette' }, roles, 'da')).toEqual(['Topledelsen', 'HR', 'Mette']);
		expect(whoOf({ who: ['Topledelsen'], names: '' }, roles, 'en')).toEqual(['Top management']);
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
