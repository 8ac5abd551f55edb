import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import request from 'supertest';
import { createRedis } from '../src/common/redis/redis.module';
import type { AppConfig } from '../src/config/app-config';
import { startOpsServer } from '../src/modules/health/ops-server';
import type { UserDto } from '../src/modules/users/dto/user.dto';
import { UserProfileCache } from '../src/modules/users/user-profile-cache';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';
import { sampleValue } from '../../scripts/lib/prometheus-text.mjs';

const profile = (id: string, displayName: string): UserDto => ({
  id,
  username: id,
  displayName,
  avatarUrl: null,
  isBot: false,
  serverRole: 'member',
  deactivated: false,
  support: false,
  createdAt: new Date(0).toISOString(),
});

/** A loader that counts its calls and answers from a mutable "table". */
function table(rows: Record<string, string>) {
  const calls: string[][] = [];
  const load = (ids: string[]) => {
    calls.push(ids);
    return Promise.resolve(ids.filter((id) => rows[id]).map((id) => profile(id, rows[id])));
  };
  return { rows, calls, load };
}

describe('sender profile cache (two processes over one Redis)', () => {
  const config = { REDIS_URL: process.env.REDIS_URL } as AppConfig;
  const redis = [createRedis(config, 'test-a'), createRedis(config, 'test-b')];
  const [one, two] = redis.map((r) => new UserProfileCache(r, config));

  beforeAll(async () => {
    await Promise.all([one.onModuleInit(), two.onModuleInit()]);
  });
  afterAll(async () => {
    await Promise.all([one.onApplicationShutdown(), two.onApplicationShutdown()]);
    await Promise.all(redis.map((r) => r.quit()));
  });

  it('reads a profile once, then from memory, until it changes anywhere', async () => {
    const id = `u-${Date.now()}`;
    const db = table({ [id]: 'Alice' });
    expect(await two.getMany([id], db.load)).toEqual([profile(id, 'Alice')]);
    expect(await two.getMany([id], db.load)).toEqual([profile(id, 'Alice')]);
    expect(db.calls).toEqual([[id]]);

    // Changed through the other process: this one forgets it once the publish arrives.
    db.rows[id] = 'Alice Liddell';
    await one.invalidate(id);
    const seen = await waitFor(async () => {
      const [p] = await two.getMany([id], db.load);
      return p.displayName === 'Alice Liddell' && p;
    });
    expect(seen).toEqual(profile(id, 'Alice Liddell'));
    expect(db.calls).toHaveLength(2);
  });

  it('does not keep a profile read while it was being changed', async () => {
    const id = `u-${Date.now()}-race`;
    let release!: () => void;
    const slowOld = (ids: string[]) =>
      new Promise<UserDto[]>((resolve) => (release = () => resolve([profile(ids[0], 'Old')])));
    const reading = one.getMany([id], slowOld);
    await one.invalidate(id);
    release();
    expect(await reading).toEqual([profile(id, 'Old')]);
    const db = table({ [id]: 'New' });
    expect(await one.getMany([id], db.load)).toEqual([profile(id, 'New')]);
  });

  it('loads only the ids it does not hold, in one call', async () => {
    const [x, y] = [`u-${Date.now()}-x`, `u-${Date.now()}-y`];
    const db = table({ [x]: 'X', [y]: 'Y' });
    await one.getMany([x], db.load);
    const both = await one.getMany([x, y], db.load);
    expect(both.map((p) => p.displayName).sort()).toEqual(['X', 'Y']);
    expect(db.calls).toEqual([[x], [y]]);
  });
});

describe('send path of two API instances', () => {
  let a: TestApp;
  let b: TestApp;
  let ops: Server;
  let opsUrl: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    ops = await startOpsServer(a.app, '127.0.0.1', 0);
    opsUrl = `http://127.0.0.1:${(ops.address() as AddressInfo).port}`;
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(async () => {
    ops.close();
    await Promise.all([a.close(), b.close()]);
  });

  it("messages carry the sender's new name on every instance right after a profile change", async () => {
    const [alice, bob] = [await register(a.url), await register(b.url)];
    const id = await asUser(a.url, alice).direct(bob);
    const bobOnB = await connectClient(b.url, bob.accessToken);
    clients.push(bobOnB);

    // Sent through B: B now holds Alice's profile.
    const first = await asUser(b.url, alice).send(id, 'before');
    const before = await bobOnB.waitFor('message:new', (m) => m.id === first.id);
    expect(before.sender.displayName).toBe(alice.user.displayName);

    // Renamed through A; Bob hears of it on B.
    await asUser(a.url, alice)
      .patch('/api/v1/users/me', { displayName: 'Alice Renamed' })
      .expect(200);
    await bobOnB.waitFor('user:updated', (u) => u.displayName === 'Alice Renamed');

    const second = await asUser(b.url, alice).send(id, 'after');
    const after = await bobOnB.waitFor('message:new', (m) => m.id === second.id);
    expect(after.sender.displayName).toBe('Alice Renamed');
    const page = await asUser(b.url, bob).get(`/api/v1/conversations/${id}/messages`).expect(200);
    expect(page.body.items.map((m: { sender: UserDto }) => m.sender.displayName)).toEqual([
      'Alice Renamed',
      'Alice Renamed',
    ]);
  });

  it('does not compress WebSocket frames, even when the client offers permessage-deflate', async () => {
    const alice = await register(a.url);
    const client = await connectClient(a.url, alice.accessToken);
    clients.push(client);
    // socket.io-client (ws) offers permessage-deflate by default; the server must decline it,
    // or every broadcast is deflated once per socket instead of framed once for the room.
    const transport = client.socket.io.engine.transport as unknown as {
      name: string;
      ws: { extensions: string };
    };
    expect(transport.name).toBe('websocket');
    expect(transport.ws.extensions).toBe('');
  });

  it('exposes event-loop delay p50/p90/p99/max since the previous scrape on the operations port', async () => {
    const scrape = async () => (await request(opsUrl).get('/metrics').expect(200)).text;
    const quantile = (text: string, q: string) => {
      const value = sampleValue(text, 'event_loop_delay_seconds', `quantile="${q}"`);
      if (value === null)
        throw new Error(`no event_loop_delay_seconds{quantile="${q}"} in /metrics`);
      return value;
    };
    await scrape();
    // This test runs in the API's process: holding the loop for 100 ms is a 100 ms delay.
    const until = performance.now() + 100;
    while (performance.now() < until);
    const blocked = await scrape();
    for (const q of ['0.5', '0.9', '0.99']) expect(quantile(blocked, q)).toBeGreaterThanOrEqual(0);
    expect(quantile(blocked, '1')).toBeGreaterThanOrEqual(0.09);
    // Read and reset: the next scrape covers only the time since this one.
    expect(quantile(await scrape(), '1')).toBeLessThan(0.09);
    expect(blocked).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
  });

  it('counts sockets, stored messages, refused sends, ack times, active people and dependencies', async () => {
    const scrape = async () => (await request(opsUrl).get('/metrics').expect(200)).text;
    const value = (text: string, name: string, labels = '') => {
      const found = sampleValue(text, name, labels);
      if (found === null) throw new Error(`no ${name}{${labels}} in /metrics`);
      return found;
    };
    const [alice, bob, eve] = await Promise.all([1, 2, 3].map(() => register(a.url)));
    const id = await asUser(a.url, alice).direct(bob);
    const before = await scrape();

    const sockets = [
      await connectClient(a.url, alice.accessToken),
      await connectClient(a.url, bob.accessToken),
    ];
    clients.push(...sockets);
    const sent = await sockets[0].emit('message:send', {
      conversationId: id,
      clientMessageId: `m-${id}`,
      body: 'counted',
    });
    expect(sent.ok).toBe(true);
    const refused = await connectClient(a.url, eve.accessToken);
    clients.push(refused);
    const denied = await refused.emit('message:send', {
      conversationId: id,
      clientMessageId: `x-${id}`,
      body: 'not mine',
    });
    expect(denied).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const after = await scrape();

    const delta = (name: string, labels = '') =>
      value(after, name, labels) - value(before, name, labels);
    expect(delta('chat_sockets_connected')).toBe(3);
    expect(delta('chat_messages_total', 'kind="text"')).toBe(1);
    expect(delta('chat_send_errors_total', 'code="NOT_FOUND"')).toBe(1);
    expect(delta('chat_send_errors_total', 'code="INTERNAL"')).toBe(0);
    expect(delta('chat_send_ack_seconds_count')).toBe(1);
    expect(value(after, 'chat_active_users', 'window="1h"')).toBeGreaterThanOrEqual(3);
    expect(value(after, 'chat_dependency_up', 'dependency="postgres"')).toBe(1);
    expect(value(after, 'chat_dependency_up', 'dependency="redis"')).toBe(1);

    for (const socket of [...sockets, refused]) socket.close();
    await waitFor(
      async () =>
        value(await scrape(), 'chat_sockets_connected') ===
          value(before, 'chat_sockets_connected') || undefined,
    );
  });

  /** Sends written and statements used so far by instance A's batcher. */
  const batches = async () => {
    const text = (await request(opsUrl).get('/metrics').expect(200)).text;
    const figure = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)![1]);
    return {
      sends: figure('message_send_batch_size_sum'),
      statements: figure('message_send_batch_size_count'),
    };
  };

  const seqsOf = async (url: string, reader: Session, id: string) =>
    (await asUser(url, reader).get(`/api/v1/conversations/${id}/messages?limit=100`).expect(200))
      .body.items as { seq: number; body: string; clientMessageId: string }[];

  it('writes concurrent sends of many people in shared statements, with every guarantee kept', async () => {
    const people = await Promise.all(Array.from({ length: 6 }, () => register(a.url)));
    const [hub, ...others] = people;
    const ids = await Promise.all(others.map((o) => asUser(a.url, hub).direct(o)));
    const sockets = await Promise.all(others.map((o) => connectClient(a.url, o.accessToken)));
    clients.push(...sockets);
    const before = await batches();

    // Each person bursts 10 sends without waiting for acknowledgements, the first one twice.
    const acks = await Promise.all(
      sockets.flatMap((socket, p) =>
        [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) =>
          socket.emit('message:send', {
            conversationId: ids[p],
            clientMessageId: `gc-${p}-${n}`,
            body: `${p}:${n}`,
          }),
        ),
      ),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);

    const after = await batches();
    expect(after.sends - before.sends).toBe(55);
    // Sharing happened: fewer statements than sends.
    expect(after.statements - before.statements).toBeLessThan(55);

    for (const [p, id] of ids.entries()) {
      const page = await seqsOf(a.url, hub, id);
      // Sender order, no gap, the retried id stored once.
      expect(page.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(page.map((m) => m.body)).toEqual(Array.from({ length: 10 }, (_, n) => `${p}:${n}`));
    }
  });

  it('answers each send of a shared statement on its own: refusals do not fail the others', async () => {
    const [alice, bob, mallory] = await Promise.all([
      register(a.url),
      register(a.url),
      register(a.url),
    ]);
    const id = await asUser(a.url, alice).direct(bob);
    const aliceSocket = await connectClient(a.url, alice.accessToken);
    const mallorySocket = await connectClient(a.url, mallory.accessToken);
    clients.push(aliceSocket, mallorySocket);

    const [ok1, stranger, badReply, ok2] = await Promise.all([
      aliceSocket.emit('message:send', { conversationId: id, clientMessageId: 'm1', body: 'one' }),
      mallorySocket.emit('message:send', { conversationId: id, clientMessageId: 'x', body: 'no' }),
      aliceSocket.emit('message:send', {
        conversationId: id,
        clientMessageId: 'm-bad',
        body: 'reply',
        replyToId: '00000000-0000-4000-8000-000000000000',
      }),
      aliceSocket.emit('message:send', { conversationId: id, clientMessageId: 'm2', body: 'two' }),
    ]);
    expect(ok1).toMatchObject({ ok: true, data: { seq: 1, body: 'one' } });
    expect(stranger).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(badReply).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(ok2).toMatchObject({ ok: true, data: { seq: 2, body: 'two' } });
    expect((await seqsOf(a.url, alice, id)).map((m) => m.clientMessageId)).toEqual(['m1', 'm2']);
  });

  it('numbers without gaps when two instances race the same client ids', async () => {
    const [alice, bob] = [await register(a.url), await register(a.url)];
    const id = await asUser(a.url, alice).direct(bob);
    const sends = Array.from({ length: 20 }, (_, n) => [
      asUser(a.url, alice).send(id, `race ${n}`, `race-${n}`),
      asUser(b.url, alice).send(id, `race ${n}`, `race-${n}`),
    ]).flat();
    const stored = await Promise.all(sends);
    // Both copies of each id answer the same message.
    for (let n = 0; n < 20; n += 1) expect(stored[2 * n].id).toBe(stored[2 * n + 1].id);
    const after = await asUser(a.url, alice).send(id, 'after the race');
    const page = await seqsOf(a.url, alice, id);
    expect(page.map((m) => m.seq)).toEqual(Array.from({ length: 21 }, (_, n) => n + 1));
    expect(after.seq).toBe(21);
  });
});
