import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { woffToSfnt } from './sfnt';

/**
 * The fonts the PDF (and the drawing's labels) embed, from npm packages so that `npm install`
 * brings them on any machine: DejaVu Sans (Latin with every European accent, Greek, Cyrillic,
 * arrows and many symbols; Bitstream Vera licence) and the monochrome Noto Emoji (OFL-1.1;
 * a PDF cannot show colour emoji fonts). Read once, on first use.
 */
export type Face = 'regular' | 'bold' | 'italic' | 'boldItalic';
export const FACES: Face[] = ['regular', 'bold', 'italic', 'boldItalic'];

const MAIN_FILES: Record<Face, string> = {
	regular: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-normal.woff',
	bold: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-normal.woff',
	italic: '@fontsource/dejavu-sans/files/dejavu-sans-latin-400-italic.woff',
	boldItalic: '@fontsource/dejavu-sans/files/dejavu-sans-latin-700-italic.woff'
};
const EMOJI_FILES = {
	normal: '@fontsource/noto-emoji/files/noto-emoji-emoji-400-normal.woff',
	bold: '@fontsource/noto-emoji/files/noto-emoji-emoji-700-normal.woff'
};

export interface LoadedFont {
	/** The font as a TrueType file, for pdfkit's `registerFont`. */
	data: Buffer;
	/** The parsed font, to ask which characters it has and to outline text. */
	font: fontkit.Font;
}

let loaded: { main: Record<Face, LoadedFont>; emoji: Record<Face, LoadedFont> } | undefined;

function load(specifier: string): LoadedFont {
	// Resolved like an import, from wherever this module runs (src/ under Vite, build/ in production).
	const data = woffToSfnt(readFileSync(createRequire(import.meta.url).resolve(specifier)));
	return { data, font: fontkit.create(data) as fontkit.Font };
}

export function fonts(): NonNullable<typeof loaded> {
	if (!loaded) {
		const emojiNormal = load(EMOJI_FILES.normal);
		const emojiBold = load(EMOJI_FILES.bold);
		loaded = {
			main: Object.fromEntries(FACES.map((face) => [face, load(MAIN_FILES[face])])) as Record<Face, LoadedFont>,
			emoji: { regular: emojiNormal, italic: emojiNormal, bold: emojiBold, boldItalic: emojiBold }
		};
	}
	return loaded;
}

/** A stretch of text that one font prints. */
export interface Run {
	text: string;
	emoji: boolean;
}

/** Shown as an emoji by default (👍), or asked to be one (❤️, 1️⃣). */
const WANTS_EMOJI = /\p{Emoji_Presentation}|\ufe0f|\u20e3/u;
/** Joiners, variation selectors and tag characters: a font shapes them, it needs no glyph of its own. */
const NO_GLYPH = /[\u200d\ufe00-\ufe0f\u{e0020}-\u{e007f}]/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function covers(font: fontkit.Font, cluster: string): boolean {
	for (const char of cluster) {
		if (!NO_GLYPH.test(char) && !font.hasGlyphForCodePoint(char.codePointAt(0)!)) return false;
	}
	return true;
}

/**
 * Splits text into runs for the main font and the emoji font, one user-perceived character
 * (grapheme) at a time: an emoji goes to the emoji font, everything else stays in the main font
 * unless only the emoji font has it. A character neither font has stays in the main font.
 */
export function fontRuns(text: string, face: Face): Run[] {
	const { main, emoji } = fonts();
	const runs: Run[] = [];
	for (const { segment } of segmenter.segment(text)) {
		const toEmoji = /^\s+$/.test(segment)
			? false
			: WANTS_EMOJI.test(segment)
				? covers(emoji[face].font, segment) || !covers(main[face].font, segment)
				: !covers(main[face].font, segment) && covers(emoji[face].font, segment);
		const last = runs.at(-1);
		if (last && last.emoji === toEmoji) last.text += segment;
		else runs.push({ text: segment, emoji: toEmoji });
	}
	return runs;
}

/**
 * What people typed, as a PDF can print it: line breaks as '\n', a tab as a space, no other
 * control character, and a broken (lone) surrogate as the replacement character.
 */
export function printable(text: string): string {
	return text
		.replace(/\r\n?/g, '\n')
		.replace(/\t/g, ' ')
		.replace(/[^\P{Cc}\n]/gu, '')
		.replace(/\p{Cs}/gu, '\ufffd');
}
