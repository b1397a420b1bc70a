/** Hostile values: fast-check arbitraries for payloads broken in one place, and unknown events. */
import fc from 'fast-check';
import { clientEvents, examples, type ClientEvent } from './contract';

export const fieldNames = [...new Set([...Object.values(examples).flatMap((payload) => JSON.stringify(payload).match(/"(\w+)":/g) ?? []), '"requestId":'])].map((key) => key.slice(1, -2));
export const nastyKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '', ' ', '0');
export const anyKey = fc.oneof(fc.constantFrom(...fieldNames), nastyKey, fc.string({ maxLength: 12 }));

/** Bytes Node sends as they are in a request line or header: no spaces, no controls (DEL included). */
export const latin1 = fc.string({ unit: fc.integer({ min: 0x21, max: 0xfe }).map((code) => String.fromCharCode(code === 0x7f ? 0xff : code)), maxLength: 30 });
export const specialNumber = fc.constantFrom(NaN, Infinity, -Infinity, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_VALUE, 0.5, 1.5, -1, 2 ** 31, 201);
/** Up to ~12 KB on the wire, whatever JSON does to the character: well inside one socket.io message. */
export const hugeString = fc
	.constantFrom<[string, number]>(['x', 1], ['ø', 2], ['😀', 4], ['"', 2], ['\u0000', 6], ['%', 1], ['\u202e', 3])
	.chain(([char, bytes]) => fc.integer({ min: 200, max: Math.floor(12_000 / bytes) }).map((n) => char.repeat(n)));
export const deep = fc.tuple(fc.integer({ min: 50, max: 1_500 }), fc.boolean()).map(([depth, asArray]) => {
	let value: unknown = 1;
	for (let i = 0; i < depth; i++) value = asArray ? [value] : { a: value };
	return value;
});
export const wide = fc.integer({ min: 100, max: 3_000 }).map((n) => Array.from({ length: n }, (_, i) => i));
/** An own `__proto__`/`constructor` key carrying a valid payload: nothing may read fields through it. */
export const pollution = fc
	.tuple(fc.constantFrom(...Object.values(examples)), fc.constantFrom('__proto__', 'constructor'))
	.map(([payload, key]) => JSON.parse(`{"${key}": ${JSON.stringify(key === 'constructor' ? { prototype: payload } : payload)}}`) as unknown);

export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
	{ weight: 4, arbitrary: fc.anything({ key: anyKey, maxDepth: 3, withBoxedValues: true, withMap: true, withSet: true, withObjectString: true, withNullPrototype: true, withDate: true, withTypedArray: true, withSparseArray: true, withUnicodeString: true }) },
	{ weight: 2, arbitrary: specialNumber },
	{ weight: 1, arbitrary: hugeString },
	{ weight: 1, arbitrary: deep },
	{ weight: 1, arbitrary: wide },
	{ weight: 1, arbitrary: pollution },
	{ weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
	{ weight: 2, arbitrary: fc.constantFrom<unknown>(null, undefined, true, false, '', ' ', [], {}, 0, '0', [null], { length: 1 }, 'request-0001') }
);

/** Every path into a JSON payload, to break it at one place. */
export function pathsOf(value: unknown, prefix: string[] = []): string[][] {
	if (value === null || typeof value !== 'object') return [prefix];
	return [prefix, ...Object.entries(value).flatMap(([key, inner]) => pathsOf(inner, [...prefix, key]))];
}

export type Mutation = { path: string[]; op: 'replace' | 'delete' | 'add'; key: string; value: unknown };

export function mutate(payload: Record<string, unknown>, { path, op, key, value }: Mutation): unknown {
	if (path.length === 0 && op === 'replace') return value;
	const copy = structuredClone(payload) as Record<string, unknown>;
	const parentPath = op === 'add' ? path : path.slice(0, -1);
	let parent: Record<string, unknown> = copy;
	for (const step of parentPath) {
		const next = parent[step];
		if (next === null || typeof next !== 'object') return value;
		parent = next as Record<string, unknown>;
	}
	const last = path[path.length - 1];
	if (op === 'add') Object.defineProperty(parent, key, { value, enumerable: true, configurable: true, writable: true });
	else if (op === 'delete' && last !== undefined) delete parent[last];
	else if (last !== undefined) parent[last] = value;
	return copy;
}

/** A valid payload broken in one place: a field of the wrong type or value, missing, or an extra key. */
export const brokenPayload = (payload: Record<string, unknown>): fc.Arbitrary<unknown> =>
	fc
		.record({
			path: fc.constantFrom(...pathsOf(payload)),
			op: fc.constantFrom<Mutation['op']>('replace', 'replace', 'delete', 'add'),
			key: anyKey,
			value: hostileValue
		})
		.map((mutation) => mutate(payload, mutation));

export const payloadFor = (event: string): fc.Arbitrary<unknown> => {
	// Own keys only: unknown events are named `toString` and `__proto__` too.
	const example = Object.hasOwn(examples, event) ? examples[event as ClientEvent] : undefined;
	return example ? fc.oneof({ weight: 3, arbitrary: hostileValue }, { weight: 4, arbitrary: brokenPayload(example) }, { weight: 1, arbitrary: fc.constant(example) }) : hostileValue;
};

/** socket.io-client refuses to emit these itself. */
export const reservedEvents = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']);
export const unknownEvent = fc
	.oneof(
		fc.string({ maxLength: 80 }),
		nastyKey,
		// `error` is the one lifecycle name socket.io lets a client send.
		fc.constantFrom('error', 'session:changed', 'results:changed', 'participant:self', 'step:NEXT', 'rating:set ', 'rating', 'step:next\u0000', 'x'.repeat(5_000))
	)
	.filter((name) => !(clientEvents as readonly string[]).includes(name) && !reservedEvents.has(name));
