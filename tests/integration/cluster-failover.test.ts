import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/cluster';
import { usePostgres } from '../helpers/postgres';
import { expectAcknowledgedStored, leaderItems, leaderStep, openClusterRoom } from '../helpers/cluster-room';
import { waitFor, YClient } from '../helpers/yjs';

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
		const { session, host, phones, groups, sheets } = await openClusterRoom(cluster, PHONES);
		const owner = await cluster.ownerOf(session.id);
		expect(owner).toBeDefined();
		const survivor = cluster.apps.find((app) => app !== owner)!;

		// Everyone rates; every rating is acknowledged. One phone per group types in its sheet.
		for (const [p, phone] of phones.entries()) phone.rate(leaderItems[0], p % 5);
		await waitFor(() => phones.every((phone) => phone.acknowledged.size === 1), 'the first ratings', 20_000);
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
		await expectAcknowledgedStored(cluster, session.id, phones);

		// The group text typed until a second before the kill was stored, and the new owner has it.
		for (const [index, group] of groups.entries()) {
			const reader = new YClient(cluster.url, `${session.id}/${group}`, host);
			await reader.synced();
			expect(reader.text.toString().startsWith(typists[index].textBefore(killedAt, 1_000))).toBe(true);
			expect(typists[index].textBefore(killedAt, 1_000).length).toBeGreaterThan(10);
			reader.destroy();
		}

		// The facilitator steers on.
		expect(await host.emit('step:next', { from: 'leader-model' })).toEqual({ data: null });
		for (const client of clients) client.close();
	}, 90_000);
});
