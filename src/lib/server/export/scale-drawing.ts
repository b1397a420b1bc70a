/**
 * The balance scale of `Vaegten.svelte` as plain geometry, so a document can draw what the
 * screen shows. Coordinates are the screen's SVG frame (1000 × 520, y downwards); a renderer
 * only scales them. Loads hang on the left: a positive tilt lowers them.
 */

export const SCALE_FRAME = { width: 1000, height: 520 } as const;
/** The beam's largest angle, in degrees, when one pan weighs 4 and the other 0 (as on screen). */
export const MAX_ANGLE = 14;
export const PIVOT = { x: 500, y: 150 } as const;
const ARM = 330;
/** The beam is a thick line with round ends, 680 long in all (the screen's rounded bar). */
export const BEAM_THICKNESS = 16;
const BEAM_HALF_LENGTH = ARM + 10 - BEAM_THICKNESS / 2;

export interface Point {
	x: number;
	y: number;
}

export interface ScaleGeometry {
	/** Degrees, clockwise on the page; negative when the loads pan is lower. */
	angle: number;
	/** The beam's centre line, end to end, rotated about the pivot. */
	beam: [Point, Point];
	/** Where each pan's strings meet the beam; a pan hangs straight down from it. */
	hooks: { load: Point; resource: Point };
	/** The stand: a triangle from the pivot to the floor, and the foot below it. */
	stand: Point[];
	foot: { x: number; y: number; width: number; height: number };
}

/** The scale for a `Balance.tilt` (-1…1; anything outside is clamped, a non-number is level). */
export function scaleGeometry(tilt: number): ScaleGeometry {
	const clamped = Number.isFinite(tilt) ? Math.max(-1, Math.min(1, tilt)) : 0;
	// `-clamped * MAX_ANGLE` is -0 for a level beam; `+ 0` makes it a plain 0.
	const angle = -clamped * MAX_ANGLE + 0;
	const radians = (angle * Math.PI) / 180;
	const rotate = (x: number, y: number): Point => ({
		x: PIVOT.x + x * Math.cos(radians) - y * Math.sin(radians),
		y: PIVOT.y + x * Math.sin(radians) + y * Math.cos(radians)
	});
	return {
		angle,
		beam: [rotate(-BEAM_HALF_LENGTH, 0), rotate(BEAM_HALF_LENGTH, 0)],
		hooks: { load: rotate(-ARM, 0), resource: rotate(ARM, 0) },
		stand: [PIVOT, { x: 440, y: 470 }, { x: 560, y: 470 }],
		foot: { x: 360, y: 470, width: 280, height: 22 }
	};
}

/** The drawing's colours: the palette's names, and white for the averages on the weights. */
export type Paint = 'ink' | 'soft' | 'load' | 'resource' | 'white';

/** What a document draws, in the frame's coordinates; each renderer only maps these to its own calls. */
export type Shape =
	| { kind: 'polygon'; points: Point[]; fill: Paint }
	| { kind: 'rect'; x: number; y: number; width: number; height: number; radius: number; fill: Paint }
	| { kind: 'circle'; x: number; y: number; radius: number; fill: Paint }
	| { kind: 'line'; points: Point[]; width: number; cap: 'round' | 'butt'; stroke: Paint }
	/** A pan's bowl: from one rim to the other along a quadratic curve, closed by the rim. */
	| { kind: 'bowl'; from: Point; control: Point; to: Point; fill: Paint }
	/** Bold text centred on x, its baseline at y. */
	| { kind: 'label'; text: string; x: number; y: number; size: number; fill: Paint };

export interface ScaleDrawing {
	/** The part of the frame that holds the drawing: from `top` down, `height` high, the full width. */
	top: number;
	height: number;
	shapes: Shape[];
}

export interface PanTexts {
	/** The pan's average as the document writes it, e.g. "3,1". */
	mean: string;
	/** The pan's name, e.g. "Belastning". */
	label: string;
}

/**
 * The screen's scale (Vaegten.svelte), tilted by a model's balance, each pan with its average
 * on its weight and its name under it. The frame above the beam's higher end is empty, and so
 * is the last 20 below the foot: both are left out of the drawing's height.
 */
export function scaleDrawing(tilt: number, texts: Record<'load' | 'resource', PanTexts>): ScaleDrawing {
	const geometry = scaleGeometry(tilt);
	const top = Math.min(geometry.beam[0].y, geometry.beam[1].y) - BEAM_THICKNESS;
	const { foot } = geometry;
	const shapes: Shape[] = [
		{ kind: 'polygon', points: geometry.stand, fill: 'soft' },
		{ kind: 'rect', ...foot, radius: 6, fill: 'soft' },
		{ kind: 'line', points: geometry.beam, width: BEAM_THICKNESS, cap: 'round', stroke: 'ink' },
		{ kind: 'circle', ...PIVOT, radius: 16, fill: 'soft' }
	];
	for (const side of ['load', 'resource'] as const) {
		const { x, y } = geometry.hooks[side];
		shapes.push({ kind: 'line', points: [{ x: x - 90, y: y + 150 }, { x, y }, { x: x + 90, y: y + 150 }], width: 3, cap: 'butt', stroke: 'soft' });
		if (side === 'load') {
			shapes.push({ kind: 'rect', x: x - 110, y: y + 150, width: 220, height: 16, radius: 4, fill: 'load' });
			shapes.push({ kind: 'rect', x: x - 60, y: y + 76, width: 120, height: 74, radius: 6, fill: 'load' });
		} else {
			shapes.push({ kind: 'bowl', from: { x: x - 110, y: y + 150 }, control: { x, y: y + 200 }, to: { x: x + 110, y: y + 150 }, fill: 'resource' });
			shapes.push({ kind: 'circle', x, y: y + 112, radius: 42, fill: 'resource' });
		}
		shapes.push({ kind: 'label', text: texts[side].mean, x, y: y + 122, size: 34, fill: 'white' });
		shapes.push({ kind: 'label', text: texts[side].label, x, y: y + (side === 'load' ? 206 : 222), size: 30, fill: side });
	}
	return { top, height: SCALE_FRAME.height - 20 - top, shapes };
}
