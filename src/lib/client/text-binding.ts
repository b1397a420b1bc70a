import type * as Y from 'yjs';
import { diffText, mapPosition, type Delta } from './text-diff';

/** Marks our own edits, so the observer does not write them back into the textarea. */
const LOCAL = Symbol('local-edit');

/**
 * Keeps a textarea and a Y.Text the same, both ways, keeping the caret where it belongs
 * when others type. A Svelte action: `<textarea use:bindText={text}>`.
 */
export function bindText(textarea: HTMLTextAreaElement, text: Y.Text) {
	let current = text;
	textarea.value = current.toString();

	const onInput = () => {
		const splice = diffText(current.toString(), textarea.value);
		if (splice.remove === 0 && splice.insert === '') return;
		current.doc!.transact(() => {
			if (splice.remove > 0) current.delete(splice.index, splice.remove);
			if (splice.insert) current.insert(splice.index, splice.insert);
		}, LOCAL);
	};

	const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
		if (transaction.origin === LOCAL) return;
		const focused = document.activeElement === textarea;
		const [start, end] = [textarea.selectionStart, textarea.selectionEnd];
		textarea.value = current.toString();
		if (focused) {
			const delta = event.delta as Delta;
			textarea.setSelectionRange(mapPosition(delta, start), mapPosition(delta, end));
		}
	};

	textarea.addEventListener('input', onInput);
	current.observe(onRemote);
	return {
		update(next: Y.Text) {
			if (next === current) return;
			current.unobserve(onRemote);
			current = next;
			textarea.value = current.toString();
			current.observe(onRemote);
		},
		destroy() {
			textarea.removeEventListener('input', onInput);
			current.unobserve(onRemote);
		}
	};
}
