import { afterAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../../server/keys';
import { introTool } from '../../src/lib/template/intro-tool';
import { startCluster, type Cluster } from '../helpers/cluster';
import { usePostgres } from '../helpers/postgres';
import { RoutedClient, RoutedPhone } from '../helpers/routed-clients';
import { createSession } from '../helpers/server';
import { waitFor, YClient } from '../helpers/yjs';

const leaderStep = introTool.steps.findIndex((step) => step.id === 'leader-model');
const leaderItems = introTool.items.filter((item) => item.model === 'leader').map((item) => item.id);
const PHONES = 100;
/** The bound for every client to be back by itself after its process died. */
const RESUME_WITHIN_MS = 10_000;

const postgres = usePostgres();

/** Types one letter every `everyMs` into the sheet, and remembers what the text was when. */
function typist(sheet: YClient, letter: string, everyMs = 25) {
	const history: Array<{ at: number; text: string }> = [];
	const timer = setInterval(() => {
		sheet.text.insert(sheet.text.length, letter);
		history.push({ at: Date.now(), text: sheet.text.toString() });
	}, everyMs);
	return {
		stop: () => clearInterval(timer),
		/** The text as it was `ms` before `at`. */
		textBefore: (at: number, ms: number) => history.filter((entry) => entry.at <= at - ms).at(-1)?.text ?? ''
	};
}

describe('two processes behind nginx, one killed', () => {
	let cluster: Cluster | undefined;
	afterAll(async () => {
		await cluster?.stop();
	});

	it('keeps every acknowledged rating and the group text, and every client resumes by itself on the other process', async () => {
		cluster = await startCluster(await postgres.freshDatabase());
		const session = await createSession(cluster.url);
		const host = await new RoutedClient(cluster.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online();
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });

		const phones = Array.from({ length: PHONES }, () => new RoutedPhone(cluster!.url, session.code));
		await Promise.all(phones.map((phone) => phone.online()));
		const owner = await cluster.ownerOf(session.id);
		expect(owner).toBeDefined();
		const survivor = cluster.apps.find((app) => app !== owner)!;

		// Everyone rates; every rating is acknowledged.
		for (const [p, phone] of phones.entries()) phone.rate(leaderItems[0], p % 5);
		await waitFor(() => phones.every((phone) => phone.acknowledged.size === 1), 'the first ratings', 20_000);

		// One phone per group types in its group's sheet.
		await waitFor(() => phones.every((phone) => phone.self?.groupId), 'everyone in a group');
		const groups = [...new Set(phones.map((phone) => phone.self!.groupId!))];
		expect(groups).toHaveLength(2);
		const sheets = groups.map((group) => new YClient(cluster!.url, `${session.id}/${group}`, phones.find((phone) => phone.self!.groupId === group)!));
		await Promise.all(sheets.map((sheet) => sheet.synced()));
		const typists = sheets.map((sheet, index) => typist(sheet, 'ab'[index]));

		// Ratings are on their way when the owner dies.
		await new Promise((resolve) => setTimeout(resolve, 1_500));
		for (const [p, phone] of phones.entries()) for (const itemId of leaderItems.slice(1)) phone.rate(itemId, (p + itemId.length) % 5);
		await owner!.stop('SIGKILL');
		const killedAt = Date.now();
		// The typists' phones are gone with it: only what the server stored can come back.
		for (const typing of typists) typing.stop();
		for (const sheet of sheets) sheet.destroy();

		const clients = [host, ...phones];
		await waitFor(() => clients.every((client) => client.socket.connected && client.connects >= 2), 'every client back', RESUME_WITHIN_MS + 5_000);
		const resumedAfter = Date.now() - killedAt;
		expect(resumedAfter).toBeLessThanOrEqual(RESUME_WITHIN_MS);
		expect(await cluster.ownerOf(session.id)).toBe(survivor);

		// What was not acknowledged before the kill is sent again and acknowledged now.
		await waitFor(() => phones.every((phone) => phone.waiting === 0), 'every rating acknowledged', 20_000).catch((error) => {
			console.log(JSON.stringify(phones.filter((phone) => phone.waiting > 0).map((phone) => [phone.waiting, phone.connects, phone.self?.ratings, phone.replies])));
			console.log(survivor.output.slice(-3000));
			throw error;
		});
		const { rows } = await cluster.db.query<{ token_hash: string; item_id: string; value: number }>(
			'SELECT p.token_hash, r.item_id, r.value FROM ratings r JOIN participants p ON p.id = r.participant_id WHERE r.session_id = $1',
			[session.id]
		);
		const stored = new Map(rows.map((row) => [`${row.token_hash}/${row.item_id}`, Number(row.value)]));
		for (const phone of phones) {
			for (const [itemId, value] of phone.acknowledged) expect(stored.get(`${hashSecret(phone.token)}/${itemId}`)).toBe(value);
		}
		const participants = await cluster.db.query<{ n: string }>('SELECT count(*) AS n FROM participants WHERE session_id = $1', [session.id]);
		expect(Number(participants.rows[0].n)).toBe(PHONES);

		// The group text typed until a second before the kill was stored, and the new owner has it.
		for (const [index, group] of groups.entries()) {
			const reader = new YClient(cluster.url, `${session.id}/${group}`, host);
			await reader.synced();
			expect(reader.text.toString().startsWith(typists[index].textBefore(killedAt, 1_000))).toBe(true);
			expect(typists[index].textBefore(killedAt, 1_000).length).toBeGreaterThan(10);
			reader.destroy();
		}

		// The facilitator steers on.
		expect(await host.emit('step:next', { from: introTool.steps[leaderStep].id })).toEqual({ data: null });
		for (const client of clients) client.close();
	}, 90_000);
});
