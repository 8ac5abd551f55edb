#!/usr/bin/env node
// Seeds a conversation of 1,000,000 messages (plus a user in 1,000 conversations) into a
// throwaway database and prints EXPLAIN ANALYZE for the messaging hot paths. For search, the
// 1,000 group conversations get 1,000 messages each (another 1,000,000), with one person in 900
// of them and one in 5, and the search statements are timed and explained as the API runs them.
// Usage: npm run explain -w backend   (runs under scripts/with-services.mjs)
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { DataSource } = require('typeorm');
const { typeOrmOptions } = require('../dist/database/typeorm-options.js');
const { migrateWithLock } = require('../dist/database/migrator.js');
const { SearchRepository } = require('../dist/modules/search/search.repository.js');
const { AtRestEncryption } = require('../dist/common/encryption/at-rest-encryption.js');
const { parseSearch } = require('../dist/modules/search/search-query.js');
const { plainVectorSql } = require('../dist/modules/search/search.sql.js');
const { pageStatement, sendStatement } = require('../dist/modules/messages/message-statements.js');

const MESSAGES = Number(process.env.EXPLAIN_MESSAGES ?? 1_000_000);
const GROUPS = 1_000;
const GROUP_MESSAGES = Number(process.env.EXPLAIN_GROUP_MESSAGES ?? 1_000);
const dataSource = await new DataSource(typeOrmOptions(process.env.DATABASE_URL, 4)).initialize();
await migrateWithLock(dataSource);
const q = (sql, params) => dataSource.query(sql, params);

console.log(`seeding ${MESSAGES.toLocaleString()} messages...`);
const started = Date.now();
const [alice] = await q(
  `INSERT INTO users (username, display_name) VALUES ('alice', 'Alice') RETURNING id`,
);
const [bob] = await q(
  `INSERT INTO users (username, display_name) VALUES ('bob', 'Bob') RETURNING id`,
);
const [conv] = await q(
  `INSERT INTO conversations (type, direct_key, last_seq, created_by) VALUES ('direct', $1, $2, $3) RETURNING id`,
  [`${alice.id}:${bob.id}`, MESSAGES, alice.id],
);
await q(`INSERT INTO conversation_members (conversation_id, user_id) VALUES ($1, $2), ($1, $3)`, [
  conv.id,
  alice.id,
  bob.id,
]);
await q(
  `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id, created_at)
   SELECT $1, s, CASE WHEN s % 2 = 0 THEN $2::uuid ELSE $3::uuid END, 'message number ' || s, 'seed-' || s,
          now() - ($4::int - s) * interval '1 second'
   FROM generate_series(1, $4::int) s`,
  [conv.id, alice.id, bob.id, MESSAGES],
);
// Alice is also in 1,000 other conversations, for the conversation list query.
await q(
  `WITH c AS (
     INSERT INTO conversations (type, title, last_seq, created_by, updated_at)
     SELECT 'group', 'group ' || g, $2::int, $1, now() - (g || ' minutes')::interval FROM generate_series(1, $3::int) g
     RETURNING id)
   INSERT INTO conversation_members (conversation_id, user_id) SELECT id, $1 FROM c`,
  [alice.id, GROUP_MESSAGES, GROUPS],
);
// Search: the groups' messages interleave in time with each other and with the direct chat.
// Words follow Zipf's law over a 5,000-word vocabulary (the commonest, "hello", is in about
// half the messages); "meeting" is in 5%, "Zanzíbar" in 50 messages, and "deploy" in every
// message of the 100 groups the 900-conversation caller is not in (frequent, but not for them);
// "number" is in every message of the big conversation, which neither searching caller is in.
const [carol] = await q(
  `INSERT INTO users (username, display_name) VALUES ('carol', 'Carol') RETURNING id`,
);
const [dave] = await q(
  `INSERT INTO users (username, display_name) VALUES ('dave', 'Dave') RETURNING id`,
);
await q(
  `CREATE TEMP TABLE seed_groups AS
     SELECT id, row_number() OVER (ORDER BY title) - 1 AS n FROM conversations WHERE type = 'group'`,
);
await q(
  `INSERT INTO conversation_members (conversation_id, user_id)
     SELECT id, $1::uuid FROM seed_groups WHERE n < 900
     UNION ALL SELECT id, $2::uuid FROM seed_groups WHERE n % 200 = 7`,
  [carol.id, dave.id],
);
await q(
  `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id, created_at)
   SELECT g.id, i / $2::int + 1, $1::uuid,
          (SELECT string_agg(CASE WHEN w = 1 THEN 'hello'
                    ELSE translate(to_hex((w * 2654435761) % 16777216), '0123456789', 'ghijklmnop') END, ' ')
             FROM (SELECT floor(exp(random() * ln(5000)))::bigint AS w
                     FROM generate_series(1, 3 + (i * 7) % 10 + 0 * i)) words)
          || CASE WHEN i % 20 = 3 THEN ' meeting' ELSE '' END
          || CASE WHEN i % 20011 = 5 THEN ' Zanzíbar' ELSE '' END
          || CASE WHEN g.n >= 900 THEN ' deploy' ELSE '' END,
          'group-seed-' || i,
          now() - ($3::int - i) * ($4::int * interval '1 second' / $3::int) + interval '1 millisecond'
     FROM generate_series(0, $3::int - 1) i JOIN seed_groups g ON g.n = i % $5::int`,
  [alice.id, GROUPS, GROUPS * GROUP_MESSAGES, MESSAGES, GROUPS],
);
// The API's search indexer fills search vectors after each send; the seed does it at once,
// with the GIN index built afterwards (far faster than maintaining it row by row).
const [searchIndex] = await q(`SELECT pg_get_indexdef('messages_search_idx'::regclass) AS def`);
await q(`DROP INDEX messages_search_idx`);
await q(
  `UPDATE messages SET search_vector = ${plainVectorSql(`to_tsvector('chat_search'::regconfig, body)`, 'conversation_id')}
    WHERE search_vector IS NULL AND body IS NOT NULL`,
);
await dataSource.transaction(async (manager) => {
  await manager.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  await manager.query(searchIndex.def);
});
// Steady state: autovacuum would otherwise run during the timings below.
await q('VACUUM ANALYZE');
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

const plans = [
  [
    'newest page (limit 50 + 1, with membership and reactions)',
    ...pageStatement(conv.id, alice.id, {}, 51),
  ],
  ['older page (beforeSeq)', ...pageStatement(conv.id, alice.id, { beforeSeq: 500_000 }, 51)],
  ['catch-up page (afterSeq)', ...pageStatement(conv.id, alice.id, { afterSeq: 999_000 }, 51)],
  [
    'idempotency lookup',
    `SELECT * FROM messages WHERE sender_id = $1 AND client_message_id = $2`,
    [alice.id, 'seed-4242'],
  ],
  [
    'membership check',
    `SELECT * FROM conversation_members WHERE conversation_id = $1 AND user_id = $2`,
    [conv.id, alice.id],
  ],
  [
    'conversation list (30 newest of 1,001)',
    `SELECT c.*, m.last_read_seq FROM conversations c
       JOIN conversation_members m ON m.conversation_id = c.id AND m.user_id = $1
      ORDER BY c.updated_at DESC, c.id DESC LIMIT 31`,
    [alice.id],
  ],
  [
    'last messages of a page of conversations',
    `SELECT * FROM messages WHERE (conversation_id, seq) IN (SELECT * FROM unnest($1::uuid[], $2::bigint[]))`,
    [[conv.id], [MESSAGES]],
  ],
];

for (const [name, sql, params] of plans) {
  const rows = await q(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
  const lines = rows.map((r) => r['QUERY PLAN']);
  console.log(`### ${name}`);
  console.log(lines.map((l) => `    ${l}`).join('\n'));
  console.log();
}

// The send path: one send_messages statement (src/database/sql/send_messages.sql) per group
// commit, timed inside transactions that are rolled back (a batch of 1 and one of 50 sends to
// the big conversation; 50 runs each): messages outside threads, then thread replies (the root
// check, and record_thread_reply's summary and followers) to one root.
const [threadRoot] = await q(`SELECT id FROM messages WHERE conversation_id = $1 AND seq = $2`, [
  conv.id,
  MESSAGES - 10,
]);
const runner = dataSource.createQueryRunner();
console.log('### send_messages (send path, one statement per batch; rolled back)');
for (const [kind, threadRootId] of [
  ['messages', null],
  ['thread replies', threadRoot.id],
]) {
  for (const size of [1, 50]) {
    const times = [];
    for (let run = 0; run < 50; run += 1) {
      const items = Array.from({ length: size }, (_, i) => ({
        conversationId: conv.id,
        senderId: alice.id,
        clientMessageId: `explain-${size}-${run}-${i}`,
        body: `an explained message ${run} ${i}`,
        replyToId: null,
        attachmentIds: [],
        threadRootId,
        alsoToConversation: false,
      }));
      await runner.startTransaction();
      const t = performance.now();
      await runner.query(...sendStatement(items));
      times.push(performance.now() - t);
      await runner.rollbackTransaction();
    }
    times.sort((a, b) => a - b);
    const at = (p) => times[Math.min(times.length - 1, Math.floor(p * times.length))].toFixed(2);
    console.log(`    ${kind}, batch of ${size}: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms`);
  }
}
await runner.release();
console.log();

// Message search exactly as the API runs it: the statements one search sends are explained,
// then the whole search (compile, scope, matches, highlights) is timed.
const search = new SearchRepository(dataSource, AtRestEncryption.fromEnv({}));
const sent = [];
const runStatement = search.run.bind(search);
search.run = (statement) => {
  sent.push(statement);
  return runStatement(statement);
};
async function searchOnce(userId, text) {
  const compiled = await search.compile(parseSearch(text));
  const scope = await search.scope(userId);
  const found = await search.matches(scope, compiled, null, 21);
  await search.headlines(
    found.slice(0, 20).map((f) => f.id),
    compiled.query,
  );
  return { scope, found };
}
const SAMPLES = 100;
const table = [];
for (const [caller, user] of [
  ['5 conversations', dave],
  ['900 conversations', carol],
]) {
  for (const [kind, text] of [
    ['rare', 'zanzibar'],
    ['frequent', 'hello'],
    ['frequent elsewhere', 'deploy'],
    ['in 1,000,000 messages elsewhere', 'number'],
    ['5% + 50%', 'meeting hello'],
  ]) {
    sent.length = 0;
    const { scope, found } = await searchOnce(user.id, text);
    const statements = sent.filter((st) => /(FROM|JOIN) messages m/.test(st.sql));
    const plan = await search.plan(scope);
    const planName = plan.kind === 'scope' ? 'scope read whole' : `recent window ${plan.window}`;
    console.log(
      `### search "${text}" (${kind}), caller in ${caller}: ${planName}, ${found.length} found`,
    );
    for (const statement of statements) {
      const rows = await q(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
      console.log(rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
      console.log();
    }
    const samples = [];
    for (let i = 0; i < SAMPLES; i++) {
      const t0 = performance.now();
      await searchOnce(user.id, text);
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    const pct = (p) =>
      samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)];
    table.push({
      caller,
      text,
      kind,
      plan: planName,
      statements: sent.length,
      p50: pct(50),
      p99: pct(99),
    });
  }
}
console.log(`### search timings (whole search, ${SAMPLES} runs each, ms)`);
console.log('    | caller | query | plan | p50 | p99 |');
console.log('    | --- | --- | --- | ---: | ---: |');
for (const r of table) {
  console.log(
    `    | ${r.caller} | ${r.text} (${r.kind}) | ${r.plan} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`,
  );
}
await dataSource.destroy();
