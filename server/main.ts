/** The production entry: `npm start` (after `vite build`). */
import { configFromEnv } from './config';
import { startApp, type PageHandler } from './app';

const buildHandler = new URL('../build/handler.js', import.meta.url).href;
const { handler } = (await import(buildHandler)) as { handler: PageHandler };

const config = configFromEnv();
const app = await startApp(config, handler);
console.log(`Vægten Live is running on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.port}`);
console.log(`Phones join at ${config.publicUrl}; data in ${config.dataDir}`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		app.close().then(() => process.exit(0));
	});
}
