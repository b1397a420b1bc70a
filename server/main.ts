/** The production entry: `npm start` (after `vite build`). */
import { configFromEnv } from './config';
import { startApp, type PageHandler } from './app';
import { openStore } from './store/open';

const buildHandler = new URL('../build/handler.js', import.meta.url).href;
const { handler } = (await import(buildHandler)) as { handler: PageHandler };

const config = configFromEnv();
const app = await startApp(config, await openStore(config), handler);
const { log } = app.context;
const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${app.port}`;
log.info({ url, publicUrl: config.publicUrl, store: config.databaseUrl ? 'postgresql' : 'sqlite', ...(config.databaseUrl ? {} : { dataDir: config.dataDir }), host: config.host, port: app.port, owner: app.context.store.leases.owner }, 'started');
// For the person who started it, whatever LOG_LEVEL says: the last lines are where to go.
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir;
process.stdout.write(`Vægten Live is running on ${url}\nPhones join at ${config.publicUrl}; data in ${where}\n`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		if (stopping) return;
		stopping = true;
		log.info({ signal }, 'stopping');
		// Every session held here is handed over before the process ends: its clients reconnect elsewhere.
		app.drain().then(
			() => {
				log.info('stopped');
				process.exit(0);
			},
			(error: unknown) => {
				log.error({ err: error }, 'stopping failed');
				process.exit(1);
			}
		);
	});
}
