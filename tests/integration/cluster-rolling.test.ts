import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../helpers/cluster';
import { usePostgres } from '../helpers/postgres';
import { expectAcknowledgedStored, leaderItems, openClusterRoom } from '../helpers/cluster-room';
import type { RoutedPhone } from '../helpers/routed-clients';
import { waitFor, YClient } from '../helpers/yjs';

const PHONES = 30;

const postgres = usePostgres();

describe('a rolling restart', () => {
	let cluster: Cluster | undefined;
	afterAll(async () => {
		await cluster?.stop();
	});

	it('restarts both processes in turn during rating and typing: nothing acknowledged is lost, nobody twice, every client back by itself', async () => {
		cluster = await startCluster(await postgres.freshDatabase());
		const { session, host, phones, groups, sheets } = await openClusterRoom(cluster, PHONES);

		// Rating and typing all the time.
		let round = 0;
		const rating = setInterval(() => {
			round++;
			for (const [p, phone] of phones.entries()) phone.rate(leaderItems[(p + round) % leaderItems.length], (p + round) % 5);
		}, 300);
		const typing = setInterval(() => sheets.forEach((sheet, index) => sheet.text.insert(sheet.text.length, 'xy'[index])), 40);

		// The session's process first, then the other (which holds the session by then).
		const first = (await cluster.ownerOf(session.id))!;
		for (const app of [first, ...cluster.apps.filter((other) => other !== first)]) {
			const connectsBefore = phones.map((phone) => phone.connects);
			// The second may hold the session by now, or have handed it back to the first (nginx
			// routes the session to its process again once it is back).
			const owned = (await cluster.ownerOf(session.id)) === app;
			await app.stop('SIGTERM');
			// Drained: its clients were sent to the other process, which holds the session now.
			const back = (phone: RoutedPhone, p: number) => phone.socket.connected && (!owned || phone.connects > connectsBefore[p]);
			await waitFor(() => phones.every(back), `every phone back after ${app.name}`, 15_000).catch(async (error) => {
				console.log(JSON.stringify(phones.map((phone, p) => [phone.socket.connected, connectsBefore[p], phone.connects, phone.errors.slice(-6)])), (await cluster!.ownerOf(session.id))?.name, Date.now() % 100000);
				for (const each of cluster!.apps) console.log(each.name, each.running, each.output.slice(-4000), await fetch(`${each.url}/privacy`).then((r) => r.status, (e) => String(e)));
				console.log('nginx', cluster!.nginx.errorLog().slice(-3000), await fetch(`${cluster!.url}/privacy`).then((r) => r.status, (e) => String(e)));
				throw error;
			});
			await app.start();
		}
		clearInterval(rating);
		clearInterval(typing);

		await waitFor(() => phones.every((phone) => phone.waiting === 0), 'every rating acknowledged', 20_000);
		await expectAcknowledgedStored(cluster, session.id, phones);

		// The sheets: what each typist wrote is on the server, whole.
		for (const sheet of sheets) await sheet.roundTrip();
		for (const [index, group] of groups.entries()) {
			const reader = new YClient(cluster.url, `${session.id}/${group}`, host);
			await reader.synced();
			expect(reader.text.toString()).toBe(sheets[index].text.toString());
			reader.destroy();
		}
		expect(host.socket.connected).toBe(true);
		expect(await host.emit('step:next', { from: 'leader-model' })).toEqual({ data: null });
		for (const sheet of sheets) sheet.destroy();
		for (const client of [host, ...phones]) client.close();
	}, 120_000);
});
