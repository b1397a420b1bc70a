import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, measureBundles, type BundleReport } from '../../bench/size';

/** What a phone downloads (gzipped JavaScript), measured on the build: see bench/size.ts. */
describe("the phone's JavaScript", () => {
	let report: BundleReport;
	const heaviest = (bundle: BundleReport['join']) =>
		[...bundle.files]
			.sort((a, b) => b.gzip - a.gzip)
			.slice(0, 5)
			.map((file) => `${file.name} ${(file.gzip / 1024).toFixed(1)} KB`)
			.join(', ');

	beforeAll(async () => {
		report = await measureBundles();
	});

	it('keeps the join-and-rate page free of Yjs: it loads only when the group page needs it', () => {
		const withYjs = report.join.files.filter((file) => file.hasYjs).map((file) => file.name);
		expect(withYjs, 'files of /j/CODE that contain Yjs').toEqual([]);
		expect(report.group.hasYjs, 'the group page has Yjs (so the check above can see it)').toBe(true);
	});

	it(`keeps the join-and-rate page within ${BUDGETS.join.limit / 1024} KB gzipped`, () => {
		expect(report.join.gzip, `heaviest: ${heaviest(report.join)}`).toBeLessThanOrEqual(BUDGETS.join.limit);
	});

	it("gives the phone this app's own socket.io client (src/lib/client/socket-client.ts), not socket.io-client", () => {
		const client = report.join.files.map((file) => readFileSync(new URL(`../../build/client/${file.file}`, import.meta.url), 'utf8')).join('\n');
		// socket.io-client's socket, and engine.io-client's transports (WebTransport, the XHR and fetch pollers).
		expect(client).not.toContain('It seems you are trying to reach a Socket.IO server');
		expect(client).not.toMatch(/WebTransport\(/);
		expect(client).not.toContain('XMLHttpRequest');
		expect(client).not.toMatch(/(xhr|fetch) (poll|read) error/);
		// Ours: what a request sent on a lost connection rejects with.
		expect(client).toContain('socket has been disconnected');
	});

	it("gives the phone's socket.io client the text-only parsers (src/lib/client/*-io-parser.ts)", () => {
		const client = report.join.files.map((file) => readFileSync(new URL(`../../build/client/${file.file}`, import.meta.url), 'utf8')).join('\n');
		// socket.io-parser's binary half: reassembling a packet from its attachments.
		expect(client).not.toContain('got binary data when not reconstructing a packet');
		expect(client).toContain('unsupported packet');
		// engine.io-parser's: binary packets sent as base64 over long-polling.
		expect(client).not.toContain('readAsDataURL');
	});

	it(`keeps the group page within ${BUDGETS.group.limit / 1024} KB gzipped`, () => {
		expect(report.group.gzip, `heaviest: ${heaviest(report.group)}`).toBeLessThanOrEqual(BUDGETS.group.limit);
	});
});
