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
const PHONES = 30;

const postgres = usePostgres();

describe('a rolling restart', () => {
	let cluster: Cluster | undefined;
	afterAll(async () => {
		await cluster?.stop();
	});

	it('restarts both processes in turn during rating and typing: nothing acknowledged is lost, nobody twice, every client back by itself', async () => {
		cluster = await startCluster(await postgres.freshDatabase());
		const session = await createSession(cluster.url);
		const host = await new RoutedClient(cluster.url, { role: 'facilitator', sessionId: session.id, key: session.facilitatorKey }).online();
		expect(await host.emit('groups:setup', { count: 2, mode: 'auto' })).toEqual({ data: null });
		expect(await host.emit('step:goto', { index: leaderStep })).toEqual({ data: null });
		const phones = Array.from({ length: PHONES }, () => new RoutedPhone(cluster!.url, session.code));
		await Promise.all(phones.map((phone) => phone.online()));
		await waitFor(() => phones.every((phone) => phone.self?.groupId), 'everyone in a group');
		const groups = [...new Set(phones.map((phone) => phone.self!.groupId!))];
		const sheets = groups.map((group) => new YClient(cluster!.url, `${session.id}/${group}`, phones.find((phone) => phone.self!.groupId === group)!));
		await Promise.all(sheets.map((sheet) => sheet.synced()));

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

		// The sheets: what each typist wrote is on the server, whole.
		for (const sheet of sheets) await sheet.roundTrip();
		for (const [index, group] of groups.entries()) {
			const reader = new YClient(cluster.url, `${session.id}/${group}`, host);
			await reader.synced();
			expect(reader.text.toString()).toBe(sheets[index].text.toString());
			reader.destroy();
		}
		expect(host.socket.connected).toBe(true);
		expect(await host.emit('step:next', { from: introTool.steps[leaderStep].id })).toEqual({ data: null });
		for (const sheet of sheets) sheet.destroy();
		for (const client of [host, ...phones]) client.close();
	}, 120_000);
});
