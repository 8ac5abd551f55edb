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
    close: () => socket.close(),
  };
}

/** Gives in-flight events a moment to arrive before asserting that something did NOT come. */
export const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));
