import type { AppContext } from '../context';

/**
 * The server process hands its services to SvelteKit's routes through the Node request
 * (production, `event.platform.req`) or, under `vite dev`, through one process-wide slot.
 * A symbol from the global registry is the same in the server's modules and in the built
 * SvelteKit bundle, which are separate copies of this file.
 */
const CONTEXT = Symbol.for('vaegten-live.app-context');

type Holder = { [CONTEXT]?: AppContext };

export function provideContext(target: object, context: AppContext): void {
	(target as Holder)[CONTEXT] = context;
}

export function contextOf(req: object | undefined): AppContext {
	const context = (req as Holder | undefined)?.[CONTEXT] ?? (globalThis as Holder)[CONTEXT];
	if (!context) throw new Error('The app context is missing: start the app with `npm start` or `npm run dev`.');
	return context;
}
