import { expect } from 'vitest';
import { hashSecret } from '../../server/keys';
import { introTool } from '../../src/lib/template/intro-tool';
import type { Cluster } from './cluster';
import { RoutedClient, RoutedPhone } from './routed-clients';
import { createSession, type CreatedSession } from './server';
import { waitFor, YClient } from './yjs';

export const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
export const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);

export interface ClusterRoom {
	session: CreatedSession;
	host: RoutedClient;
	phones: RoutedPhone[];
	/** The two groups' ids, and one sheet per group opened by one of its phones. */
	groups: string[];
	sheets: YClient[];
}

/**
 * A workshop through the cluster's nginx, as a room uses it: the facilitator sets up two groups
 * and opens the leaders' Vægten, `phones` phones join (each placed in a group), and one phone
 * per group opens its group's sheet.
 */
export async function openClusterRoom(cluster: Cluster, phoneCount: number): Promise<ClusterRoom> {
	const session = await createSession(cluster.url);
	const host = await new RoutedClient(cluster.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online();
	expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
	expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
	const phones = Array.from({ length: phoneCount }, () => new RoutedPhone(cluster.url, session.code));
	await Promise.all(phones.map((phone) => phone.online()));
	await waitFor(() => phones.every((phone) => phone.self?.groupId), 'everyone in a group');
	const groups = [...new Set(phones.map((phone) => phone.self!.groupId!))];
	expect(groups).toHaveLength(2);
	const sheets = groups.map((group) => new YClient(cluster.url, `${session.id}/${group}`, phones.find((phone) => phone.self!.groupId === group)!));
	await Promise.all(sheets.map((sheet) => sheet.synced()));
	return { session, host, phones, groups, sheets };
}

/** Every rating a phone was told is stored is in the database with that value, and nobody joined twice. */
export async function expectAcknowledgedStored(cluster: Cluster, sessionId: string, phones: RoutedPhone[]): Promise<void> {
	const { rows } = await cluster.db.query<{ token_hash: string; item_id: string; value: number }>(
		'SELECT p.token_hash, r.item_id, r.value FROM ratings r JOIN participants p ON p.id = r.participant_id WHERE r.session_id = $1',
		[sessionId]
	);
	const stored = new Map(rows.map((row) => [`${row.token_hash}/${row.item_id}`, Number(row.value)]));
	for (const phone of phones) {
		for (const [itemId, value] of phone.acknowledged) expect(stored.get(`${hashSecret(phone.token)}/${itemId}`)).toBe(value);
	}
	const participants = await cluster.db.query<{ n: string }>('SELECT count(*) AS n FROM participants WHERE session_id = $1', [sessionId]);
	expect(Number(participants.rows[0].n)).toBe(phones.length);
}
