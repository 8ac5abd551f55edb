#!/usr/bin/env node
// What encryption at rest adds to the send path and to a page read, measured ABAB in one process
// against one database, so a busy machine slows both sides alike: rounds of group-committed
// sends (send_messages, 50 per call, 10 members) with encryption off and on in turn, and the
// newest 50-message page read and opened, plaintext against sealed; then the CPU cost of sealing
// and opening one body.
// Usage: npm run build -w backend && node scripts/with-services.mjs node backend/scripts/encryption-costs.mjs
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
require('reflect-metadata');
const { DataSource } = require('typeorm');
const { typeOrmOptions } = require('../dist/database/typeorm-options.js');
const { migrateWithLock } = require('../dist/database/migrator.js');
const { KeyRing } = require('../dist/common/encryption/key-ring.js');
const { sealMessageText, openMessageText } = require('../dist/common/encryption/message-body.js');
const { pageStatement, sendStatement } = require('../dist/modules/messages/message-statements.js');

const ROUNDS = Number(process.env.ROUNDS ?? 40);
const BATCH = 50;
const MEMBERS = 10;
const BODY = 'Lunch at noon? The usual place, and bring the quarterly numbers please.';

const dataSource = await new DataSource(typeOrmOptions(process.env.DATABASE_URL, 2)).initialize();
await migrateWithLock(dataSource);
const q = (sql, params) => dataSource.query(sql, params);
const ring = KeyRing.fromSpec(`k1:${randomBytes(32).toString('base64')}`);
const seal = (body, conversationId) => sealMessageText(ring, body, conversationId);

const users = [];
for (let i = 0; i < MEMBERS; i++) {
  const [u] = await q(`INSERT INTO users (username, display_name) VALUES ($1, $1) RETURNING id`, [
    `cost_${Date.now().toString(36)}_${i}`,
  ]);
  users.push(u.id);
}
/** A group of MEMBERS: one for the plaintext sends, one for the sealed ones. */
async function group() {
  const [c] = await q(
    `INSERT INTO conversations (type, title, created_by) VALUES ('group', 'costs', $1) RETURNING id`,
    [users[0]],
  );
  await q(
    `INSERT INTO conversation_members (conversation_id, user_id) SELECT $1, unnest($2::uuid[])`,
    [c.id, users],
  );
  return c.id;
}
const plainGroup = await group();
const sealedGroup = await group();

const items = (conversationId) =>
  Array.from({ length: BATCH }, (_, i) => ({
    conversationId,
    senderId: users[i % MEMBERS],
    clientMessageId: randomUUID(),
    body: `${BODY} @${i}`,
    replyToId: null,
    attachmentIds: [],
    threadRootId: null,
    alsoToConversation: false,
    forwardedFrom: null,
  }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const timed = async (run) => {
  const start = performance.now();
  await run();
  return performance.now() - start;
};

const send = { off: [], on: [] };
for (let round = 0; round < ROUNDS; round++) {
  // A then B, then B then A: each side goes first half of the time.
  const order = round % 2 === 0 ? ['off', 'on'] : ['on', 'off'];
  for (const mode of order) {
    const batch = items(mode === 'off' ? plainGroup : sealedGroup);
    // Sealing is part of the send: timed with the statement.
    const run = () => q(...(mode === 'off' ? sendStatement(batch) : sendStatement(batch, seal)));
    send[mode].push((await timed(run)) / BATCH);
  }
}

const page = { off: [], on: [] };
for (let round = 0; round < ROUNDS * 5; round++) {
  for (const mode of round % 2 === 0 ? ['off', 'on'] : ['on', 'off']) {
    const conversationId = mode === 'off' ? plainGroup : sealedGroup;
    page[mode].push(
      await timed(async () => {
        const rows = await q(...pageStatement(conversationId, users[1], {}, 50));
        if (mode === 'on') for (const r of rows) openMessageText(ring, r.body, r.conversation_id);
      }),
    );
  }
}

const N = 20_000;
const sealed = [];
let start = performance.now();
for (let i = 0; i < N; i++) sealed.push(seal(BODY, plainGroup));
const sealUs = ((performance.now() - start) * 1000) / N;
start = performance.now();
for (const s of sealed) openMessageText(ring, s, plainGroup);
const openUs = ((performance.now() - start) * 1000) / N;

const fmt = (x) => x.toFixed(3);
console.log(
  JSON.stringify({
    rounds: ROUNDS,
    sendMsPerMessage: { off: fmt(median(send.off)), on: fmt(median(send.on)) },
    page50Ms: { off: fmt(median(page.off)), on: fmt(median(page.on)) },
    sealUsPerBody: fmt(sealUs),
    openUsPerBody: fmt(openUs),
  }),
);
await dataSource.destroy();
