import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addMonths } from '../../src/lib/agreement';
import { personalDoc } from '../../src/lib/documents';
import { hasWritten, isPersonal, personalOwner, pointKey, readPersonal } from '../../src/lib/personal-agreement';
import { DOC_ID } from '../../src/lib/protocol';

/** A lederaftale's document (issue 16): whose it is by its name, whether it has text, and what it reads as. */
describe('a personal lederaftale document', () => {
	it('belongs to the participant its name says, and only a well-formed name is a document at all', () => {
		expect(personalOwner(personalDoc(12))).toBe(12);
		for (const name of ['personal.', 'personal.0', 'personal.012', 'personal.1x', 'personal.-1', 'g1', 'agreement']) expect(personalOwner(name), name).toBeNull();
		expect(isPersonal('personal.x')).toBe(true);
		expect(DOC_ID.test(personalDoc(7))).toBe(true);
		for (const name of ['personal.x', 'personal.0', 'personal..1', 'g1.2']) expect(DOC_ID.test(name), name).toBe(false);
	});

	it('has been written once any field has text; a date alone is not an agreement', () => {
		const doc = new Y.Doc();
		doc.getMap('meta').set('followUp', '2027-03-01');
		expect(hasWritten(doc)).toBe(false);
		doc.getText('partners').insert(0, '   ');
		expect(hasWritten(doc)).toBe(false);
		doc.getText(pointKey(1, 'takes')).insert(0, 'Tid');
		expect(hasWritten(doc)).toBe(true);
	});

	it('reads its two points, the help and the follow-up, three months after the workshop unless set', () => {
		const doc = new Y.Doc();
		doc.getText(pointKey(0, 'what')).insert(0, 'Pauser');
		doc.getText('leader').insert(0, 'Min chef');
		const createdAt = Date.parse('2026-11-30T10:00:00Z');
		expect(readPersonal(doc, createdAt)).toEqual({
			points: [
				{ what: 'Pauser', takes: '' },
				{ what: '', takes: '' }
			],
			leader: 'Min chef',
			partners: '',
			followUp: addMonths(new Date(createdAt), 3)
		});
		expect(readPersonal(doc, createdAt).followUp).toBe('2027-02-28');
		doc.getMap('meta').set('followUp', 'not a date');
		expect(readPersonal(doc, createdAt).followUp).toBe('2027-02-28');
		doc.getMap('meta').set('followUp', '2027-04-15');
		expect(readPersonal(doc, createdAt).followUp).toBe('2027-04-15');
	});
});
