// One person of the soak: a socket sending to one conversation as the web client does (one
// message in flight, re-sent with the same clientMessageId after an error, a timeout or a lost
// connection), failing over between API instances, catching up with `afterSeq` after each
// reconnect, and recording everything it was told so the end can compare it with the database.
import { randomUUID } from 'node:crypto';
import { connectSocket } from '../load-client.mjs';
import { sleep } from '../util.mjs';

const ACK_TIMEOUT_MS = 10_000;
const RETRY_AFTER_REFUSAL_MS = 250;

export class Person {
  /**
   * `urls`: the API instances, the first preferred; `threadShare`: the part of its sends that
   * reply in the thread of `threadRootId()` (when there is one yet); `onEvent(kind, detail)`
   * hears acks, refusals and deliveries for the run's timeline.
   */
  constructor({ name, urls, token, conversationId, intervalMs, threadShare = 0, onEvent }) {
    Object.assign(this, { name, urls, token, conversationId, intervalMs, threadShare, onEvent });
    /** clientMessageId -> the message the server acknowledged. */
    this.acked = new Map();
    /** Every clientMessageId used, in order. */
    this.generated = [];
    /** seq -> message ids announced live (more than one id for a seq is a doubled message). */
    this.live = new Map();
    /** seq -> when it was first announced live (ms epoch). */
    this.liveAt = new Map();
    /** When this person had a connection: [{from, to}] (ms epoch; `to` Infinity while open). */
    this.connections = [];
    /** Announcements of a seq this connection had already been told (clients drop them). */
    this.reannounced = 0;
    /** seq -> message id fetched by catch-up. */
    this.fetched = new Map();
    /** Error acknowledgements (each send then re-sent with its clientMessageId). */
    this.refusals = [];
    /** Sends that got no answer (timeout, lost connection) and were re-sent. */
    this.stalls = 0;
    this.reconnects = 0;
    this.threadRootId = null;
    this.urlIndex = 0;
    this.stopping = false;
  }

  start() {
    this.loop = this.run();
  }

  /** Stops making new messages; resolves once the one in flight is acknowledged. */
  async stop() {
    this.stopping = true;
    await this.loop;
    this.socket?.close();
  }

  /** Drops the connection as a flaky network does; the person reconnects and re-sends. */
  drop() {
    this.socket?.disconnect();
  }

  /** Whether this person was connected throughout [from, to]. */
  connectedThroughout(from, to) {
    return this.connections.some((c) => c.from <= from && c.to >= to);
  }

  /** Every seq known, live or caught up, ascending. */
  sequence() {
    return [...new Set([...this.live.keys(), ...this.fetched.keys()])].sort((a, b) => a - b);
  }

  /** Fetches everything after the last seq held without a gap, page by page. */
  async catchUp() {
    const known = new Set(this.sequence());
    let after = 0;
    while (known.has(after + 1)) after += 1;
    for (;;) {
      const url = this.urls[this.urlIndex];
      const res = await fetch(
        `${url}/api/v1/conversations/${this.conversationId}/messages?afterSeq=${after}&limit=100`,
        { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(10_000) },
      );
      this.onEvent('rest', { status: res.status, what: 'catch-up' });
      if (!res.ok) throw new Error(`catch-up answered ${res.status}`);
      const page = await res.json();
      for (const m of page.items) this.fetched.set(m.seq, m.id);
      if (!page.hasMore || page.items.length === 0) return;
      after = page.items.at(-1).seq;
    }
  }

  async run() {
    let inFlight;
    while (inFlight || !this.stopping) {
      if (!inFlight) {
        const inThread = this.threadRootId && Math.random() < this.threadShare;
        inFlight = {
          clientMessageId: randomUUID(),
          ...(inThread ? { threadRootId: this.threadRootId } : {}),
        };
        this.generated.push(inFlight.clientMessageId);
      }
      const socket = await this.connected();
      const started = Date.now();
      const outcome = await this.send(socket, inFlight);
      if (outcome === 'timeout' || outcome === 'disconnected') {
        this.stalls += 1;
        socket.close();
        continue;
      }
      if (outcome.ok) {
        this.acked.set(inFlight.clientMessageId, {
          id: outcome.data.id,
          seq: outcome.data.seq,
          at: Date.now(),
        });
        this.onEvent('ack', { at: Date.now(), person: this });
        inFlight = undefined;
        await sleep(this.intervalMs * (0.5 + Math.random()));
      } else {
        this.refusals.push({ code: outcome.error.code, at: started });
        this.onEvent('refusal', { at: started, code: outcome.error.code, person: this });
        await sleep(RETRY_AFTER_REFUSAL_MS);
      }
    }
  }

  send(socket, { clientMessageId, threadRootId }) {
    return new Promise((resolve) => {
      const finish = (outcome) => {
        clearTimeout(timer);
        socket.off('disconnect', onDisconnect);
        resolve(outcome);
      };
      const onDisconnect = () => finish('disconnected');
      const timer = setTimeout(() => finish('timeout'), ACK_TIMEOUT_MS);
      socket.once('disconnect', onDisconnect);
      socket.emit(
        'message:send',
        {
          conversationId: this.conversationId,
          clientMessageId,
          body: `soak ${this.name} ${clientMessageId.slice(0, 8)}`,
          ...(threadRootId ? { threadRootId } : {}),
        },
        (ack) => finish(ack),
      );
    });
  }

  /** The current socket, or a new one on the first instance that accepts it; then catch up. */
  async connected() {
    if (this.socket?.connected) return this.socket;
    const reconnecting = this.socket !== undefined;
    for (;;) {
      const url = this.urls[this.urlIndex];
      const socket = await this.open(url).catch(() => undefined);
      if (socket) {
        this.socket = socket;
        const connection = { from: Date.now(), to: Infinity };
        this.connections.push(connection);
        socket.once('disconnect', () => (connection.to = Date.now()));
        if (reconnecting) {
          this.reconnects += 1;
          await this.catchUp().catch(() => undefined);
        }
        return socket;
      }
      this.urlIndex = (this.urlIndex + 1) % this.urls.length;
      await sleep(200);
    }
  }

  open(url) {
    const seenHere = new Set();
    return connectSocket(url, {
      auth: { token: this.token },
      name: this.name,
      timeoutMs: 3_000,
      listen: (socket) => {
        socket.on('message:new', (m) => {
          if (m.conversationId !== this.conversationId) return;
          if (seenHere.has(m.seq)) this.reannounced += 1;
          seenHere.add(m.seq);
          const ids = this.live.get(m.seq) ?? new Set();
          ids.add(m.id);
          this.live.set(m.seq, ids);
          if (!this.liveAt.has(m.seq)) this.liveAt.set(m.seq, Date.now());
          if (!this.threadRootId && m.kind === 'text' && !m.threadRootId) this.threadRootId = m.id;
        });
        socket.on('message:updated', (m) => {
          const finished = m.kind === 'bot' && m.status === 'complete';
          if (m.conversationId === this.conversationId && finished)
            this.onEvent('bot-reply', { at: Date.now() });
        });
      },
      onDisconnect: () => {},
    });
  }
}
