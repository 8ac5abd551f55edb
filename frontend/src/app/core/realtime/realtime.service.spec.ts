import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';

import { authInterceptor } from '../auth/auth.interceptor';
import { SessionStore } from '../auth/session.store';
import { authResponse, storeSession } from '../auth/session.testing';
import { ACK_TIMEOUT_MS, RealtimeError, RealtimeService, SOCKET_FACTORY } from './realtime.service';

type Handler = (...args: unknown[]) => void;
type AuthCallback = (send: (data: object) => void) => void;

/** Just enough of a Socket.IO client socket; the test plays the server. */
class FakeSocket {
  connected = false;
  active = true;
  connects = 0;
  closed = false;
  readonly emitted: { event: string; payload: unknown; ack: Handler; timeout: number }[] = [];
  private readonly handlers = new Map<string, Handler[]>();
  private readonly anyHandlers: Handler[] = [];
  private timeoutMs = 0;

  constructor(readonly options: Partial<ManagerOptions & SocketOptions>) {}

  on(event: string, handler: Handler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), handler]);
    return this;
  }
  onAny(handler: Handler): this {
    this.anyHandlers.push(handler);
    return this;
  }
  offAny(): this {
    this.anyHandlers.length = 0;
    return this;
  }
  removeAllListeners(): this {
    this.handlers.clear();
    return this;
  }
  connect(): this {
    this.connects++;
    this.active = true;
    return this;
  }
  disconnect(): this {
    this.closed = true;
    this.connected = false;
    return this;
  }
  timeout(ms: number): this {
    this.timeoutMs = ms;
    return this;
  }
  emit(event: string, payload: unknown, ack: Handler): this {
    this.emitted.push({ event, payload, ack, timeout: this.timeoutMs });
    return this;
  }

  /** The token the next handshake would carry. */
  handshakeAuth(): object {
    let auth: object = {};
    (this.options.auth as AuthCallback)((data) => (auth = data));
    return auth;
  }
  accept(): void {
    this.connected = true;
    this.fire('connect');
  }
  refuse(message: string): void {
    // A handshake refused by the server's middleware: Socket.IO does not retry on its own.
    this.active = false;
    this.fire('connect_error', new Error(message));
  }
  drop(reason: string): void {
    this.connected = false;
    this.fire('disconnect', reason);
  }
  push(event: string, payload: unknown): void {
    for (const handler of this.anyHandlers) handler(event, payload);
  }
  private fire(event: string, ...args: unknown[]): void {
    for (const handler of this.handlers.get(event) ?? []) handler(...args);
  }
}

describe('RealtimeService', () => {
  let sockets: FakeSocket[];
  let http: HttpTestingController;

  function setUp(): RealtimeService {
    sockets = [];
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        {
          provide: SOCKET_FACTORY,
          useValue: (options: Partial<ManagerOptions & SocketOptions>) => {
            const socket = new FakeSocket(options);
            sockets.push(socket);
            return socket as unknown as Socket;
          },
        },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const service = TestBed.inject(RealtimeService);
    TestBed.tick();
    return service;
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => {
    jest.useRealTimers();
    http.verify();
  });

  it('has no socket while signed out', () => {
    const service = setUp();
    expect(sockets).toEqual([]);
    expect(service.connectionState()).toBe('offline');
  });

  it('connects when signed in: websocket only, with the access token', () => {
    storeSession();
    const service = setUp();
    const [socket] = sockets;

    expect(socket.options).toEqual(
      expect.objectContaining({ transports: ['websocket'], autoConnect: false }),
    );
    expect(socket.connects).toBe(1);
    expect(socket.handshakeAuth()).toEqual({ token: 'access-1' });
    expect(service.connectionState()).toBe('connecting');

    const connected = jest.fn();
    service.connected$.subscribe(connected);
    socket.accept();
    expect(service.connectionState()).toBe('connected');
    expect(service.connected()).toBe(true);
    expect(connected).toHaveBeenCalledTimes(1);
  });

  it('reports reconnecting while the connection is lost, and each reconnection', () => {
    storeSession();
    const service = setUp();
    const [socket] = sockets;
    const connected = jest.fn();
    service.connected$.subscribe(connected);
    socket.accept();

    socket.drop('transport close');
    expect(service.connectionState()).toBe('reconnecting');
    socket.accept();
    expect(service.connectionState()).toBe('connected');
    expect(connected).toHaveBeenCalledTimes(2);
  });

  it('refreshes a refused token through the session and reconnects with the new one', () => {
    jest.useFakeTimers();
    storeSession();
    const service = setUp();
    const [socket] = sockets;
    socket.handshakeAuth();

    socket.refuse('unauthorized');
    expect(service.connectionState()).toBe('reconnecting');
    const refresh = http.expectOne({ method: 'POST', url: '/api/v1/auth/refresh' });
    expect(refresh.request.body).toEqual({});
    refresh.flush(authResponse('2'));

    jest.runOnlyPendingTimers();
    expect(socket.connects).toBe(2);
    expect(socket.handshakeAuth()).toEqual({ token: 'access-2' });
    socket.accept();
    expect(service.connectionState()).toBe('connected');
  });

  it('uses a token another call refreshed meanwhile, without refreshing again', () => {
    jest.useFakeTimers();
    storeSession();
    setUp();
    const [socket] = sockets;
    socket.handshakeAuth();
    // The HTTP interceptor rotated the tokens after this handshake started.
    storeSession(authResponse('2'));
    window.dispatchEvent(new StorageEvent('storage', { key: 'chat.session' }));

    socket.refuse('unauthorized');
    http.expectNone('/api/v1/auth/refresh');
    jest.runOnlyPendingTimers();
    expect(socket.handshakeAuth()).toEqual({ token: 'access-2' });
  });

  it('closes the socket on sign-out', () => {
    storeSession();
    const service = setUp();
    const [socket] = sockets;
    socket.accept();

    TestBed.inject(SessionStore).logout();
    http.expectOne('/api/v1/auth/logout').flush(null);
    TestBed.tick();
    expect(socket.closed).toBe(true);
    expect(service.connectionState()).toBe('offline');
  });

  it('is offline while the browser is', () => {
    storeSession();
    const service = setUp();
    sockets[0].accept();
    window.dispatchEvent(new Event('offline'));
    expect(service.connectionState()).toBe('offline');
    window.dispatchEvent(new Event('online'));
    expect(service.connectionState()).toBe('connected');
  });

  it('streams server events by name', () => {
    storeSession();
    const service = setUp();
    const typing = jest.fn();
    service.on('typing').subscribe(typing);
    sockets[0].push('typing', { conversationId: 'c', userId: 'u', isTyping: true });
    sockets[0].push('message:new', {});
    expect(typing).toHaveBeenCalledTimes(1);
    expect(typing).toHaveBeenCalledWith({ conversationId: 'c', userId: 'u', isTyping: true });
  });

  it('streams the deltas of bot replies', () => {
    storeSession();
    const service = setUp();
    const deltas = jest.fn();
    service.on('message:delta').subscribe(deltas);
    sockets[0].push('message:delta', { conversationId: 'c', messageId: 'm', delta: 'Hel' });
    sockets[0].push('message:delta', { conversationId: 'c', messageId: 'm', delta: 'lo' });
    expect(deltas.mock.calls).toEqual([
      [{ conversationId: 'c', messageId: 'm', delta: 'Hel' }],
      [{ conversationId: 'c', messageId: 'm', delta: 'lo' }],
    ]);
  });

  describe('emit', () => {
    let service: RealtimeService;
    let socket: FakeSocket;
    const payload = { conversationId: 'c', seq: 3 };

    beforeEach(() => {
      storeSession();
      service = setUp();
      socket = sockets[0];
    });

    function emit() {
      const result = { data: undefined as unknown, error: undefined as unknown };
      service.emit('conversation:read', payload).subscribe({
        next: (data) => (result.data = data),
        error: (error: unknown) => (result.error = error),
      });
      return result;
    }

    it('fails at once while not connected, instead of queueing', () => {
      const result = emit();
      expect(socket.emitted).toEqual([]);
      expect(result.error).toEqual(new RealtimeError('DISCONNECTED', 'not connected'));
      expect((result.error as RealtimeError).deliveryUnknown).toBe(true);
    });

    it('resolves with the acknowledged data, with a timeout', () => {
      socket.accept();
      const result = emit();
      const [sent] = socket.emitted;
      expect(sent).toEqual(
        expect.objectContaining({ event: 'conversation:read', payload, timeout: ACK_TIMEOUT_MS }),
      );
      sent.ack(null, { ok: true, data: null });
      expect(result.data).toBeNull();
      expect(result.error).toBeUndefined();
    });

    it('fails with the server’s error code', () => {
      socket.accept();
      const result = emit();
      socket.emitted[0].ack(null, {
        ok: false,
        error: { code: 'RATE_LIMITED', message: 'slow down', retryAfterMs: 900 },
      });
      expect(result.error).toEqual(new RealtimeError('RATE_LIMITED', 'slow down', 900));
      expect((result.error as RealtimeError).deliveryUnknown).toBe(false);
    });

    it('fails with TIMEOUT when no acknowledgement comes', () => {
      socket.accept();
      const result = emit();
      socket.emitted[0].ack(new Error('operation has timed out'));
      expect((result.error as RealtimeError).code).toBe('TIMEOUT');
    });
  });
});
