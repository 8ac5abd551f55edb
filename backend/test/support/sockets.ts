import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';

export type Ack<T = unknown> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; retryAfterMs?: number } };

/** A connected Socket.IO client that records every event it receives. */
export interface TestClient {
  socket: Socket;
  events: { event: string; payload: any }[];
  emit<T = any>(event: string, payload: unknown): Promise<Ack<T>>;
  received(event: string): any[];
  waitFor(event: string, predicate?: (payload: any) => boolean, timeoutMs?: number): Promise<any>;
  /** Waits until `count` events of this name have arrived. */
  waitForCount(event: string, count: number, timeoutMs?: number): Promise<any[]>;
  /**
   * A round trip to the server on this socket: everything the server wrote to this socket
   * before answering has arrived once it resolves. Asserting that something did NOT arrive
   * after a barrier waits on an event, not on a clock.
   */
  barrier(): Promise<void>;
  close(): void;
}

export async function connectClient(baseUrl: string, token: string): Promise<TestClient> {
  const socket = io(baseUrl, {
    auth: { token },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const events: { event: string; payload: any }[] = [];
  socket.onAny((event: string, payload: unknown) => events.push({ event, payload }));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (error) => reject(error));
  });
  return {
    socket,
    events,
    emit: (event, payload) =>
      new Promise((resolve) => socket.emit(event, payload, (ack: any) => resolve(ack))),
    received: (event) => events.filter((e) => e.event === event).map((e) => e.payload),
    waitFor: (event, predicate = () => true, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const found = events.find((e) => e.event === event && predicate(e.payload));
        if (found) return resolve(found.payload);
        const timer = setTimeout(() => {
          socket.off(event, listener);
          reject(new Error(`timed out waiting for ${event}`));
        }, timeoutMs);
        const listener = (payload: unknown) => {
          if (!predicate(payload)) return;
          clearTimeout(timer);
          socket.off(event, listener);
          resolve(payload);
        };
        socket.on(event, listener);
      }),
    waitForCount: (event, count, timeoutMs = 5_000) =>
      new Promise((resolve, reject) => {
        const matching = () => events.filter((e) => e.event === event).map((e) => e.payload);
        if (matching().length >= count) return resolve(matching());
        const timer = setTimeout(() => {
          socket.off(event, listener);
          reject(new Error(`timed out waiting for ${count} ${event} (got ${matching().length})`));
        }, timeoutMs);
        const listener = () => {
          if (matching().length < count) return;
          clearTimeout(timer);
          socket.off(event, listener);
          resolve(matching());
        };
        socket.on(event, listener);
      }),
    barrier: async () => {
      // Any acknowledged event will do; this one changes nothing (no such conversation).
      await new Promise((resolve) =>
        socket.emit('conversation:read', { conversationId: randomUUID(), seq: 0 }, resolve),
      );
    },
    close: () => socket.close(),
  };
}

/**
 * Tries a handshake and closes the socket: "connected", or the `connect_error` message. A
 * string is an access token; an object is sent as the whole `auth` payload.
 */
export function handshake(baseUrl: string, token: string | object): Promise<string> {
  return new Promise((resolve) => {
    const socket = io(baseUrl, {
      auth: typeof token === 'string' ? { token } : token,
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}
