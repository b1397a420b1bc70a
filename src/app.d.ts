import type { AppContext } from '../server/context';
import type { IncomingMessage } from 'node:http';

declare global {
	namespace App {
		interface Error {
			message: string;
			code?: string;
		}
		interface Locals {
			app: AppContext;
			/** The client's address (see server/guard.ts: TRUST_PROXY). */
			address: string;
		}
		interface Platform {
			req: IncomingMessage;
		}
	}
}

export {};
