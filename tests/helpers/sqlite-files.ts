import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every row of every table that mentions the session: a `session_id` column, a document name, the session's own row. */
export function rowsMentioning(file: string, sessionId: string): Record<string, number> {
	const db = new Database(file, { readonly: true });
	try {
		const tables = db.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all();
		const counts: Record<string, number> = {};
		for (const { name } of tables) {
			const columns = db.prepare<[], { name: string }>(`PRAGMA table_info(${name})`).all().map((column) => column.name);
			const where = [
				columns.includes('session_id') && 'session_id = :id',
				columns.includes('doc') && "substr(doc, 1, length(:id) + 1) = :id || '/'",
				name === 'sessions' && 'id = :id'
			].filter(Boolean);
			if (where.length === 0) continue;
			counts[name] = db.prepare<{ id: string }, { n: number }>(`SELECT count(*) AS n FROM ${name} WHERE ${where.join(' OR ')}`).get({ id: sessionId })!.n;
		}
		return counts;
	} finally {
		db.close();
	}
}

/** Which of `needles` occur, as UTF-8, in the raw bytes of any file in `dir` (the database, its WAL, its index). */
export function found(dir: string, needles: string[]): string[] {
	const files = readdirSync(dir).map((name) => readFileSync(join(dir, name)));
	return needles.filter((needle) => files.some((bytes) => bytes.includes(Buffer.from(needle, 'utf8'))));
}

/**
 * How many transactions are committed in the database's WAL (`file`-wal) since it was last
 * reset: its commit frames (a non-zero "database size after commit") of the current salt,
 * read from the file as https://www.sqlite.org/fileformat2.html#walformat lays it out.
 */
export function walCommits(file: string): number {
	const wal = readFileSync(`${file}-wal`);
	if (wal.length < 32) return 0;
	const pageSize = wal.readUInt32BE(8);
	const salt = wal.subarray(16, 24);
	let commits = 0;
	for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
		if (!wal.subarray(at + 8, at + 16).equals(salt)) break;
		if (wal.readUInt32BE(at + 4) !== 0) commits += 1;
	}
	return commits;
}
