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
// Usage: PORT=0 node artillery/baseline/relay.mjs   -> prints "RELAY_LISTENING <port>"
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { backendRequire } from '../../scripts/lib/services.mjs';

const { Server } = backendRequire('socket.io');

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
    io.to(room).emit('message:new', message);
    ack({ ok: true, data: message });
  });
});

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
