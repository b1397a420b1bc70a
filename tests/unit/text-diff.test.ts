import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffText, mapPosition, type Delta } from '../../src/lib/client/text-diff';

describe('diffText', () => {
	it('finds one splice that turns any text into any other', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (before, after) => {
				const { index, remove, insert } = diffText(before, after);
				expect(before.slice(0, index) + insert + before.slice(index + remove)).toBe(after);
			})
		);
	});

	it('keeps the common start and end, so a keystroke is a one-character splice', () => {
		expect(diffText('Vi taler om fejl', 'Vi taler ofte om fejl')).toEqual({ index: 10, remove: 0, insert: 'fte o' });
		expect(diffText('abc', 'ac')).toEqual({ index: 1, remove: 1, insert: '' });
		expect(diffText('same', 'same')).toEqual({ index: 4, remove: 0, insert: '' });
	});
});

describe('mapPosition', () => {
	/** A caret marked by a character nobody types, then moved by someone else's edit in Yjs. */
	it('keeps the caret beside the same character after a remote edit', () => {
		const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' '), maxLength: 30 });
		fc.assert(
			fc.property(text, fc.nat(), fc.nat(), fc.nat({ max: 5 }), text, (initial, caretSeed, editSeed, removeSeed, inserted) => {
				const caret = caretSeed % (initial.length + 1);
				const at = editSeed % (initial.length + 1);
				const remove = Math.min(removeSeed, initial.length - at);
				const doc = new Y.Doc();
				const ytext = doc.getText('t');
				ytext.insert(0, initial);
				let delta: Delta = [];
				ytext.observe((event) => (delta = event.delta as Delta));
				doc.transact(() => {
					if (remove > 0) ytext.delete(at, remove);
					if (inserted) ytext.insert(at, inserted);
				});
				const mapped = mapPosition(delta, caret);
				// An edit after the caret (or at it) leaves it; one before it moves it by the change in length.
				if (caret <= at) expect(mapped).toBe(caret);
				else if (caret > at + remove) expect(mapped).toBe(caret - remove + inserted.length);
				// A caret inside (or at the end of) deleted text lands at the edit, before or after what replaced it.
				else expect(mapped === at || mapped === at + inserted.length).toBe(true);
			})
		);
	});
});
