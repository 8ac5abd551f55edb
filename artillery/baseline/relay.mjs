#!/usr/bin/env node
// The baseline the real-time figures are compared with: a bare Socket.IO relay. Same socket.io
// version (resolved from the backend, like the API) and the same server options as the API's
// adapter (path /socket.io, maxHttpBufferSize 64 KiB, websocket transport used by the clients),
// but no auth, no database, no Redis (in-memory adapter).
//
// A client connects with `auth: {conversationId, userId, username}` and is put in the rooms
// `user:<userId>` and `conversation:<conversationId>` before `connect` reaches it (as the API
// does). `message:send` {conversationId, clientMessageId, body} numbers the message per room,
// broadcasts `message:new` to the room (sender included, like the API) with a payload of the
// API's Message shape, then acknowledges `{ok:true, data: message}`.
//
// With DURABLE_DATABASE_URL it is the **durable relay** (P9): the least any chat that is durable
// before visible must do. Each message is inserted into PostgreSQL (a table with one index, the
// server's durability: a commit waits for its WAL flush) before it is broadcast and acknowledged,
// and inserts are group-committed as our send path does: the messages that arrive while batches
// are being written go together in the next one (one multi-row INSERT, one transaction, one WAL
// flush), up to DURABLE_BATCHES batches at once (3, like SendBatcher) of at most 200 messages.
//
// Usage: PORT=0 [DURABLE_DATABASE_URL=postgres://...] node artillery/baseline/relay.mjs
//   -> prints "RELAY_LISTENING <port>"
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { backendRequire } from '../../scripts/lib/services.mjs';

const { Server } = backendRequire('socket.io');
const durableUrl = process.env.DURABLE_DATABASE_URL;
const MAX_BATCHES = Number(process.env.DURABLE_BATCHES ?? 3);
const MAX_BATCH_SIZE = 200;

const port = Number(process.env.PORT ?? 0);
const maxHttpBufferSize = Number(process.env.SOCKET_MAX_PAYLOAD_BYTES ?? 65_536);

const http = createServer((req, res) => {
  res.writeHead(req.url === '/health' ? 200 : 404, { 'content-type': 'application/json' });
  res.end(req.url === '/health' ? '{"status":"ok"}' : '{"statusCode":404}');
});
const io = new Server(http, { path: '/socket.io', maxHttpBufferSize });

const seqs = new Map();

io.use((socket, next) => {
  const { conversationId, userId, username } = socket.handshake.auth ?? {};
  if (typeof conversationId !== 'string' || typeof userId !== 'string') {
    return next(new Error('unauthorized'));
  }
  const now = new Date(0).toISOString();
  socket.data.user = {
    id: userId,
    username: username ?? 'user',
    displayName: username ?? 'user',
    avatarUrl: null,
    isBot: false,
    createdAt: now,
  };
  socket.join([`user:${userId}`, `conversation:${conversationId}`]);
  next();
});

io.on('connection', (socket) => {
  socket.on('message:send', (payload, ack) => {
    if (typeof ack !== 'function') return;
    if (
      typeof payload !== 'object' ||
      payload === null ||
      typeof payload.conversationId !== 'string' ||
      typeof payload.clientMessageId !== 'string' ||
      typeof payload.body !== 'string'
    ) {
      ack({ ok: false, error: { code: 'VALIDATION', message: 'bad payload' } });
      return;
    }
    const room = `conversation:${payload.conversationId}`;
    if (!socket.rooms.has(room)) {
      ack({ ok: false, error: { code: 'NOT_FOUND', message: 'conversation not found' } });
      return;
    }
    const seq = (seqs.get(room) ?? 0) + 1;
    seqs.set(room, seq);
    const message = {
      id: randomUUID(),
      conversationId: payload.conversationId,
      seq,
      sender: socket.data.user,
      body: payload.body.trim(),
      clientMessageId: payload.clientMessageId,
      replyToId: null,
      kind: 'text',
      status: 'complete',
      createdAt: new Date().toISOString(),
      editedAt: null,
      deletedAt: null,
    };
    const deliver = () => {
      io.to(room).emit('message:new', message);
      ack({ ok: true, data: message });
    };
    const fail = () =>
      ack({ ok: false, error: { code: 'UNAVAILABLE', message: 'the database refused the write' } });
    if (store) store.submit(message, deliver, fail);
    else deliver();
  });
});

/** Group commit into a one-index table, as described at the top. */
function durableStore(pool) {
  const queue = [];
  let writing = 0;
  const flush = () => {
    while (writing < MAX_BATCHES && queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH_SIZE);
      writing += 1;
      const rows = batch.map((b) => b.message);
      pool
        .query(
          `INSERT INTO relay_messages (conversation_id, seq, id, sender_id, body, client_message_id, created_at)
           SELECT * FROM unnest($1::uuid[], $2::bigint[], $3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::timestamptz[])`,
          [
            rows.map((m) => m.conversationId),
            rows.map((m) => m.seq),
            rows.map((m) => m.id),
            rows.map((m) => m.sender.id),
            rows.map((m) => m.body),
            rows.map((m) => m.clientMessageId),
            rows.map((m) => m.createdAt),
          ],
        )
        .then(
          () => batch.forEach((b) => b.deliver()),
          (error) => {
            process.stderr.write(`durable relay: insert failed: ${error.message}\n`);
            batch.forEach((b) => b.fail());
          },
        )
        .finally(() => {
          writing -= 1;
          flush();
        });
    }
  };
  return {
    submit(message, deliver, fail) {
      queue.push({ message, deliver, fail });
      // Sends that arrive in the same turn of the event loop go in one batch.
      if (queue.length === 1) setImmediate(flush);
    },
  };
}

let store = null;
if (durableUrl) {
  const pg = backendRequire('pg');
  const pool = new pg.Pool({ connectionString: durableUrl, max: MAX_BATCHES });
  await pool.query(`DROP TABLE IF EXISTS relay_messages`);
  await pool.query(`CREATE TABLE relay_messages (
    conversation_id uuid NOT NULL,
    seq bigint NOT NULL,
    id uuid NOT NULL,
    sender_id uuid NOT NULL,
    body text NOT NULL,
    client_message_id text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (conversation_id, seq))`);
  store = durableStore(pool);
}

http.listen(port, '127.0.0.1', () => {
  process.stdout.write(`RELAY_LISTENING ${http.address().port}\n`);
});

const stop = () => {
  io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
