import { createServer } from 'node:net';

/**
 * A TCP port on 127.0.0.1 nobody listens on now (the OS picks it), for a server started a moment
 * later that must keep its port: a process restarted in a test, nginx's upstreams, PostgreSQL.
 */
export function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = probe.address();
			probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
		});
	});
}
