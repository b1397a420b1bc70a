import type { Page } from 'playwright-core';

/**
 * What a projector would cut off, as the page lays it out now; empty when everything fits:
 * - the document scrolls (its scroll size is not the viewport's);
 * - an element's content is larger than its box (`clips` when the element hides the rest:
 *   overflow hidden, clip, auto or scroll; `overflows` when it spills over its neighbours);
 * - an element (HTML, or an SVG drawing) lies partly outside the viewport;
 * - one of `texts` (whitespace collapsed) is not shown whole in an element of its own, inside
 *   the viewport, visible, and at least `minFontPx` large.
 */
export function fitProblems(page: Page, texts: string[], minFontPx: number): Promise<string[]> {
	return page.evaluate(
		({ texts, minFontPx }) => {
			const problems: string[] = [];
			const width = window.innerWidth;
			const height = window.innerHeight;
			const root = document.documentElement;
			if (root.scrollWidth !== width || root.scrollHeight !== height) {
				problems.push(`the document is ${root.scrollWidth}×${root.scrollHeight} in a ${width}×${height} viewport`);
			}
			const norm = (text: string | null) => (text ?? '').replace(/\s+/g, ' ').trim();
			const name = (element: Element) => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} "${norm(element.textContent).slice(0, 40)}"`;
			const outside = (box: DOMRect) => box.left < -0.5 || box.top < -0.5 || box.right > width + 0.5 || box.bottom > height + 0.5;
			const elements = [...document.body.querySelectorAll('*')];
			for (const element of elements) {
				const style = getComputedStyle(element);
				if (style.display === 'none' || style.display === 'contents') continue;
				const box = element.getBoundingClientRect();
				const drawn = box.width > 0 && box.height > 0;
				if (element instanceof HTMLElement && style.display !== 'inline') {
					const clips = style.overflowX !== 'visible' || style.overflowY !== 'visible';
					const over = { x: element.scrollWidth - element.clientWidth, y: element.scrollHeight - element.clientHeight };
					if (over.x > 1 || over.y > 1) problems.push(`${name(element)} ${clips ? 'clips' : 'overflows'} its content by ${over.x}×${over.y} px`);
				}
				const checked = element instanceof HTMLElement || element instanceof SVGSVGElement;
				if (checked && drawn && outside(box)) problems.push(`${name(element)} lies outside the viewport (${Math.round(box.left)},${Math.round(box.top)} – ${Math.round(box.right)},${Math.round(box.bottom)})`);
			}
			for (const text of texts.map(norm)) {
				const holders = elements.filter((element) => norm(element.textContent) === text);
				const own = holders.find((element) => ![...element.children].some((child) => holders.includes(child)));
				if (!own) {
					problems.push(`"${text.slice(0, 50)}" is not shown`);
					continue;
				}
				const style = getComputedStyle(own);
				const box = own.getBoundingClientRect();
				if (box.width === 0 || box.height === 0 || style.visibility !== 'visible' || outside(box)) problems.push(`"${text.slice(0, 50)}" is not in view`);
				const size = parseFloat(style.fontSize);
				if (size < minFontPx - 0.05) problems.push(`"${text.slice(0, 50)}" is ${size.toFixed(1)} px, below ${minFontPx.toFixed(1)} px`);
			}
			return problems;
		},
		{ texts, minFontPx }
	);
}

/** The font sizes (px) of every piece of text shown inside `selector`, smallest first. */
export function textSizes(page: Page, selector: string): Promise<Array<{ text: string; px: number }>> {
	return page.evaluate((selector) => {
		const sizes: Array<{ text: string; px: number }> = [];
		for (const scope of document.querySelectorAll(selector)) {
			const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const text = (node.textContent ?? '').trim();
				const parent = node.parentElement;
				if (!text || !parent?.checkVisibility({ visibilityProperty: true })) continue;
				sizes.push({ text, px: parseFloat(getComputedStyle(parent).fontSize) });
			}
		}
		return sizes.sort((a, b) => a.px - b.px);
	}, selector);
}
