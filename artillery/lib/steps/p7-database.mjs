// P7: no acknowledged message lost or duplicated, every one in the database with its seq.
import { existsSync, readFileSync } from 'node:fs';
import { backendRequire } from '../../../scripts/lib/services.mjs';

const pg = backendRequire('pg');

/** P7 over the API's runs (P2, P3): the database check plus the deliveries the clients saw. */
export async function measureP7(h, services, setup, { apiRuns, ackedFiles }) {
  const duplicateDeliveries = apiRuns.reduce((n, r) => n + r.seqCheck.duplicateDeliveries, 0);
  const p7 = await h.timed('P7 database check', () =>
    verifyDatabase(
      h,
      services.databaseUrl,
      ackedFiles,
      setup.conversations.map((c) => c.id),
      duplicateDeliveries,
    ),
  );
  p7.missingDeliveries = apiRuns.reduce((n, r) => n + r.seqCheck.missingDeliveries, 0);
  return p7;
}

/**
 * P7: every message acked in `ackedFiles` (lines sender,clientMessageId,conversation,seq) is in
 * the database once, with the acked seq; every conversation's seqs run 1..last_seq without gaps.
 */
export async function verifyDatabase(
  h,
  databaseUrl,
  ackedFiles,
  conversationIds,
  duplicateDeliveries,
) {
  const rows = ackedFiles
    .filter((f) => existsSync(f))
    .flatMap((f) => readFileSync(f, 'utf8').split('\n').filter(Boolean))
    .map((line) => line.split(','));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let found = 0;
    let distinct = 0;
    let matching = 0;
    for (let i = 0; i < rows.length; i += 20_000) {
      const batch = rows.slice(i, i + 20_000);
      const {
        rows: [r],
      } = await client.query(
        `SELECT count(*)::int AS found,
                count(DISTINCT (m.sender_id, m.client_message_id))::int AS distinct_found,
                count(*) FILTER (WHERE m.conversation_id = a.c AND m.seq = a.q)::int AS matching
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[]) AS a(s, cmid, c, q)
           JOIN messages m ON m.sender_id = a.s AND m.client_message_id = a.cmid`,
        [
          batch.map((x) => x[0]),
          batch.map((x) => x[1]),
          batch.map((x) => x[2]),
          batch.map((x) => x[3]),
        ],
      );
      found += r.found;
      distinct += r.distinct_found;
      matching += r.matching;
    }
    const { rows: convs } = await client.query(
      `SELECT c.id, c.last_seq::bigint AS last_seq, count(m.seq)::bigint AS n,
              count(DISTINCT m.seq)::bigint AS d, coalesce(min(m.seq), 0)::bigint AS lo,
              coalesce(max(m.seq), 0)::bigint AS hi
         FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
        WHERE c.id = ANY($1::uuid[]) GROUP BY c.id`,
      [conversationIds],
    );
    const bad = convs.filter(
      (c) =>
        !(
          c.n === c.d &&
          c.n === c.last_seq &&
          c.hi === c.last_seq &&
          (c.n === '0' || c.lo === '1')
        ),
    );
    const {
      rows: [stored],
    } = await client.query(
      `SELECT count(*)::int AS n FROM messages WHERE conversation_id = ANY($1::uuid[]) AND client_message_id LIKE $2`,
      [conversationIds, `${h.tag}-api-%`],
    );
    return {
      acked: rows.length,
      found: distinct,
      lost: rows.length - distinct,
      duplicated: found - distinct,
      seqMismatches: distinct - matching,
      conversationsChecked: convs.length,
      badConversations: bad.length,
      duplicateDeliveries,
      storedWithoutAck: stored.n - distinct,
    };
  } finally {
    await client.end();
  }
}
