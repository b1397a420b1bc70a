import { expect } from 'vitest';
import { introTool } from '../../src/lib/template/intro-tool';
import { VAEGTEN_MODELS } from '../../src/lib/template/types';
import type { TestClient } from './clients';

/** Vægten's items: the introduction's list of tools to mark is no balance. */
const vaegtenItems = introTool.items.filter((item) => (VAEGTEN_MODELS as readonly string[]).includes(item.model));

/** The index of the step `id` in what `client` was sent. */
export const stepIndex = (client: TestClient, id: string): number => client.content!.steps.findIndex((step) => step.id === id);

/**
 * Vægten over socket.io: for each model the facilitator `host` goes to its step, each of
 * `phones` rates every item `value(i, p)` (i: the item's place in its model, p: the phone's),
 * and the round is locked, so it is published whole. Resolves once the host has every item's
 * result from all the phones.
 */
export async function rateVaegten(host: TestClient, phones: TestClient[], value: (item: number, phone: number) => number): Promise<void> {
	for (const stepId of ['general-model', 'leader-model']) {
		expect(await host.emit('step:goto', { index: stepIndex(host, stepId) }), stepId).toEqual({ data: null });
		const model = host.content!.steps[stepIndex(host, stepId)].model;
		for (const [p, phone] of phones.entries()) {
			for (const [i, item] of vaegtenItems.filter((candidate) => candidate.model === model).entries()) {
				expect(await phone.emit('rating:set', { itemId: item.id, value: value(i, p) })).toMatchObject({ data: {} });
			}
		}
		expect(await host.emit('vote:lock', { stepId, locked: true })).toEqual({ data: null });
	}
	await host.until((client) => vaegtenItems.every((item) => client.results?.items.find((result) => result.itemId === item.id)?.count === phones.length), 10_000);
}
