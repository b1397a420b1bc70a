import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/config';
import { createLogger, logRefusals, RefusalTally } from '../../server/log';

/** A logger writing into an array of parsed lines. */
function capture(level: Parameters<typeof createLogger>[0] = 'info') {
	const lines: Record<string, unknown>[] = [];
	const sink = new Writable({
		write(chunk: Buffer, _encoding, done) {
			for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
			done();
		}
	});
	return { log: createLogger(level, sink), lines };
}

describe('the log', () => {
	it('takes its level from LOG_LEVEL, info unless told, and refuses a level it does not know', () => {
		expect(configFromEnv({}).logLevel).toBe('info');
		expect(configFromEnv({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
		expect(() => configFromEnv({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
	});

	it('blanks a secret that is handed to it by mistake', () => {
		const { log, lines } = capture();
		log.info({ key: 'k-secret', token: 't-secret', auth: { facilitatorKey: 'f-secret', nickname: 'Ida' } }, 'oops');
		expect(JSON.stringify(lines)).not.toMatch(/-secret|Ida/);
		expect(lines[0]).toMatchObject({ msg: 'oops', key: '[secret]', auth: { facilitatorKey: '[secret]' } });
	});

	it('writes errors with their stack', () => {
		const { log, lines } = capture();
		log.error({ err: new Error('disk full') }, 'saving failed');
		expect(lines[0]).toMatchObject({ level: 50, msg: 'saving failed', err: { message: 'disk full' } });
		expect(String((lines[0].err as { stack: string }).stack)).toContain('log.test.ts');
	});

	it('says refusals as one line of counts, and nothing when there were none', () => {
		const { log, lines } = capture();
		const tally = new RefusalTally();
		logRefusals(log, tally);
		expect(lines).toEqual([]);
		for (const code of ['not_found', 'not_found', 'rate_limited']) tally.add('socket', code);
		tally.add('collab', 'forbidden');
		logRefusals(log, tally);
		logRefusals(log, tally);
		expect(lines).toEqual([expect.objectContaining({ msg: 'connections refused', refused: { socket: { not_found: 2, rate_limited: 1 }, collab: { forbidden: 1 } } })]);
	});
});
