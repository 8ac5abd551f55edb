import request from 'supertest';
import { startTestApp, type TestApp } from './support/app';
import { asUser } from './support/chat';
import { waitFor } from './support/services';
import { register, type Session } from './support/users';

/** Waits until `probe` holds (it reads what a stream has received so far). */
const until = (probe: () => boolean, timeoutMs: number, what: string) =>
  waitFor(() => Promise.resolve(probe()), timeoutMs, what);

/** One parsed Server-Sent Event. */
interface SseEvent {
  id?: string;
  event: string;
  data: any;
}

/** A Server-Sent Events client as curl or EventSource would be: fetch, read, parse. */
class SseClient {
  readonly events: SseEvent[] = [];
  private readonly abort = new AbortController();
  private reading: Promise<void> = Promise.resolve();

  static async open(
    url: string,
    token: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; client: SseClient; contentType: string | null }> {
    const client = new SseClient();
    const res = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, ...headers },
      signal: client.abort.signal,
    });
    if (res.ok && res.body) client.reading = client.read(res.body);
    else await res.body?.cancel();
    return { status: res.status, client, contentType: res.headers.get('content-type') };
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = Object.fromEntries(
            block
              .split('\n')
              .filter((line) => line && !line.startsWith(':'))
              .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
          );
          if (fields.event) {
            this.events.push({ id: fields.id, event: fields.event, data: JSON.parse(fields.data) });
          }
        }
      }
    } catch {
      // Aborted by close().
    }
  }

  /** The message:new seqs, in the order they arrived. */
  newSeqs(): number[] {
    return this.events.filter((e) => e.event === 'message:new').map((e) => e.data.seq);
  }

  async close(): Promise<void> {
    this.abort.abort();
    await this.reading;
  }
}

describe('GET /conversations/:id/events (Server-Sent Events)', () => {
  let t: TestApp;
  let alice: Session;
  let bob: Session;
  const streams: SseClient[] = [];
  const open = async (conversationId: string, session: Session, lastEventId?: string) => {
    const opened = await SseClient.open(
      `${t.url}/api/v1/conversations/${conversationId}/events`,
      session.accessToken,
      lastEventId === undefined ? {} : { 'last-event-id': lastEventId },
    );
    streams.push(opened.client);
    return opened;
  };

  beforeAll(async () => {
    t = await startTestApp({
      RATE_LIMIT_MESSAGES_PER_MINUTE: '100000',
      RATE_LIMIT_MESSAGES_PER_DAY: '100000',
    });
    [alice, bob] = await Promise.all([register(t.url), register(t.url)]);
  });
  afterEach(async () => {
    await Promise.all(streams.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await t?.close();
  });

  it("follows SizeBot's streamed answer: the question, the reply's start, its deltas and its end, as on the socket", async () => {
    const bots = await asUser(t.url, alice).get('/api/v1/bots').expect(200);
    const sizebot = bots.body.find((b: { username: string }) => b.username === 'sizebot');
    const conversationId = await asUser(t.url, alice).direct({ ...alice, user: sizebot });
    const { status, client, contentType } = await open(conversationId, alice);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);

    const asked = await asUser(t.url, alice).send(
      conversationId,
      "I'm 180 cm and 75 kg, which T-shirt size?",
    );
    await until(
      () =>
        client.events.some((e) => e.event === 'message:updated' && e.data.status === 'complete'),
      15_000,
      'the complete answer',
    );
    const [question, reply] = client.events.filter((e) => e.event === 'message:new');
    expect(question).toMatchObject({ id: String(asked.seq), data: { id: asked.id } });
    expect(reply).toMatchObject({ id: String(asked.seq + 1), data: { kind: 'bot' } });
    const deltas = client.events.filter((e) => e.event === 'message:delta');
    expect(deltas.length).toBeGreaterThan(1);
    expect(deltas.every((d) => d.id === undefined && d.data.messageId === reply.data.id)).toBe(
      true,
    );
    const done = client.events.find((e) => e.event === 'message:updated')!;
    expect(done.data.body).toBe(
      deltas
        .map((d) => d.data.delta)
        .join('')
        .trim(),
    );
    expect(done.id).toBeUndefined();
  });

  it('resumes after a dropped connection with Last-Event-ID: every message after it once, none missing, none repeated', async () => {
    const conversationId = await asUser(t.url, alice).direct(bob);
    const first = await open(conversationId, alice);
    const before: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      before.push((await asUser(t.url, bob).send(conversationId, `before ${i}`)).seq);
    }
    await until(() => first.client.newSeqs().length === 3, 5_000, 'three messages');
    expect(first.client.newSeqs()).toEqual(before);
    const lastId = first.client.events.filter((e) => e.id).at(-1)!.id!;
    await first.client.close();

    // While the connection is down, both write; then it comes back, and more arrive live.
    const missed: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      const who = i % 2 === 0 ? bob : alice;
      missed.push((await asUser(t.url, who).send(conversationId, `missed ${i}`)).seq);
    }
    const resumed = await open(conversationId, alice, lastId);
    expect(resumed.status).toBe(200);
    const live = [];
    for (let i = 0; i < 3; i += 1) {
      live.push((await asUser(t.url, bob).send(conversationId, `live ${i}`)).seq);
    }
    await until(() => resumed.client.newSeqs().length >= 7, 5_000, 'seven messages');
    expect(resumed.client.newSeqs()).toEqual([...missed, ...live]);
    expect(resumed.client.newSeqs()).toEqual(
      Array.from({ length: 7 }, (_, i) => Number(lastId) + 1 + i),
    );
    const ids = resumed.client.events.filter((e) => e.id).map((e) => Number(e.id));
    expect(ids).toEqual([...missed, ...live]);
  });

  it('refuses a non-member (404), no token (401) and a Last-Event-ID that is no seq (400)', async () => {
    const conversationId = await asUser(t.url, alice).direct(bob);
    const carol = await register(t.url);
    expect((await open(conversationId, carol)).status).toBe(404);
    await request(t.url).get(`/api/v1/conversations/${conversationId}/events`).expect(401);
    expect((await open(conversationId, alice, 'abc')).status).toBe(400);
  });

  it('ends when the caller leaves the conversation', async () => {
    const group = await asUser(t.url, alice)
      .post('/api/v1/conversations', { type: 'group', title: 'Leaving', memberIds: [bob.user.id] })
      .expect(201);
    const { client } = await open(group.body.id, bob);
    await asUser(t.url, bob)
      .delete(`/api/v1/conversations/${group.body.id}/members/${bob.user.id}`)
      .expect(204);
    await until(
      () => client.events.some((e) => e.event === 'conversation:removed'),
      5_000,
      'conversation:removed',
    );
    // The stream is over: reading finishes without an abort.
    await expect(
      Promise.race([client['reading'], new Promise((r) => setTimeout(r, 3_000, 'open'))]),
    ).resolves.toBeUndefined();
  });
});
