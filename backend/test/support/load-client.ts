import { randomUUID } from 'node:crypto';
import { setTimeout as pause } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';

type SendOutcome =
  | { ok: true; data: { id: string; seq: number } }
  | { ok: false; error: { code: string; message: string } }
  | 'timeout'
  | 'disconnected';

export interface LoadClientOptions {
  /** API instances: the client starts on the first and fails over in order. */
  urls: string[];
  token: string;
  conversationId: string;
  /** Pause after each acknowledged send (the send rate of this client). */
  intervalMs: number;
  ackTimeoutMs?: number;
}

/**
 * One person sending continuously to a conversation as the web client does: one message in
 * flight, an unacknowledged one re-sent with the same clientMessageId (after an error, a
 * timeout or a lost connection), failing over to another instance when its own goes away,
 * and catching up with `afterSeq` after each reconnect. It records what it was told, so a
 * test can compare that with the database.
 */
export class LoadClient {
  /** clientMessageId -> the message the server acknowledged. */
  readonly acked = new Map<string, { id: string; seq: number; at: number }>();
  /** Every clientMessageId this client used, in order. */
  readonly generated: string[] = [];
  /** Error acknowledgements: their code and how long the answer took. */
  readonly refusals: { code: string; latencyMs: number; at: number }[] = [];
  /** seq -> how many times `message:new` announced it live. */
  readonly live = new Map<number, number>();
  /** seqs fetched by catch-up (afterSeq) rather than announced. */
  readonly fetched = new Set<number>();
  /** When a send got no answer: its connection was lost or it timed out. */
  readonly stalls: { at: number; reason: 'timeout' | 'disconnected' }[] = [];
  /** When each (re)connection was made, and to which instance. */
  readonly connections: { at: number; url: string }[] = [];
  private socket?: Socket;
  private urlIndex = 0;
  private stopping = false;
  private loop?: Promise<void>;

  constructor(private readonly options: LoadClientOptions) {}

  get connectedUrl(): string | undefined {
    return this.socket?.connected ? this.options.urls[this.urlIndex] : undefined;
  }

  start(): void {
    this.loop = this.run();
  }

  /** Stops generating new messages and waits until the one in flight is acknowledged. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop;
    this.socket?.close();
  }

  /** The first acknowledgement after `since` (ms epoch), if any. */
  firstAckAfter(since: number): number | undefined {
    const times = [...this.acked.values()].map((a) => a.at).filter((t) => t >= since);
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Every seq this client knows, live or caught up, ascending. */
  sequence(): number[] {
    return [...new Set([...this.live.keys(), ...this.fetched])].sort((a, b) => a - b);
  }

  /** Fetches everything after the last seq it holds without a gap (the client's catch-up). */
  async catchUp(): Promise<void> {
    const url = this.options.urls[this.urlIndex];
    const known = new Set(this.sequence());
    let after = 0;
    while (known.has(after + 1)) after += 1;
    for (;;) {
      const res = await fetch(
        `${url}/api/v1/conversations/${this.options.conversationId}/messages?afterSeq=${after}&limit=100`,
        { headers: { authorization: `Bearer ${this.options.token}` } },
      );
      if (!res.ok) throw new Error(`catch-up answered ${res.status}`);
      const page = (await res.json()) as { items: { seq: number }[]; hasMore: boolean };
      for (const m of page.items) this.fetched.add(m.seq);
      if (!page.hasMore || page.items.length === 0) return;
      after = page.items.at(-1)!.seq;
    }
  }

  private async run(): Promise<void> {
    let inFlight: string | undefined;
    while (inFlight || !this.stopping) {
      if (!inFlight) {
        inFlight = randomUUID();
        this.generated.push(inFlight);
      }
      const socket = await this.connected();
      const started = Date.now();
      const outcome = await this.send(socket, inFlight);
      if (outcome === 'timeout' || outcome === 'disconnected') {
        this.stalls.push({ at: started, reason: outcome });
        socket.close();
        continue;
      }
      if (outcome.ok) {
        this.acked.set(inFlight, { ...outcome.data, at: Date.now() });
        inFlight = undefined;
        await pause(this.options.intervalMs);
      } else {
        this.refusals.push({
          code: outcome.error.code,
          latencyMs: Date.now() - started,
          at: started,
        });
        // Retry later with the same clientMessageId, as the web client's outbox does.
        await pause(200);
      }
    }
  }

  private send(socket: Socket, clientMessageId: string): Promise<SendOutcome> {
    return new Promise((resolve) => {
      const finish = (outcome: SendOutcome) => {
        clearTimeout(timer);
        socket.off('disconnect', onDisconnect);
        resolve(outcome);
      };
      const onDisconnect = () => finish('disconnected');
      const timer = setTimeout(() => finish('timeout'), this.options.ackTimeoutMs ?? 10_000);
      socket.once('disconnect', onDisconnect);
      socket.emit(
        'message:send',
        {
          conversationId: this.options.conversationId,
          clientMessageId,
          body: `m ${clientMessageId}`,
        },
        (ack: SendOutcome) => finish(ack),
      );
    });
  }

  /** The current socket, or a new one on the first instance that accepts it. */
  private async connected(): Promise<Socket> {
    if (this.socket?.connected) return this.socket;
    const reconnecting = this.socket !== undefined;
    for (;;) {
      const url = this.options.urls[this.urlIndex];
      const socket = await this.open(url);
      if (socket) {
        this.socket = socket;
        this.connections.push({ at: Date.now(), url });
        if (reconnecting) await this.catchUp().catch(() => undefined);
        return socket;
      }
      this.urlIndex = (this.urlIndex + 1) % this.options.urls.length;
      await pause(200);
    }
  }

  private open(url: string): Promise<Socket | undefined> {
    const socket = io(url, {
      auth: { token: this.options.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 3_000,
    });
    socket.on('message:new', (m: { conversationId: string; seq: number }) => {
      if (m.conversationId === this.options.conversationId) {
        this.live.set(m.seq, (this.live.get(m.seq) ?? 0) + 1);
      }
    });
    return new Promise((resolve) => {
      socket.once('connect', () => resolve(socket));
      socket.once('connect_error', () => {
        socket.close();
        resolve(undefined);
      });
    });
  }
}
