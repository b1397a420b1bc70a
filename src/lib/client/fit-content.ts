/**
 * Makes a projector view fit its box: a Svelte action, `<div use:fitContent>`, on an element
 * whose sizes are all in `em` of its own font size `calc(var(--fit) * …)`. It sets `--fit` to
 * the largest scale in [min, max] at which the element's content overflows neither its parent's
 * box nor its own, so nothing is cut off and nothing needs scrolling. It measures again when
 * the parent's size changes (another projector, the window resized) and when the content
 * changes (the next step, new results, a group typing), before the browser paints again.
 *
 * Hand-written rather than a text-fitting package: those fit one element's text (auto-text-size
 * forces `white-space: pre-wrap` and a flex parent on it; textfit rewrites its innerHTML),
 * while here a whole laid-out view (grids, columns, a drawing) scales as one.
 */
export interface FitOptions {
	/** The smallest scale: below it, content may overflow rather than become unreadable. */
	min?: number;
	max?: number;
}

/** Scales tried between min and max: 1/2^10 of the range is finer than a pixel of type. */
const STEPS = 10;

export function fitContent(node: HTMLElement, options: FitOptions = {}) {
	let { min = 0.4, max = 1 } = options;

	const set = (scale: number) => node.style.setProperty('--fit', String(scale));
	const overflows = () => {
		const box = node.parentElement ?? node;
		return node.scrollHeight > box.clientHeight + 0.5 || node.scrollWidth > box.clientWidth + 0.5;
	};

	function fit() {
		set(max);
		if (!overflows()) return;
		let [fits, too] = [min, max];
		for (let step = 0; step < STEPS; step++) {
			const scale = (fits + too) / 2;
			set(scale);
			if (overflows()) too = scale;
			else fits = scale;
		}
		set(fits);
	}

	// Both observers report after the change and before the next paint, so no frame shows the
	// content at the wrong size; the parent's size does not depend on --fit, so this cannot loop.
	const resized = new ResizeObserver(fit);
	resized.observe(node.parentElement ?? node);
	const changed = new MutationObserver(fit);
	changed.observe(node, { childList: true, subtree: true, characterData: true });
	document.fonts?.ready.then(fit);
	fit();

	return {
		update(next: FitOptions = {}) {
			({ min = 0.4, max = 1 } = next);
			fit();
		},
		destroy() {
			resized.disconnect();
			changed.disconnect();
		}
	};
}
