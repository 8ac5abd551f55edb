import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { type ApiProcess, running, startApi } from './support/api-process';
import { asUser } from './support/chat';
import { LoadClient } from './support/load-client';
import { buildBackend } from './support/processes';
import { createDatabase, DisposablePostgres, DisposableRedis, waitFor } from './support/services';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

const GROUPS = 4;
const GROUP_SIZE = 6;
/** Each client sends one message, waits for its ack, pauses this long, and so on. */
const SEND_INTERVAL_MS = 100;
const TEST_TIMEOUT_MS = 90_000;

interface Group {
  conversationId: string;
  clients: LoadClient[];
}

/**
 * Faults under load, on real processes (dist/main.js) over loopback: 24 people in 4 groups
 * send continuously over two API instances while an instance is killed, Redis is killed, or
 * Postgres is stopped. Each test ends with every acknowledged message in the database exactly
 * once, every person holding the conversation's whole sequence, and no process gone except
 * the one killed on purpose. The recovery times measured are printed.
 */
describe('faults under load', () => {
  let redis: DisposableRedis;
  let postgres: DisposablePostgres;
  let databaseUrl: string;
  let db: Client;
  const apis: ApiProcess[] = [];
  const sockets: TestClient[] = [];

  const api = async (env: Record<string, string> = {}) => {
    const started = await startApi({
      DATABASE_URL: databaseUrl,
      REDIS_URL: redis.url,
      ...env,
    });
    apis.push(started);
    return started;
  };

  beforeAll(async () => {
    buildBackend();
    [redis, postgres] = await Promise.all([DisposableRedis.start(), DisposablePostgres.start()]);
    databaseUrl = await createDatabase(postgres.url, 'chat_faults_load');
  }, TEST_TIMEOUT_MS);
  afterEach(async () => {
    sockets.splice(0).forEach((s) => s.close());
    await db?.end().catch(() => undefined);
    await Promise.all(apis.splice(0).map((a) => a.stop()));
  });
  afterAll(async () => {
    await redis.down();
    await postgres.dispose();
  });

  const connectDb = async () => {
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  };

  /** GROUPS groups of GROUP_SIZE new people; member i of each group starts on urls[i % 2]. */
  async function loadGroups(first: ApiProcess, second: ApiProcess): Promise<Group[]> {
    const people = await Promise.all(
      Array.from({ length: GROUPS * GROUP_SIZE }, (_, i) =>
        register(i % 2 ? second.url : first.url),
      ),
    );
    return Promise.all(
      Array.from({ length: GROUPS }, async (_, g) => {
        const members = people.slice(g * GROUP_SIZE, (g + 1) * GROUP_SIZE);
        const created = await asUser(first.url, members[0])
          .post('/api/v1/conversations', {
            type: 'group',
            title: `load ${g}`,
            memberIds: members.slice(1).map((m) => m.user.id),
          })
          .expect(201);
        const conversationId = created.body.id as string;
        const clients = members.map(
          (m: Session, i) =>
            new LoadClient({
              urls: i % 2 ? [second.url, first.url] : [first.url, second.url],
              token: m.accessToken,
              conversationId,
              intervalMs: SEND_INTERVAL_MS,
            }),
        );
        return { conversationId, clients };
      }),
    );
  }

  /** Waits (polling) until a condition on what the clients recorded holds. */
  const until = (condition: () => boolean, timeoutMs: number, what: string) =>
    waitFor(() => Promise.resolve(condition()), timeoutMs, what);
  const everyone = (groups: Group[]) => groups.flatMap((g) => g.clients);
  const ackedTotal = (groups: Group[]) =>
    everyone(groups).reduce((sum, c) => sum + c.acked.size, 0);
  const acksSince = (c: LoadClient, since: number) =>
    [...c.acked.values()].filter((a) => a.at >= since).length;
  /** Waits until every client has had `count` sends acknowledged since `since`. */
  const allAckedSince = (groups: Group[], since: number, count: number, what: string) =>
    until(() => everyone(groups).every((c) => acksSince(c, since) >= count), 30_000, what);
  /** The longest time any client waited, from `since`, for its first acknowledgement. */
  const recoveryMs = (groups: Group[], since: number) =>
    Math.max(...everyone(groups).map((c) => c.firstAckAfter(since)! - since));

  /**
   * Nothing acknowledged is lost or doubled, every message of the run was finally stored once,
   * and every client, after catching up, holds the conversation's exact sequence.
   */
  async function expectNoLossNoDoubles(groups: Group[]): Promise<void> {
    await Promise.all(everyone(groups).map((c) => c.stop()));
    for (const group of groups) {
      const { rows } = await db.query<{ id: string; seq: string; client_message_id: string }>(
        `SELECT id, seq, client_message_id FROM messages WHERE conversation_id = $1 ORDER BY seq`,
        [group.conversationId],
      );
      const seqs = rows.map((r) => Number(r.seq));
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
      const byClientId = new Map(rows.map((r) => [r.client_message_id, r]));
      expect(byClientId.size).toBe(rows.length);
      for (const client of group.clients) {
        for (const [clientMessageId, ack] of client.acked) {
          expect(byClientId.get(clientMessageId)).toMatchObject({
            id: ack.id,
            seq: String(ack.seq),
          });
        }
        // Every message generated was acknowledged in the end, each stored exactly once.
        expect(client.generated.filter((id) => !client.acked.has(id))).toEqual([]);
        await client.catchUp();
        expect(client.sequence()).toEqual(seqs);
      }
      // Every message the clients made is stored (once: client ids are unique above).
      const generated = new Set(group.clients.flatMap((c) => c.generated));
      const senders = rows.filter((r) => generated.has(r.client_message_id));
      expect(senders).toHaveLength(generated.size);
    }
  }

  /** Refusals while a dependency was away: UNAVAILABLE only, each answered quickly. */
  function expectFailFast(groups: Group[], since: number, until: number) {
    const refusals = everyone(groups).flatMap((c) =>
      c.refusals.filter((r) => r.at >= since && r.at <= until),
    );
    expect(refusals.length).toBeGreaterThan(0);
    expect(new Set(refusals.map((r) => r.code))).toEqual(new Set(['UNAVAILABLE']));
    const slowest = Math.max(...refusals.map((r) => r.latencyMs));
    expect(slowest).toBeLessThan(5_000);
    expect(everyone(groups).flatMap((c) => c.stalls)).toEqual([]);
    return { refusals: refusals.length, slowestRefusalMs: slowest };
  }

  it(
    'an instance SIGKILLed mid-load: its clients fail over to the survivor, nothing lost or doubled',
    async () => {
      const [a, b] = await Promise.all([api(), api()]);
      await connectDb();
      const groups = await loadGroups(a, b);
      everyone(groups).forEach((c) => c.start());
      await until(() => ackedTotal(groups) >= 150, 30_000, 'load before the kill');

      const killedAt = Date.now();
      a.child.kill('SIGKILL');
      expect(await a.signal).toBe('SIGKILL');
      await allAckedSince(groups, killedAt, 3, 'every client to send on the survivor');
      const recovery = recoveryMs(groups, killedAt);
      expect(everyone(groups).every((c) => c.connectedUrl === b.url)).toBe(true);

      await expectNoLossNoDoubles(groups);
      expect(running(b)).toBe(true);
      console.info(
        `instance killed: every client sending again on the survivor after ${recovery} ms; ` +
          `${ackedTotal(groups)} messages acked, ` +
          `${everyone(groups).reduce((n, c) => n + c.stalls.length, 0)} sends re-sent after the kill`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'no silent tail: the instance dies right after a commit, a member elsewhere still gets it within 5 s',
    async () => {
      const [survivor, doomed] = await Promise.all([
        api(),
        api({ FAULT_INJECTION: 'exit-after-commit' }),
      ]);
      await connectDb();
      const [alice, bob] = await Promise.all([register(survivor.url), register(survivor.url)]);
      const conversationId = await asUser(survivor.url, alice).direct(bob);
      const bobOnSurvivor = await connectClient(survivor.url, bob.accessToken);
      const aliceOnDoomed = await connectClient(doomed.url, alice.accessToken);
      sockets.push(bobOnSurvivor, aliceOnDoomed);

      const send = { conversationId, clientMessageId: randomUUID(), body: 'the last words' };
      aliceOnDoomed.socket.emit('message:send', send);
      expect(await doomed.signal).toBe('SIGKILL');
      const diedAt = Date.now();
      const announced = await bobOnSurvivor.waitFor(
        'message:new',
        (m) => m.body === send.body,
        5_000,
      );
      const deliveredMs = Date.now() - diedAt;
      expect(announced).toMatchObject({ conversationId, seq: 1, sender: { id: alice.user.id } });
      // The commit happened before the death, and the retry on the survivor finds it.
      const aliceOnSurvivor = await connectClient(survivor.url, alice.accessToken);
      sockets.push(aliceOnSurvivor);
      expect(await aliceOnSurvivor.emit('message:send', send)).toEqual({
        ok: true,
        data: expect.objectContaining({ id: announced.id, seq: 1 }),
      });
      const { rows } = await db.query(`SELECT id FROM messages WHERE conversation_id = $1`, [
        conversationId,
      ]);
      expect(rows).toEqual([{ id: announced.id }]);
      // Its delivery row is settled: nothing left to announce again.
      await waitFor(
        async () =>
          (
            await db.query(`SELECT 1 FROM message_delivery_outbox WHERE message_id = $1`, [
              announced.id,
            ])
          ).rowCount === 0,
        5_000,
        'the outbox row to be settled',
      );
      expect(running(survivor)).toBe(true);
      console.info(
        `no silent tail: announced by the survivor's relay ${deliveredMs} ms after the death`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Redis killed and restarted under load: UNAVAILABLE at once, no exit, recovers by itself',
    async () => {
      const [a, b] = await Promise.all([api(), api()]);
      await connectDb();
      const groups = await loadGroups(a, b);
      everyone(groups).forEach((c) => c.start());
      await until(() => ackedTotal(groups) >= 100, 30_000, 'load before Redis goes');

      const downAt = Date.now();
      await redis.down();
      await until(
        () => everyone(groups).every((c) => c.refusals.some((r) => r.at >= downAt)),
        15_000,
        'every client to be refused while Redis is down',
      );
      await redis.up();
      const upAt = Date.now();
      await allAckedSince(groups, upAt, 3, 'every client to send again after Redis returned');
      const recovery = recoveryMs(groups, upAt);
      const failFast = expectFailFast(groups, downAt, upAt);
      await expectLiveAcrossInstances(groups, upAt);

      await expectNoLossNoDoubles(groups);
      expect([running(a), running(b)]).toEqual([true, true]);
      console.info(
        `Redis down: ${failFast.refusals} sends refused with UNAVAILABLE, slowest answer ` +
          `${failFast.slowestRefusalMs} ms; every client sending again ${recovery} ms after Redis returned`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'Postgres stopped and started under load: UNAVAILABLE at once, no exit, recovers by itself',
    async () => {
      const [a, b] = await Promise.all([api(), api()]);
      await connectDb();
      const groups = await loadGroups(a, b);
      everyone(groups).forEach((c) => c.start());
      await until(() => ackedTotal(groups) >= 100, 30_000, 'load before Postgres goes');

      await db.end();
      const downAt = Date.now();
      await postgres.down();
      await until(
        () => everyone(groups).every((c) => c.refusals.some((r) => r.at >= downAt)),
        15_000,
        'every client to be refused while Postgres is down',
      );
      await postgres.up();
      const upAt = Date.now();
      await allAckedSince(groups, upAt, 3, 'every client to send again after Postgres returned');
      const recovery = recoveryMs(groups, upAt);
      const failFast = expectFailFast(groups, downAt, upAt);
      await expectLiveAcrossInstances(groups, upAt);

      await connectDb();
      await expectNoLossNoDoubles(groups);
      expect([running(a), running(b)]).toEqual([true, true]);
      console.info(
        `Postgres down: ${failFast.refusals} sends refused with UNAVAILABLE, slowest answer ` +
          `${failFast.slowestRefusalMs} ms; every client sending again ${recovery} ms after Postgres returned`,
      );
    },
    TEST_TIMEOUT_MS,
  );

  /**
   * Fan-out works again across instances: a message acknowledged after recovery reaches,
   * live, every member of its group on both instances.
   */
  async function expectLiveAcrossInstances(groups: Group[], since: number): Promise<void> {
    await Promise.all(
      groups.map(async (group) => {
        const latest = Math.max(
          ...group.clients.flatMap((c) =>
            [...c.acked.values()].filter((a) => a.at >= since).map((a) => a.seq),
          ),
        );
        await until(
          () => group.clients.every((c) => c.live.has(latest)),
          5_000,
          `seq ${latest} to reach every member live`,
        );
      }),
    );
  }
});
