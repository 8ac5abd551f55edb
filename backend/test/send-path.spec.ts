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
import { register } from './support/users';

const profile = (id: string, displayName: string): UserDto => ({
  id,
  username: id,
  displayName,
  avatarUrl: null,
  isBot: false,
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
  const redis = [createRedis(config.REDIS_URL, 'test-a'), createRedis(config.REDIS_URL, 'test-b')];
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
      const match = new RegExp(`^event_loop_delay_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm').exec(
        text,
      );
      if (!match) throw new Error(`no event_loop_delay_seconds{quantile="${q}"} in /metrics`);
      return Number(match[1]);
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
});
