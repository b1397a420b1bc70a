import { inflateSync } from 'node:zlib';

/**
 * A WOFF 1.0 font (https://www.w3.org/TR/WOFF/) as the plain TrueType/OpenType file inside it.
 * WOFF is that file with each table zlib-compressed; pdfkit's font engine inflates the tables
 * in JavaScript for every document (a quarter of a second per face), so they are inflated once,
 * natively, when the fonts are read. The tables keep their order, their checksums and their
 * bytes; only the directory and the padding are written anew.
 */
export function woffToSfnt(woff: Buffer): Buffer {
	if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('Not a WOFF 1.0 font.');
	const flavor = woff.readUInt32BE(4);
	const count = woff.readUInt16BE(12);
	const tables = Array.from({ length: count }, (_, index) => {
		const entry = 44 + index * 20;
		const [tag, offset, compressed, length, checksum] = [0, 4, 8, 12, 16].map((at) => woff.readUInt32BE(entry + at));
		const stored = woff.subarray(offset, offset + compressed);
		const data = compressed < length ? inflateSync(stored) : stored;
		if (data.length !== length) throw new Error('A WOFF table does not inflate to its stated length.');
		return { tag, checksum, data };
	});

	const power = 2 ** Math.floor(Math.log2(count));
	const header = Buffer.alloc(12 + 16 * count);
	header.writeUInt32BE(flavor, 0);
	header.writeUInt16BE(count, 4);
	header.writeUInt16BE(power * 16, 6);
	header.writeUInt16BE(Math.log2(power), 8);
	header.writeUInt16BE(count * 16 - power * 16, 10);
	const parts: Buffer[] = [header];
	let offset = header.length;
	tables.forEach((table, index) => {
		const record = 12 + index * 16;
		header.writeUInt32BE(table.tag, record);
		header.writeUInt32BE(table.checksum, record + 4);
		header.writeUInt32BE(offset, record + 8);
		header.writeUInt32BE(table.data.length, record + 12);
		const padded = (table.data.length + 3) & ~3;
		parts.push(table.data, Buffer.alloc(padded - table.data.length));
		offset += padded;
	});
	return Buffer.concat(parts);
}
