#!/usr/bin/env node
// What PostgreSQL spends per message on the send path, and what a change to the schema saves:
// variants of the schema timed in alternation (ABAB...) on one throwaway database. Three
// connections (as SendBatcher's three batches in flight) each commit `send_messages` batches of
// SEND_COST_BATCH (3) sends to different groups, autocommitted (`synchronous_commit` on: each
// waits for its WAL flush), then delete their delivery outbox rows as the announcer does. The
// figure is the CPU time of those three backends per message (from /proc: insensitive to other
// processes' load, unlike a wall-clock rate), and the WAL bytes per message.
// Usage: npm run send-cost -w backend
// Env: SEND_COST_SECONDS (8) per variant and round, SEND_COST_ROUNDS (3), SEND_COST_BATCH (3).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { DataSource } = require('typeorm');
const { Client } = require('pg');
const { typeOrmOptions } = require('../dist/database/typeorm-options.js');
const { migrateWithLock } = require('../dist/database/migrator.js');
const { sendStatement } = require('../dist/modules/messages/message-statements.js');

const SECONDS = Number(process.env.SEND_COST_SECONDS ?? 8);
const ROUNDS = Number(process.env.SEND_COST_ROUNDS ?? 3);
const BATCH = Number(process.env.SEND_COST_BATCH ?? 3);
const GROUPS = 60;
const MEMBERS = 10;
const url = process.env.DATABASE_URL;

const botTrigger = readFileSync(
  join(import.meta.dirname, '..', 'dist', 'database', 'sql', 'request_bot_replies.sql'),
  'utf8',
);

/** Each variant: what it changes, and how to undo it. `base` changes nothing. */
const VARIANTS = {
  // request_bot_replies as it was before its early return (migration BotRepliesOnlyWhenOwed).
  'bot trigger joining for every message': {
    apply: [botTrigger.replace(/ {2}-- Most messages owe no bot:[\s\S]*?END IF;\n/, '')],
    undo: [botTrigger],
  },
  base: { apply: [], undo: [] },
  'outbox unlogged': {
    apply: ['ALTER TABLE message_delivery_outbox SET UNLOGGED'],
    undo: ['ALTER TABLE message_delivery_outbox SET LOGGED'],
  },
  'without messages_sender_created_idx': {
    apply: ['DROP INDEX messages_sender_created_idx'],
    undo: ['CREATE INDEX messages_sender_created_idx ON messages (sender_id, created_at, id)'],
  },
  // What the outbox costs at all: the most any cheaper mechanism could save.
  'without the delivery outbox': {
    apply: ['ALTER TABLE messages DISABLE TRIGGER messages_record_delivery'],
    undo: ['ALTER TABLE messages ENABLE TRIGGER messages_record_delivery'],
  },
  // The same for the bot trigger, on messages no bot must answer (the common case).
  'without the bot trigger': {
    apply: ['ALTER TABLE messages DISABLE TRIGGER messages_request_bot_replies'],
    undo: ['ALTER TABLE messages ENABLE TRIGGER messages_request_bot_replies'],
  },
};
const chosen = (process.env.SEND_COST_VARIANTS ?? Object.keys(VARIANTS).join(','))
  .split(',')
  .map((v) => v.trim());

const dataSource = await new DataSource(typeOrmOptions(url, 2)).initialize();
await migrateWithLock(dataSource);
const q = (sql, params) => dataSource.query(sql, params);
const users = await q(
  `INSERT INTO users (username, display_name)
     SELECT 'cost' || n, 'Cost ' || n FROM generate_series(1, $1::int) n RETURNING id`,
  [GROUPS * MEMBERS],
);
const groups = [];
for (let g = 0; g < GROUPS; g += 1) {
  const members = users.slice(g * MEMBERS, (g + 1) * MEMBERS).map((u) => u.id);
  const [conv] = await q(
    `INSERT INTO conversations (type, title, created_by) VALUES ('group', $1, $2) RETURNING id`,
    [`cost ${g}`, members[0]],
  );
  await q(
    `INSERT INTO conversation_members (conversation_id, user_id) SELECT $1, unnest($2::uuid[])`,
    [conv.id, members],
  );
  groups.push({ id: conv.id, members });
}
await q('VACUUM ANALYZE');
await q('CHECKPOINT');

const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
};
const walBytes = async () =>
  BigInt((await q(`SELECT pg_current_wal_insert_lsn() - '0/0' AS b`))[0].b);

let counter = 0;
async function run(seconds) {
  const clients = await Promise.all(
    [0, 1, 2].map(async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')).rows;
      return { c, pid };
    }),
  );
  const cpuBefore = clients.map(({ pid }) => cpuMs(pid));
  const walBefore = await walBytes();
  const until = Date.now() + seconds * 1000;
  let messages = 0;
  await Promise.all(
    clients.map(async ({ c }) => {
      while (Date.now() < until) {
        const items = Array.from({ length: BATCH }, (_, i) => {
          counter += 1;
          const group = groups[counter % GROUPS];
          return {
            i,
            conversationId: group.id,
            senderId: group.members[counter % MEMBERS],
            clientMessageId: `cost-${counter}`,
            body: `a message of the cost run, number ${counter}`,
            replyToId: null,
            attachmentIds: [],
            threadRootId: null,
            alsoToConversation: false,
          };
        });
        const { rows } = await c.query(...sendStatement(items));
        const ids = rows.flatMap((r) => (r.message ? [r.message.id] : []));
        await c.query('DELETE FROM message_delivery_outbox WHERE message_id = ANY($1::uuid[])', [
          ids,
        ]);
        messages += ids.length;
      }
    }),
  );
  const cpu = clients.reduce((sum, { pid }, i) => sum + cpuMs(pid) - cpuBefore[i], 0);
  const wal = Number((await walBytes()) - walBefore);
  await Promise.all(clients.map(({ c }) => c.end()));
  return { messages, cpu, wal };
}

const results = Object.fromEntries(chosen.map((v) => [v, []]));
await run(2); // warm-up
for (let round = 1; round <= ROUNDS; round += 1) {
  for (const name of chosen) {
    for (const sql of VARIANTS[name].apply) await q(sql);
    const r = await run(SECONDS);
    for (const sql of VARIANTS[name].undo) await q(sql);
    results[name].push(r);
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(
      `round ${round} ${name}: ${r.messages} messages, ${((r.cpu * 1000) / r.messages).toFixed(0)} µs backend CPU and ${(r.wal / r.messages).toFixed(0)} B of WAL per message (load average ${load})`,
    );
  }
}
console.log('\nmedian over the rounds: backend CPU per message, WAL per message');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
for (const name of chosen) {
  const cpu = median(results[name].map((r) => (r.cpu * 1000) / r.messages));
  const wal = median(results[name].map((r) => r.wal / r.messages));
  console.log(`  ${name}: ${cpu.toFixed(0)} µs, ${wal.toFixed(0)} B`);
}
await dataSource.destroy();
