import {
  computed,
  DestroyRef,
  DOCUMENT,
  effect,
  inject,
  Injectable,
  InjectionToken,
  signal,
  untracked,
} from '@angular/core';
import { filter, map, Observable, Subject } from 'rxjs';
import { io, ManagerOptions, Socket, SocketOptions } from 'socket.io-client';

import { ClientEvents, ServerEvents, SocketErrorCode, SocketErrorDto } from '../api/model';
import { SessionStore } from '../auth/session.store';

/**
 * `connecting`: the first attempt is under way; `reconnecting`: the connection was lost or
 * refused and is being retried; `offline`: signed out, or the browser has no network.
 */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'offline';

type Ack<T> = { ok: true; data: T } | { ok: false; error: SocketErrorDto };

/**
 * A refused or unanswered event. `TIMEOUT` and `DISCONNECTED` leave it unknown whether the server
 * acted, so only idempotent events may be retried (over REST, for example).
 */
export class RealtimeError extends Error {
  constructor(
    readonly code: SocketErrorCode | 'TIMEOUT' | 'DISCONNECTED',
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RealtimeError';
  }

  get deliveryUnknown(): boolean {
    return this.code === 'TIMEOUT' || this.code === 'DISCONNECTED';
  }
}

export type SocketFactory = (options: Partial<ManagerOptions & SocketOptions>) => Socket;

/** How sockets are made: replaced by a fake in unit tests. */
export const SOCKET_FACTORY = new InjectionToken<SocketFactory>('SOCKET_FACTORY', {
  providedIn: 'root',
  factory: () => (options) => io(options),
});

export const ACK_TIMEOUT_MS = 5_000;
const MAX_RETRY_DELAY_MS = 30_000;

/**
 * The signed-in user's Socket.IO connection (same origin, `/socket.io`): connected while someone
 * is signed in, re-authenticated with a refreshed token when the server refuses the handshake.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly session = inject(SessionStore);
  private readonly createSocket = inject(SOCKET_FACTORY);
  private readonly window = inject(DOCUMENT).defaultView;

  private socket: Socket | null = null;
  /** The token the latest handshake carried: the one to replace when it is refused. */
  private handshakeToken: string | null = null;
  private refusedHandshakes = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly socketState = signal<ConnectionState>('offline');
  private readonly browserOnline = signal(this.window?.navigator.onLine ?? true);
  private readonly incoming = new Subject<{ event: string; payload: unknown }>();
  private readonly connects = new Subject<void>();

  readonly connectionState = computed<ConnectionState>(() =>
    this.browserOnline() ? this.socketState() : 'offline',
  );
  readonly connected = computed(() => this.connectionState() === 'connected');
  /**
   * Emits on every successful connection. Events sent while the socket was not in its rooms are
   * lost for good, so listeners fetch what they may have missed.
   */
  readonly connected$: Observable<void> = this.connects.asObservable();

  constructor() {
    const userId = computed(() => this.session.user()?.id ?? null);
    effect(() => {
      const id = userId();
      untracked(() => {
        this.disconnect();
        if (id !== null) this.connect();
      });
    });

    const online = () => this.browserOnline.set(true);
    const offline = () => this.browserOnline.set(false);
    this.window?.addEventListener('online', online);
    this.window?.addEventListener('offline', offline);
    inject(DestroyRef).onDestroy(() => {
      this.window?.removeEventListener('online', online);
      this.window?.removeEventListener('offline', offline);
      this.disconnect();
    });
  }

  /**
   * The events and their payloads are `ServerEvents`, generated from the backend's OpenAPI
   * document with the rest of the SDK: they cannot drift from the server's typed event map.
   */
  on<E extends keyof ServerEvents>(event: E): Observable<ServerEvents[E]> {
    return this.incoming.pipe(
      filter((received) => received.event === event),
      map((received) => received.payload as ServerEvents[E]),
    );
  }

  /**
   * Sends an event and waits for its acknowledgement. Fails at once when not connected rather
   * than queueing: a caller that can fall back to REST should not wait for a reconnection.
   * Payload and acknowledgement types come from the generated `ClientEvents`.
   */
  emit<E extends keyof ClientEvents>(
    event: E,
    payload: ClientEvents[E]['payload'],
    timeoutMs = ACK_TIMEOUT_MS,
  ): Observable<ClientEvents[E]['result']> {
    return new Observable((subscriber) => {
      const socket = this.socket;
      if (!socket?.connected || !this.connected()) {
        subscriber.error(new RealtimeError('DISCONNECTED', 'not connected'));
        return;
      }
      socket
        .timeout(timeoutMs)
        .emit(event, payload, (error: Error | null, ack: Ack<ClientEvents[E]['result']>) => {
          if (error) {
            subscriber.error(
              new RealtimeError(socket.connected ? 'TIMEOUT' : 'DISCONNECTED', error.message),
            );
          } else if (ack.ok) {
            subscriber.next(ack.data);
            subscriber.complete();
          } else {
            const { code, message, retryAfterMs } = ack.error;
            subscriber.error(new RealtimeError(code, message, retryAfterMs));
          }
        });
    });
  }

  private connect(): void {
    const socket = this.createSocket({
      transports: ['websocket'],
      autoConnect: false,
      // Called on every attempt, so a reconnection carries the current (refreshed) token.
      auth: (send) => {
        this.handshakeToken = this.session.accessToken();
        send({ token: this.handshakeToken });
      },
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.refusedHandshakes = 0;
      this.socketState.set('connected');
      this.connects.next();
    });
    socket.on('disconnect', (reason) => {
      if (reason === 'io client disconnect') return;
      this.socketState.set('reconnecting');
      // Socket.IO retries by itself unless the server closed the connection on purpose.
      if (reason === 'io server disconnect') this.reconnectLater(socket, 0);
    });
    socket.on('connect_error', (error) => {
      this.socketState.set('reconnecting');
      // An active socket retries by itself; a refused handshake (middleware error) does not.
      if (socket.active) return;
      this.refusedHandshakes++;
      if (error.message === 'unauthorized') {
        this.reauthenticate(socket);
      } else {
        this.reconnectLater(socket, this.backoff());
      }
    });
    socket.onAny((event: string, payload: unknown) => this.incoming.next({ event, payload }));
    this.socketState.set('connecting');
    socket.connect();
  }

  /** The access token expired (or was revoked): refresh it the way HTTP calls do, then retry. */
  private reauthenticate(socket: Socket): void {
    const rejected = this.handshakeToken;
    if (rejected === null) return;
    this.session.refreshAccessToken(rejected).subscribe({
      next: () => this.reconnectLater(socket, this.backoff()),
      // A refused refresh token signs the user out, which closes this socket; offline: retry.
      error: () => this.reconnectLater(socket, Math.max(this.backoff(), 1_000)),
    });
  }

  /** Immediate after the first refusal, then exponential: a server that keeps refusing is not hammered. */
  private backoff(): number {
    const failures = this.refusedHandshakes;
    return failures <= 1 ? 0 : Math.min(MAX_RETRY_DELAY_MS, 1_000 * 2 ** (failures - 2));
  }

  private reconnectLater(socket: Socket, delayMs: number): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (socket === this.socket && !socket.connected) socket.connect();
    }, delayMs);
  }

  private disconnect(): void {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.socket = null;
    this.handshakeToken = null;
    this.refusedHandshakes = 0;
    this.socketState.set('offline');
    if (socket) {
      socket.removeAllListeners();
      socket.offAny();
      socket.disconnect();
    }
  }
}
