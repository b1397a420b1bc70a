import type { Plugin } from 'vite';
import { provideContext } from './kit/context';
import { configFromEnv } from './config';
import { createAppContext } from './context';
import { attachServices } from './services';
import { openStore } from './store/open';

/**
 * `npm run dev`: the same services and socket.io endpoint as production, on Vite's own
 * HTTP server, so hot reload and the live room work together.
 */
export function realtimeDevPlugin(): Plugin {
	return {
		name: 'vaegten-live-realtime',
		apply: 'serve',
		async configureServer(server) {
			// Vitest runs a Vite server too; tests start their own app.
			if (!server.httpServer || process.env.VITEST) return;
			const port = server.config.server.port ?? 5173;
			const config = configFromEnv({ ...process.env, PORT: String(port) });
			const context = createAppContext(config, await openStore(config));
			provideContext(globalThis, context);
			attachServices(server.httpServer as import('node:http').Server, context);
		}
	};
}
