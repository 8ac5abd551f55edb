// A RealtimeService stand-in for unit tests: the test plays the server.
import { computed, Provider, signal } from '@angular/core';
import { filter, map, Observable, Subject } from 'rxjs';

import { ClientEvents, ServerEvents } from '../api/model';
import { ConnectionState, RealtimeError, RealtimeService } from './realtime.service';

export interface EmittedEvent<E extends keyof ClientEvents = keyof ClientEvents> {
  readonly event: E;
  readonly payload: ClientEvents[E]['payload'];
  /** Acknowledges with `{ok: true, data}`. */
  ack(data: ClientEvents[E]['result']): void;
  /** Acknowledges with an error, or fails as a timeout would. */
  fail(error: RealtimeError): void;
}

export class FakeRealtimeService {
  readonly state = signal<ConnectionState>('connected');
  readonly connectionState = this.state.asReadonly();
  readonly connected = computed(() => this.state() === 'connected');
  readonly emitted: EmittedEvent[] = [];

  private readonly incoming = new Subject<{ event: string; payload: unknown }>();
  private readonly connects = new Subject<void>();
  readonly connected$ = this.connects.asObservable();

  on<E extends keyof ServerEvents>(event: E): Observable<ServerEvents[E]> {
    return this.incoming.pipe(
      filter((received) => received.event === event),
      map((received) => received.payload as ServerEvents[E]),
    );
  }

  emit<E extends keyof ClientEvents>(
    event: E,
    payload: ClientEvents[E]['payload'],
  ): Observable<ClientEvents[E]['result']> {
    return new Observable((subscriber) => {
      if (!this.connected()) {
        subscriber.error(new RealtimeError('DISCONNECTED', 'not connected'));
        return;
      }
      this.emitted.push({
        event,
        payload,
        ack: (data) => {
          subscriber.next(data);
          subscriber.complete();
        },
        fail: (error) => subscriber.error(error),
      });
    });
  }

  /** The server pushes an event. */
  push<E extends keyof ServerEvents>(event: E, payload: ServerEvents[E]): void {
    this.incoming.next({ event, payload });
  }

  /** The socket (re)connects. */
  reconnect(): void {
    this.state.set('connected');
    this.connects.next();
  }

  /** Events sent so far with this name, oldest first. */
  sent<E extends keyof ClientEvents>(event: E): EmittedEvent<E>[] {
    return this.emitted.filter((e): e is EmittedEvent<E> => e.event === event);
  }
}

export function provideFakeRealtime(fake = new FakeRealtimeService()): Provider {
  return { provide: RealtimeService, useValue: fake };
}
