/**
 * Migration 3: `vaegten_hot_batch`, the one call that commits a batch of hot writes
 * (server/store/postgres-batch.ts). Called as a statement of its own it runs in one implicit
 * transaction: everything in it commits together, or (any statement failing) nothing does.
 *
 * 1. The fence (as `Fence.refused` in postgres-leases.ts): the lease rows of the batch's
 *    sessions that name `owner_` are locked FOR SHARE in id order; a session is written only if
 *    its row names `owner_` at the epoch given for it. The others come back in `refused` and
 *    nothing of them is written.
 * 2. Joins (`j_*`, one per session and token): inserted in the order given, then every one read
 *    back, its own or one a racing join committed; `j_created` says which this call inserted.
 * 3. Publications before the first upsert of their row in the batch (`pr_after`/`pd_after`
 *    false), the merged rating and dots upserts (one row per key, published kept), then the
 *    publications after it. The caller splits them so, which is the same as running the writes
 *    one by one in order (a publication finds a row only once it exists).
 * 4. Document updates (`a_*`) appended in the order given: ids grow with it.
 */
export const HOT_BATCH_FUNCTION = `
CREATE FUNCTION vaegten_hot_batch(
	owner_ text, sessions_ text[], epochs_ bigint[],
	j_session text[], j_token text[], j_nickname text[], j_group text[], j_at bigint[],
	r_session text[], r_participant bigint[], r_item text[], r_value integer[], r_at bigint[],
	d_session text[], d_participant bigint[], d_allocation text[], d_at bigint[],
	pr_after boolean[], pr_session text[], pr_participant bigint[], pr_item text[], pr_value integer[],
	pd_after boolean[], pd_session text[], pd_participant bigint[], pd_allocation text[],
	a_session text[], a_doc text[], a_data bytea[],
	OUT refused text[], OUT j_id bigint[], OUT j_name text[], OUT j_group_id text[], OUT j_created boolean[]
) LANGUAGE plpgsql AS $fn$
DECLARE
	held text[];
	inserted bigint[];
BEGIN
	SELECT coalesce(array_agg(l.session_id), '{}') INTO held
	FROM (SELECT session_id, epoch FROM leases WHERE session_id = ANY (sessions_) AND owner = owner_ ORDER BY session_id FOR SHARE) AS l
	JOIN unnest(sessions_, epochs_) AS h (session_id, epoch) ON h.session_id = l.session_id AND h.epoch = l.epoch;
	refused := ARRAY(SELECT s FROM unnest(sessions_) AS s WHERE s <> ALL (held));

	IF cardinality(j_session) > 0 THEN
		WITH added AS (
			INSERT INTO participants (session_id, token_hash, nickname, group_id, created_at)
			SELECT j.session_id, j.token_hash, j.nickname, j.group_id, j.created_at
			FROM unnest(j_session, j_token, j_nickname, j_group, j_at) WITH ORDINALITY AS j (session_id, token_hash, nickname, group_id, created_at, n)
			WHERE j.session_id = ANY (held) ORDER BY j.n
			ON CONFLICT (session_id, token_hash) DO NOTHING RETURNING id
		)
		SELECT coalesce(array_agg(id), '{}') INTO inserted FROM added;
		-- A statement of its own, so it sees the rows of racing joins that committed meanwhile.
		SELECT array_agg(p.id ORDER BY j.n), array_agg(p.nickname ORDER BY j.n), array_agg(p.group_id ORDER BY j.n), array_agg(p.id = ANY (inserted) ORDER BY j.n)
		INTO j_id, j_name, j_group_id, j_created
		FROM unnest(j_session, j_token) WITH ORDINALITY AS j (session_id, token_hash, n)
		LEFT JOIN participants p ON p.session_id = j.session_id AND p.token_hash = j.token_hash;
	END IF;

	IF cardinality(pr_session) > 0 THEN
		UPDATE ratings r SET published = u.value
		FROM unnest(pr_after, pr_session, pr_participant, pr_item, pr_value) AS u (after, session_id, participant_id, item_id, value)
		WHERE NOT u.after AND u.session_id = ANY (held) AND r.session_id = u.session_id AND r.participant_id = u.participant_id AND r.item_id = u.item_id;
	END IF;
	IF cardinality(pd_session) > 0 THEN
		UPDATE dots d SET published = u.allocation
		FROM unnest(pd_after, pd_session, pd_participant, pd_allocation) AS u (after, session_id, participant_id, allocation)
		WHERE NOT u.after AND u.session_id = ANY (held) AND d.session_id = u.session_id AND d.participant_id = u.participant_id;
	END IF;
	IF cardinality(r_session) > 0 THEN
		INSERT INTO ratings (session_id, participant_id, item_id, value, updated_at)
		SELECT u.* FROM unnest(r_session, r_participant, r_item, r_value, r_at) AS u (session_id, participant_id, item_id, value, updated_at)
		WHERE u.session_id = ANY (held)
		ON CONFLICT (session_id, participant_id, item_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at;
	END IF;
	IF cardinality(d_session) > 0 THEN
		INSERT INTO dots (session_id, participant_id, allocation, updated_at)
		SELECT u.* FROM unnest(d_session, d_participant, d_allocation, d_at) AS u (session_id, participant_id, allocation, updated_at)
		WHERE u.session_id = ANY (held)
		ON CONFLICT (session_id, participant_id) DO UPDATE SET allocation = excluded.allocation, updated_at = excluded.updated_at;
	END IF;
	IF cardinality(pr_session) > 0 THEN
		UPDATE ratings r SET published = u.value
		FROM unnest(pr_after, pr_session, pr_participant, pr_item, pr_value) AS u (after, session_id, participant_id, item_id, value)
		WHERE u.after AND u.session_id = ANY (held) AND r.session_id = u.session_id AND r.participant_id = u.participant_id AND r.item_id = u.item_id;
	END IF;
	IF cardinality(pd_session) > 0 THEN
		UPDATE dots d SET published = u.allocation
		FROM unnest(pd_after, pd_session, pd_participant, pd_allocation) AS u (after, session_id, participant_id, allocation)
		WHERE u.after AND u.session_id = ANY (held) AND d.session_id = u.session_id AND d.participant_id = u.participant_id;
	END IF;

	IF cardinality(a_session) > 0 THEN
		INSERT INTO collab_updates (doc, data)
		SELECT a.doc, a.data FROM unnest(a_session, a_doc, a_data) WITH ORDINALITY AS a (session_id, doc, data, n)
		WHERE a.session_id = ANY (held) ORDER BY a.n;
	END IF;
END
$fn$;`;
