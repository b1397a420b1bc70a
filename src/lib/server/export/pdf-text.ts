import { FACES, fontRuns, fonts, printable, type Face } from './fonts';

type Doc = PDFKit.PDFDocument;
type TextOptions = PDFKit.Mixins.TextOptions;

const emojiName = (face: Face) => `${face}-emoji`;

/** Every face of the main font and of the emoji font, embedded (as subsets) when first used. */
export function registerFonts(doc: Doc): void {
	const { main, emoji } = fonts();
	for (const face of FACES) {
		doc.registerFont(face, main[face].data);
		doc.registerFont(emojiName(face), emoji[face].data);
	}
}

/**
 * Writes text in a face of the main font, switching to the emoji font for each run of emoji:
 * pdfkit's `continued` text flows the runs as one paragraph, wrapping across them. Starts at
 * `at`, or where the previous (continued) text left off. The two fonts' ascents differ by less
 * than a thousandth of an em, so the runs share a baseline.
 *
 * Each line break ends the chain and starts the next line afresh at `at.x` (the left margin
 * without `at`): within one chain pdfkit would start the line after a break where the run began.
 */
export function write(doc: Doc, text: string, face: Face, options: TextOptions = {}, at?: { x: number; y: number }): void {
	const lines = printable(text).split('\n');
	lines.forEach((line, number) => {
		const lastLine = number === lines.length - 1;
		const runs = fontRuns(line, face);
		// An empty line still takes a line's height.
		if (runs.length === 0) runs.push({ text: lines.length > 1 ? ' ' : '', emoji: false });
		runs.forEach((run, index) => {
			doc.font(run.emoji ? emojiName(face) : face);
			const lastRun = index === runs.length - 1;
			const runOptions = {
				...options,
				continued: lastRun ? lastLine && options.continued : true,
				paragraphGap: lastLine ? options.paragraphGap : 0
			};
			if (index === 0 && number === 0 && at) doc.text(run.text, at.x, at.y, runOptions);
			else if (index === 0 && number > 0) doc.text(run.text, at?.x ?? doc.page.margins.left, doc.y, runOptions);
			else doc.text(run.text, runOptions);
		});
	});
}

/**
 * The height `write` would take in `width`. pdfkit measures in one font only, so each emoji is
 * measured as '‰', which the main font draws wider than the emoji font draws any emoji (1.34
 * against 1.27 em) and without a break opportunity: the estimate is never too low.
 */
export function heightOf(doc: Doc, text: string, face: Face, options: TextOptions): number {
	const standIn = fontRuns(printable(text), face)
		.map((run) => (run.emoji ? [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(run.text)].map(() => '‰').join('') : run.text))
		.join('');
	doc.font(face);
	return doc.heightOfString(standIn, options);
}
