import { Resvg } from '@resvg/resvg-js';
import { fonts } from './fonts';
import { PALETTE } from './palette';
import { SCALE_FRAME, type Paint, type Point, type ScaleDrawing, type Shape } from './scale-drawing';

const PAINTS: Record<Paint, string> = { ink: PALETTE.ink, soft: PALETTE.soft, load: PALETTE.load, resource: PALETTE.resource, white: 'ffffff' };
const fill = (paint: Paint) => `#${PAINTS[paint]}`;
const number = (value: number) => String(Math.round(value * 100) / 100);
const points = (list: Point[]) => list.map((p) => `${number(p.x)},${number(p.y)}`).join(' ');

/**
 * The scale drawing as a standalone SVG, its view box the drawing's part of the frame. The
 * labels are outlines of the embedded bold font, not text: the image looks the same in every
 * program, whatever fonts it has, and an SVG renderer needs none.
 */
export function scaleSvg(drawing: ScaleDrawing, title: string): string {
	const body = drawing.shapes.map(element).join('');
	const viewBox = `0 ${number(drawing.top)} ${SCALE_FRAME.width} ${number(drawing.height)}`;
	return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${viewBox}" width="${SCALE_FRAME.width}" height="${number(drawing.height)}" role="img"><title>${escape(title)}</title>${body}</svg>`;
}

/** The SVG as a PNG `width` pixels wide, for programs that cannot show an SVG. */
export function scalePng(svg: string, width: number): Buffer {
	return new Resvg(svg, { fitTo: { mode: 'width', value: width } }).render().asPng();
}

function element(shape: Shape): string {
	switch (shape.kind) {
		case 'polygon':
			return `<polygon points="${points(shape.points)}" fill="${fill(shape.fill)}"/>`;
		case 'rect':
			return `<rect x="${number(shape.x)}" y="${number(shape.y)}" width="${number(shape.width)}" height="${number(shape.height)}" rx="${shape.radius}" fill="${fill(shape.fill)}"/>`;
		case 'circle':
			return `<circle cx="${number(shape.x)}" cy="${number(shape.y)}" r="${shape.radius}" fill="${fill(shape.fill)}"/>`;
		case 'line':
			return `<polyline points="${points(shape.points)}" fill="none" stroke="${fill(shape.stroke)}" stroke-width="${shape.width}" stroke-linecap="${shape.cap}" stroke-linejoin="round"/>`;
		case 'bowl': {
			const { from, control, to } = shape;
			return `<path d="M${number(from.x)} ${number(from.y)}Q${number(control.x)} ${number(control.y)} ${number(to.x)} ${number(to.y)}Z" fill="${fill(shape.fill)}"/>`;
		}
		case 'label':
			return `<path d="${outline(shape.text, shape.x, shape.y, shape.size)}" fill="${fill(shape.fill)}"/>`;
	}
}

/** The text's glyph outlines, centred on x with its baseline at y (font units are y-up). */
function outline(text: string, x: number, y: number, size: number): string {
	const font = fonts().main.bold.font;
	const scale = size / font.unitsPerEm;
	const run = font.layout(text);
	let pen = x - (run.advanceWidth * scale) / 2;
	const paths: string[] = [];
	run.glyphs.forEach((glyph, index) => {
		const position = run.positions[index];
		const path = glyph.path.scale(scale, -scale).translate(pen + position.xOffset * scale, y - position.yOffset * scale);
		paths.push(path.toSVG());
		pen += position.xAdvance * scale;
	});
	return paths.join('');
}

function escape(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
