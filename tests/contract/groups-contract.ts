import { describe, expect, it } from 'vitest';
import { StaleStateError, UnknownParticipantError } from '../../server/store/errors';
import type { Store } from '../../server/store/types';
import { holding, newSession, titled, token, type Current } from './fixture';

const join = (store: Store, sessionId: string, tokenHash: string, nickname = '', group: string | null = null) =>
	store.joinParticipant(sessionId, tokenHash, nickname, group, Date.now());

/** Participants and their groups. */
export function groupsContract(current: Current): void {
	describe('participants and groups', () => {
		it('joins once per token, also when joins with one token race (from two connections)', async () => {
			const { store } = current();
			const other = await current().another();
			try {
				const { id } = await newSession(store);
				await holding(other, id);
				const tokenHash = token();
				const joins = await Promise.all(Array.from({ length: 12 }, (_, index) => join(index % 2 ? other : store, id, tokenHash, `n${index}`, 'g1')));
				expect(new Set(joins.map((joined) => joined.id)).size).toBe(1);
				expect(joins.filter((joined) => joined.created)).toHaveLength(1);
				const [only] = await store.participants(id);
				expect(await store.participants(id)).toHaveLength(1);
				// Whoever won, every answer describes that one participant.
				for (const joined of joins) expect({ id: joined.id, nickname: joined.nickname, groupId: joined.groupId }).toEqual(only);
				expect(await store.participantByToken(id, tokenHash)).toEqual(only);
			} finally {
				await other.close();
			}
		});

		it('keeps the first join of a token as it was, and lists people in the order they joined', async () => {
			const { store } = current();
			const { id } = await newSession(store);
			const [a, b] = [token(), token()];
			const first = await join(store, id, a, 'Ada', 'g1');
			const second = await join(store, id, b, 'Bo', null);
			expect(first).toMatchObject({ nickname: 'Ada', groupId: 'g1', created: true });
			expect(await join(store, id, a, 'Someone else', 'g2')).toEqual({ ...first, created: false });
			expect(await store.participants(id)).toEqual([
				{ id: first.id, nickname: 'Ada', groupId: 'g1' },
				{ id: second.id, nickname: 'Bo', groupId: null }
			]);
			// A token belongs to one session.
			const elsewhere = await newSession(store);
			expect(await store.participantByToken(elsewhere.id, a)).toBeUndefined();
		});

		it('keeps a nickname exactly as given, whatever characters it has (quotes, backslashes, braces, Danish letters, emoji)', async () => {
			const { store } = current();
			const { id } = await newSession(store);
			const names = ['"Ø\\\'', '{a,b} NULL', 'Åse \\u0041 æø', '👩🏽‍💼 "x"', 'null'];
			const joined = await Promise.all(names.map((nickname) => join(store, id, token(), nickname, 'g1')));
			expect(joined.map((person) => person.nickname)).toEqual(names);
			expect((await store.participants(id)).map((person) => person.nickname).sort()).toEqual([...names].sort());
		});

		it('saves the state and moves people together, at the version loaded', async () => {
			const { store } = current();
			const { id, state } = await newSession(store);
			const [a, b] = [await join(store, id, token()), await join(store, id, token())];
			const next = await store.saveGroups(titled(state, 'grouped'), 1, [
				{ participantId: a.id, groupId: 'g1' },
				{ participantId: b.id, groupId: 'g2' }
			]);
			expect(next).toBe(2);
			expect(await store.sessionById(id)).toMatchObject({ version: 2, state: { title: 'grouped' } });
			expect((await store.participants(id)).map((member) => member.groupId)).toEqual(['g1', 'g2']);
			expect(await store.saveGroups(state, 2, [{ participantId: a.id, groupId: null }])).toBe(3);
			expect((await store.participants(id)).map((member) => member.groupId)).toEqual([null, 'g2']);
		});

		it('moves all or nobody: a move naming someone who is not in the session changes nothing', async () => {
			const { store } = current();
			const { id, state } = await newSession(store);
			const elsewhere = await newSession(store);
			const [a, b] = [await join(store, id, token(), 'a', 'g1'), await join(store, id, token(), 'b', 'g1')];
			const stranger = await join(store, elsewhere.id, token(), 's', 'g9');
			for (const missing of [a.id + b.id + stranger.id + 1000, stranger.id]) {
				const moves = [
					{ participantId: a.id, groupId: 'g2' },
					{ participantId: missing, groupId: 'g2' },
					{ participantId: b.id, groupId: 'g3' }
				];
				const refused = store.saveGroups(titled(state, 'moved'), 1, moves);
				await expect(refused).rejects.toBeInstanceOf(UnknownParticipantError);
				await expect(refused).rejects.toMatchObject({ sessionId: id, participantId: missing });
				expect(await store.sessionById(id)).toMatchObject({ version: 1, state: { title: state.title } });
				expect((await store.participants(id)).map((member) => member.groupId)).toEqual(['g1', 'g1']);
				expect(await store.participants(elsewhere.id)).toEqual([{ id: stranger.id, nickname: 's', groupId: 'g9' }]);
			}
		});

		it('refuses group moves at a stale version, and moves nobody', async () => {
			const { store } = current();
			const { id, state } = await newSession(store);
			const a = await join(store, id, token(), 'a', 'g1');
			await store.saveState(titled(state, 'first'), 1);
			const refused = store.saveGroups(titled(state, 'second'), 1, [{ participantId: a.id, groupId: 'g2' }]);
			await expect(refused).rejects.toBeInstanceOf(StaleStateError);
			expect(await store.sessionById(id)).toMatchObject({ version: 2, state: { title: 'first' } });
			expect(await store.participants(id)).toEqual([{ id: a.id, nickname: 'a', groupId: 'g1' }]);
		});
	});
}
