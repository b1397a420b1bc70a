import type pg from 'pg';
import type { CollabStore } from '../collab/types';
import { fencedTransaction, type PgBatch } from './postgres-batch';
import { sessionOfDoc, type Fence } from './postgres-leases';

/** node-postgres reads bytea as a Buffer; this view shares its memory. */
const bytes = (data: Buffer): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/**
 * The Yjs documents' updates, one row each (server/store/postgres-migrations.ts). Appends join
 * the store's batches; appends and compactions of `<session id>/…` are fenced by that session's
 * lease. Every write has committed when its promise resolves.
 */
export function postgresCollabStore(pool: pg.Pool, fence: Fence, batch: PgBatch): CollabStore {
	return {
		async load(docName) {
			const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM collab_updates WHERE doc = $1 ORDER BY id', [docName]);
			return rows.map((row) => bytes(row.data));
		},
		async append(docName, updates) {
			if (updates.length === 0) return;
			const data = updates.map((update) => Buffer.from(update.buffer, update.byteOffset, update.byteLength));
			await batch({ kind: 'append', sessionId: sessionOfDoc(docName), doc: docName, data });
		},
		async compact(docName, snapshot) {
			await fencedTransaction(pool, fence, sessionOfDoc(docName), async (client) => {
				await client.query('DELETE FROM collab_updates WHERE doc = $1', [docName]);
				await client.query('INSERT INTO collab_updates (doc, data) VALUES ($1, $2)', [docName, Buffer.from(snapshot)]);
			});
		},
		async removeAll(prefix) {
			// Not LIKE: `_` (allowed in names) would be a wildcard.
			await pool.query('DELETE FROM collab_updates WHERE left(doc, length($1)) = $1', [prefix]);
		}
	};
}
