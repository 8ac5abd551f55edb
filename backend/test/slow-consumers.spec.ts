import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { Socket as NetSocket } from 'node:net';
import { type ApiProcess, startApi } from './support/api-process';
import { asUser } from './support/chat';
import { buildBackend } from './support/processes';
import { freePort } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register } from './support/users';

const LIMIT = 1_048_576;
/** About 4 kB each, in bursts; loopback's TCP buffers take several MB before any backlog. */
const BURST = 100;
const MAX_MESSAGES = 6_000;
const BODY = 'x'.repeat(3_900);

/** Resident memory of a process, in MB, from /proc. */
function rssMb(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(line?.[1] ?? 0) / 1024;
}

/** The TCP socket under a socket.io-client's WebSocket (ws), to stop reading from it. */
function tcpOf(client: TestClient): NetSocket {
  const transport = client.socket.io.engine.transport as unknown as { ws: { _socket: NetSocket } };
  return transport.ws._socket;
}

/**
 * A socket whose client stops reading is dropped once its server-side backlog passes
 * SOCKET_MAX_BUFFERED_BYTES, while the members who read keep receiving everything.
 */
describe('slow consumers', () => {
  let api: ApiProcess;
  let metricsUrl: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    buildBackend();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    api = await startApi({
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      REDIS_URL: process.env.REDIS_URL ?? '',
      WORKER_MODE: 'none',
      METRICS_PORT: String(metricsPort),
      SOCKET_MAX_BUFFERED_BYTES: String(LIMIT),
    });
    // The build (when sources changed) and the API on a loaded 2-core machine.
  }, 180_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await api?.stop();
  });

  it('drops a socket that stopped reading within seconds; readers get every message', async () => {
    const [alice, bob, carol] = [
      await register(api.url),
      await register(api.url),
      await register(api.url),
    ];
    const created = await asUser(api.url, alice)
      .post('/api/v1/conversations', {
        type: 'group',
        title: 'busy',
        memberIds: [bob.user.id, carol.user.id],
      })
      .expect(201);
    const conversationId = created.body.id as string;
    const sender = await connectClient(api.url, alice.accessToken);
    const reader = await connectClient(api.url, bob.accessToken);
    const stalled = await connectClient(api.url, carol.accessToken);
    clients.push(sender, reader, stalled);
    const closed = new Promise<{ reason: string; code?: number; why?: string }>((resolve) =>
      stalled.socket.once('disconnect', (reason, details) => {
        const context = (details as { context?: { code?: number; reason?: unknown } } | undefined)
          ?.context;
        resolve({ reason, code: context?.code, why: context?.reason?.toString() });
      }),
    );
    tcpOf(stalled).pause();
    const rssBefore = rssMb(api.child.pid!);

    const dropped = async () =>
      /^chat_slow_consumers_dropped_total 1$/m.test(await (await fetch(metricsUrl)).text());
    // Bursts until the server lets the stalled socket go: its backlog grows only once the
    // kernel's buffers on both ends are full.
    const started = Date.now();
    let sent = 0;
    while (sent < MAX_MESSAGES && !(await dropped())) {
      const burst = Array.from({ length: BURST }, (_, j) =>
        sender.emit('message:send', {
          conversationId,
          clientMessageId: randomUUID(),
          body: `${sent + j} ${BODY}`,
        }),
      );
      expect((await Promise.all(burst)).every((ack) => ack.ok)).toBe(true);
      sent += BURST;
    }
    const droppedAfterMs = Date.now() - started;
    expect(await dropped()).toBe(true);
    const rssAfter = rssMb(api.child.pid!);

    // Reading again, the client gets what the kernel held, then the close and its reason.
    tcpOf(stalled).resume();
    const drop = await closed;
    expect(drop).toMatchObject({ reason: 'transport close', code: 1008, why: 'slow consumer' });
    expect(stalled.received('message:new').length).toBeLessThan(sent);
    // The members who read were never touched, and got everything.
    await reader.waitForCount('message:new', sent, 30_000);
    expect(sender.socket.connected && reader.socket.connected).toBe(true);
    process.stdout.write(
      `slow consumer: dropped after ${sent} messages (${droppedAfterMs} ms), API RSS ${rssBefore.toFixed(0)} -> ${rssAfter.toFixed(0)} MB, stalled client got ${stalled.received('message:new').length}\n`,
    );
  });
});
