#!/usr/bin/env node
// Seeds a conversation of 1,000,000 messages (plus a user in 1,000 conversations) into a
// throwaway database and prints EXPLAIN ANALYZE for the messaging hot paths.
// Usage: npm run explain -w backend   (runs under scripts/with-services.mjs)
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { DataSource } = require('typeorm');
const { typeOrmOptions } = require('../dist/database/typeorm-options.js');
const { migrateWithLock } = require('../dist/database/migrator.js');

const MESSAGES = Number(process.env.EXPLAIN_MESSAGES ?? 1_000_000);
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
  `INSERT INTO messages (conversation_id, seq, sender_id, body, client_message_id)
   SELECT $1, s, CASE WHEN s % 2 = 0 THEN $2::uuid ELSE $3::uuid END, 'message number ' || s, 'seed-' || s
   FROM generate_series(1, $4::int) s`,
  [conv.id, alice.id, bob.id, MESSAGES],
);
// Alice is also in 1,000 other conversations, for the conversation list query.
await q(
  `WITH c AS (
     INSERT INTO conversations (type, title, last_seq, created_by, updated_at)
     SELECT 'group', 'group ' || g, 0, $1, now() - (g || ' minutes')::interval FROM generate_series(1, 1000) g
     RETURNING id)
   INSERT INTO conversation_members (conversation_id, user_id) SELECT id, $1 FROM c`,
  [alice.id],
);
await q('ANALYZE');
console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

const plans = [
  [
    'newest page (limit 50 + 1)',
    `SELECT * FROM messages WHERE conversation_id = $1 ORDER BY seq DESC LIMIT 51`,
    [conv.id],
  ],
  [
    'older page (beforeSeq)',
    `SELECT * FROM messages WHERE conversation_id = $1 AND seq < $2 ORDER BY seq DESC LIMIT 51`,
    [conv.id, 500_000],
  ],
  [
    'catch-up page (afterSeq)',
    `SELECT * FROM messages WHERE conversation_id = $1 AND seq > $2 ORDER BY seq ASC LIMIT 51`,
    [conv.id, 999_000],
  ],
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

// The send path's seq increment, inside a transaction that is rolled back.
const runner = dataSource.createQueryRunner();
await runner.startTransaction();
const increment = await runner.query(
  `EXPLAIN (ANALYZE) UPDATE conversations SET last_seq = last_seq + 1, updated_at = now() WHERE id = $1 RETURNING last_seq`,
  [conv.id],
);
await runner.rollbackTransaction();
await runner.release();
console.log('### seq increment (send path)');
console.log(increment.map((r) => `    ${r['QUERY PLAN']}`).join('\n'));
await dataSource.destroy();
