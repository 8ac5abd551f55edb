import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { type ApiProcess, running, startApi } from './support/api-process';
import { asUser } from './support/chat';
import { type FieldSpec, fuzzCases, HOSTILE_VALUES, seededRandom } from './support/fuzz';
import { buildBackend } from './support/processes';
import { connectClient, type TestClient } from './support/sockets';
import { register, type Session } from './support/users';

/** Error codes of the socket contract a refusal may carry: never INTERNAL. */
const REFUSAL_CODES = ['VALIDATION', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED'];
const SEED = 20261125;
const RANDOM_CASES_PER_EVENT = 60;
/** Names socket.io-client refuses to emit itself. */
const UNKNOWN_EVENTS: unknown[] = [
  'admin:makeMeOwner',
  'message:new',
  'message:updated',
  'message:delete',
  'presence',
  'conversation:updated',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'x'.repeat(1000),
  'bad\ud800name',
  '',
  42,
];

/**
 * Hostile and malformed payloads for every client event, generated from a fixed seed, against
 * a real API process: each gets an error acknowledgement with a contract code (never INTERNAL),
 * the process stays up, the socket keeps working, and nothing is stored.
 */
describe('socket fuzzer', () => {
  let api: ApiProcess;
  let db: Client;
  let alice: Session;
  let bob: Session;
  let conversationId: string;
  const sockets: TestClient[] = [];

  beforeAll(async () => {
    buildBackend();
    api = await startApi({
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: process.env.REDIS_URL!,
    });
    [alice, bob] = await Promise.all([register(api.url), register(api.url)]);
    conversationId = await asUser(api.url, alice).direct(bob);
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterEach(() => sockets.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await db?.end();
    await api?.stop();
  });

  const connect = async () => {
    const client = await connectClient(api.url, alice.accessToken);
    sockets.push(client);
    return client;
  };

  /** The acknowledgement, or 'no answer' when none came within the time. */
  const emit = (socket: Socket, event: unknown, ...args: unknown[]): Promise<unknown> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => resolve('no answer'), 5_000);
      const emitAny = socket.emit.bind(socket) as (...a: unknown[]) => void;
      emitAny(event, ...args, (ack: unknown) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  const refusedWithContractCode = (ack: unknown) => {
    const a = ack as { ok?: unknown; error?: { code?: unknown } };
    return a?.ok === false && REFUSAL_CODES.includes(a.error?.code as string);
  };

  const uuidField = (valid: () => string | undefined): FieldSpec => ({
    valid,
    // A well-formed id of a conversation (or message) the caller cannot see is refused too.
    invalid: [true, false, 'not-a-uuid', "'; DROP TABLE messages; --", randomUUID()],
  });
  const events = (): Record<string, Record<string, FieldSpec>> => ({
    'message:send': {
      conversationId: uuidField(() => conversationId),
      clientMessageId: {
        valid: () => randomUUID(),
        invalid: [true, 7, 'has space', "'; DROP TABLE messages; --", 'x'.repeat(65), 'ü'],
      },
      body: { valid: () => 'hello', invalid: [true, false, 12] },
      replyToId: uuidField(() => undefined),
    },
    typing: {
      conversationId: uuidField(() => conversationId),
      isTyping: { valid: () => true, invalid: ['true', 1, 0, 'yes'] },
    },
    'conversation:read': {
      conversationId: uuidField(() => conversationId),
      seq: { valid: () => 0, invalid: [true, '1', -5, 0.5, Number.MAX_SAFE_INTEGER + 1] },
    },
  });

  it('refuses every generated hostile payload with a contract error, and changes nothing', async () => {
    const client = await connect();
    const failures: string[] = [];
    const random = seededRandom(SEED);
    let sent = 0;
    for (const [event, fields] of Object.entries(events())) {
      for (const { name, payload } of fuzzCases(fields, random, RANDOM_CASES_PER_EVENT)) {
        const ack = await emit(client.socket, event, payload);
        sent += 1;
        if (!refusedWithContractCode(ack)) {
          failures.push(`${event} ${name}: ${JSON.stringify(ack)?.slice(0, 200)}`);
        }
      }
      // An extra argument turns the payload into an array: refused too.
      const extra = await emit(client.socket, event, { conversationId }, 'extra');
      if (!refusedWithContractCode(extra)) failures.push(`${event} with an extra argument`);
    }
    for (const event of UNKNOWN_EVENTS) {
      for (const payload of [{ conversationId }, null, ...HOSTILE_VALUES.map((h) => h.value)]) {
        const ack = await emit(client.socket, event, payload);
        sent += 1;
        if (!refusedWithContractCode(ack)) {
          failures.push(
            `unknown event ${JSON.stringify(event)?.slice(0, 40)}: ${JSON.stringify(ack)}`,
          );
        }
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);

    // The same socket still works, and the one valid send is all that was stored.
    expect(client.socket.connected).toBe(true);
    expect(
      await client.emit('message:send', {
        conversationId,
        clientMessageId: randomUUID(),
        body: 'ok',
      }),
    ).toMatchObject({ ok: true, data: { seq: 1, body: 'ok' } });
    await expectOnlyTheValidMessage();
    expect(running(api)).toBe(true);
  });

  it('survives every hostile payload sent without an acknowledgement callback', async () => {
    const client = await connect();
    const random = seededRandom(SEED + 1);
    for (const [event, fields] of Object.entries(events())) {
      for (const { payload } of fuzzCases(fields, random, 20)) client.socket.emit(event, payload);
    }
    for (const event of UNKNOWN_EVENTS) {
      (client.socket.emit.bind(client.socket) as (...a: unknown[]) => void)(event, {
        conversationId,
      });
    }
    // Everything sent before it has been handled once the barrier's answer arrives.
    await client.barrier();
    expect(client.socket.connected).toBe(true);
    await expectOnlyTheValidMessage();
    expect(running(api)).toBe(true);
  });

  it('closes a connection whose frame is over the size limit, before parsing it, and carries on', async () => {
    const client = await connect();
    const disconnected = new Promise<string>((resolve) =>
      client.socket.once('disconnect', resolve),
    );
    client.socket.emit('message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      body: 'y'.repeat(70_000),
    });
    expect(await disconnected).toBe('transport close');
    const next = await connect();
    expect(
      await next.emit('message:send', {
        conversationId,
        clientMessageId: randomUUID(),
        body: 'after',
      }),
    ).toMatchObject({ ok: true, data: { seq: 2 } });
    expect(running(api)).toBe(true);
  });

  /** Only the one valid message exists, and no read marker moved except its sender's. */
  async function expectOnlyTheValidMessage(): Promise<void> {
    const messages = await db.query(
      `SELECT conversation_id, body FROM messages WHERE sender_id = $1 OR conversation_id = $2`,
      [alice.user.id, conversationId],
    );
    expect(messages.rows).toEqual([{ conversation_id: conversationId, body: 'ok' }]);
    const markers = await db.query(
      `SELECT user_id, last_read_seq FROM conversation_members WHERE conversation_id = $1`,
      [conversationId],
    );
    expect(
      Object.fromEntries(markers.rows.map((r) => [r.user_id, Number(r.last_read_seq)])),
    ).toEqual({
      [alice.user.id]: 1,
      [bob.user.id]: 0,
    });
  }
});
