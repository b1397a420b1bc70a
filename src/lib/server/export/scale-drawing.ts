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
