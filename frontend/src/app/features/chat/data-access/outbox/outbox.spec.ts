import 'fake-indexeddb/auto';

import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { IDBFactory } from 'fake-indexeddb';
import { deserialize, serialize } from 'node:v8';
import { BroadcastChannel as NodeBroadcastChannel } from 'node:worker_threads';

import { SessionStore } from '../../../../core/auth/session.store';
import { authResponse, storeSession } from '../../../../core/auth/session.testing';
import { RealtimeError } from '../../../../core/realtime/realtime.service';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { alice, bob, CONVERSATION_ID, message } from '../chat.testing';
import { Outbox } from './outbox';
import { OutboxStorage } from './outbox-storage';

// IndexedDB clones what it stores; jsdom lacks the browser's structuredClone.
globalThis.structuredClone ??= <T>(value: T): T => deserialize(serialize(value)) as T;

const OTHER_CONVERSATION = 'c0000000-0000-4000-8000-000000000002';

/** Waits until `check` holds: IndexedDB answers on later turns of the event loop. */
async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200; turn++) {
    TestBed.tick();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('the condition never held');
}

describe('Outbox', () => {
  let realtime: FakeRealtimeService;
  let outbox: Outbox;

  /** A fresh app on the same browser storage: what a reload is. */
  function start(connected = true, withOutbox = true): void {
    TestBed.resetTestingModule();
    realtime = new FakeRealtimeService();
    if (!connected) realtime.state.set('offline');
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
      ],
    });
    if (withOutbox) outbox = TestBed.inject(Outbox);
    TestBed.tick();
  }

  const sends = () => realtime.sent('message:send');
  const bodies = () => outbox.entries().map((e) => e.body);
  const stored = (seq: number, index: number) =>
    message(seq, {
      sender: alice,
      clientMessageId: sends()[index].payload.clientMessageId,
      body: sends()[index].payload.body,
    });
  const storedEntries = () => TestBed.inject(OutboxStorage).list(alice.id);

  beforeEach(() => {
    // Every test gets an empty IndexedDB of its own.
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    storeSession();
    start();
  });

  it('stores a message before sending it, then sends it with its client id', async () => {
    await outbox.add(CONVERSATION_ID, 'Hello', 'm-2');
    expect(await storedEntries()).toEqual([
      expect.objectContaining({ body: 'Hello', state: 'pending', userId: alice.id }),
    ]);
    await until(() => sends().length === 1);
    const { clientMessageId } = outbox.entries()[0];
    expect(sends()[0].payload).toEqual({
      conversationId: CONVERSATION_ID,
      clientMessageId,
      body: 'Hello',
      replyToId: 'm-2',
    });
  });

  it('keeps attachment ids with the entry: a reload sends them with the original client id', async () => {
    start(false);
    await outbox.add(CONVERSATION_ID, '', null, ['a-1', 'a-2']);
    const [{ clientMessageId }] = outbox.entries();
    expect(await storedEntries()).toEqual([
      expect.objectContaining({ clientMessageId, attachmentIds: ['a-1', 'a-2'] }),
    ]);

    start(true);
    await until(() => sends().length === 1);
    // Files alone: no body at all (the server wants text or files).
    expect(sends()[0].payload).toEqual({
      conversationId: CONVERSATION_ID,
      clientMessageId,
      attachmentIds: ['a-1', 'a-2'],
    });
  });

  it('sends a conversation one message at a time, in typing order, each after the previous ack', async () => {
    const delivered: number[] = [];
    outbox.delivered$.subscribe((m) => delivered.push(m.seq));
    for (const body of ['one', 'two', 'three']) await outbox.add(CONVERSATION_ID, body, null);
    expect(bodies()).toEqual(['one', 'two', 'three']);

    await until(() => sends().length === 1);
    expect(sends()[0].payload.body).toBe('one');
    sends()[0].ack(stored(1, 0));
    await until(() => sends().length === 2);
    expect(sends()[1].payload.body).toBe('two');
    sends()[1].ack(stored(2, 1));
    await until(() => sends().length === 3);
    expect(sends()[2].payload.body).toBe('three');
    sends()[2].ack(stored(3, 2));

    await until(() => outbox.entries().length === 0);
    expect(delivered).toEqual([1, 2, 3]);
    expect(await storedEntries()).toEqual([]);
  });

  it('sends other conversations without waiting for this one', async () => {
    await outbox.add(CONVERSATION_ID, 'here', null);
    await outbox.add(OTHER_CONVERSATION, 'there', null);
    await until(() => sends().length === 2);
    expect(sends().map((s) => s.payload.body)).toEqual(['here', 'there']);
  });

  it('keeps messages across a reload while offline, then sends them in order once connected', async () => {
    start(false);
    await outbox.add(CONVERSATION_ID, 'first', null);
    await outbox.add(CONVERSATION_ID, 'second', null);
    const ids = outbox.entries().map((e) => e.clientMessageId);
    expect(sends()).toEqual([]);

    start(false);
    await until(() => outbox.entries().length === 2);
    expect(outbox.entries().map((e) => e.clientMessageId)).toEqual(ids);
    expect(outbox.entries().every((e) => e.state === 'pending')).toBe(true);

    realtime.reconnect();
    await until(() => sends().length === 1);
    expect(sends()[0].payload.clientMessageId).toBe(ids[0]);
    sends()[0].ack(stored(1, 0));
    await until(() => sends().length === 2);
    expect(sends()[1].payload.clientMessageId).toBe(ids[1]);
  });

  it('waits the time a rate limit gives, then sends the same message, before the next', async () => {
    await outbox.add(CONVERSATION_ID, 'one', null);
    await outbox.add(CONVERSATION_ID, 'two', null);
    await until(() => sends().length === 1);
    const refusedAt = Date.now();
    sends()[0].fail(new RealtimeError('RATE_LIMITED', 'too many messages', 50));

    await until(() => sends().length === 2);
    expect(Date.now() - refusedAt).toBeGreaterThanOrEqual(45);
    expect(sends()[1].payload).toEqual(sends()[0].payload);
    expect(outbox.entries()[0].state).toBe('pending');
  });

  it('keeps a message pending through a timeout or a server in trouble, and retries it on reconnection', async () => {
    await outbox.add(CONVERSATION_ID, 'one', null);
    await until(() => sends().length === 1);
    sends()[0].fail(new RealtimeError('UNAVAILABLE', 'the database is down'));
    await until(() => true);
    expect(outbox.entries()[0]).toEqual(expect.objectContaining({ state: 'pending', error: null }));

    // The wait for the next attempt ends early when the connection comes back.
    realtime.reconnect();
    await until(() => sends().length === 2);
    sends()[1].fail(new RealtimeError('TIMEOUT', 'operation has timed out'));
    realtime.state.set('reconnecting');
    realtime.reconnect();
    await until(() => sends().length === 3);
    expect(new Set(sends().map((s) => s.payload.clientMessageId)).size).toBe(1);
    sends()[2].ack(stored(1, 2));
    await until(() => outbox.entries().length === 0);
  });

  it('fails a message only on a permanent refusal, goes on with the next, and offers Retry and Discard', async () => {
    await outbox.add(CONVERSATION_ID, 'too long', null);
    await outbox.add(CONVERSATION_ID, 'fine', null);
    await until(() => sends().length === 1);
    sends()[0].fail(new RealtimeError('VALIDATION', 'body must be shorter'));

    await until(() => sends().length === 2);
    expect(outbox.entries()[0]).toEqual(
      expect.objectContaining({
        body: 'too long',
        state: 'failed',
        error: 'Body must be shorter.',
      }),
    );
    expect(sends()[1].payload.body).toBe('fine');
    sends()[1].ack(stored(1, 1));
    await until(() => bodies().join() === 'too long');
    // Still failed after a reload: it waits for the user.
    start();
    await until(() => outbox.entries().length === 1);
    expect(outbox.entries()[0].state).toBe('failed');

    await outbox.retry(outbox.entries()[0].clientMessageId);
    await until(() => sends().length === 1);
    sends()[0].fail(new RealtimeError('FORBIDDEN', 'not a member'));
    await until(() => outbox.entries()[0].state === 'failed');
    await outbox.discard(outbox.entries()[0].clientMessageId);
    expect(outbox.entries()).toEqual([]);
    expect(await storedEntries()).toEqual([]);
  });

  it('is per user, and cleared when the user signs out', async () => {
    start(false);
    await outbox.add(CONVERSATION_ID, 'from alice', null);

    // Bob signs in on the same browser: he does not see or send Alice's messages.
    storeSession(authResponse('2', bob));
    start(false);
    await until(() => true);
    expect(outbox.entries()).toEqual([]);
    expect(await TestBed.inject(OutboxStorage).list(alice.id)).toHaveLength(1);

    storeSession();
    start(false);
    await until(() => outbox.entries().length === 1);
    TestBed.inject(SessionStore).logout();
    TestBed.tick();
    expect(outbox.entries()).toEqual([]);
    await until(() => true);
    expect(await storedEntries()).toEqual([]);
  });

  describe('in several tabs', () => {
    /** The Web Locks API as browsers implement it: one holder per name, the others queue. */
    function installLocks(): void {
      const holders = new Set<string>();
      const waiting = new Map<string, (() => void)[]>();
      const request = (
        name: string,
        options: { signal?: AbortSignal },
        callback: () => Promise<void>,
      ): Promise<void> =>
        new Promise((resolve, reject) => {
          const run = () => {
            holders.add(name);
            void callback()
              .then(resolve, reject)
              .finally(() => {
                holders.delete(name);
                waiting.get(name)?.shift()?.();
              });
          };
          if (!holders.has(name)) return run();
          const queue = waiting.get(name) ?? [];
          waiting.set(name, [...queue, run]);
          options.signal?.addEventListener('abort', () => {
            waiting.set(
              name,
              (waiting.get(name) ?? []).filter((r) => r !== run),
            );
            reject(new DOMException('aborted', 'AbortError'));
          });
        });
      Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
    }

    afterEach(() => {
      delete (navigator as { locks?: unknown }).locks;
      delete (globalThis as { BroadcastChannel?: unknown }).BroadcastChannel;
    });

    /** A tab: its own outbox, on the browser's shared IndexedDB, locks and channels. */
    function openTab(): { outbox: Outbox; close(): void } {
      const injector = createEnvironmentInjector([Outbox], TestBed.inject(EnvironmentInjector));
      const tab = injector.get(Outbox);
      TestBed.tick();
      return { outbox: tab, close: () => injector.destroy() };
    }

    it('lets one tab send at a time while every tab shows the lines', async () => {
      installLocks();
      globalThis.BroadcastChannel = NodeBroadcastChannel as unknown as typeof BroadcastChannel;
      start(true, false);
      const first = openTab();
      const second = openTab();

      await second.outbox.add(CONVERSATION_ID, 'typed in the second tab', null);
      // The first tab holds the lock: it sends what the second stored.
      await until(() => sends().length === 1);
      await until(() => first.outbox.entries().length === 1);
      expect(second.outbox.entries()).toHaveLength(1);
      sends()[0].ack(stored(1, 0));
      await until(() => second.outbox.entries().length === 0);
      // Sent once: the second tab did not send it too.
      expect(sends()).toHaveLength(1);

      // The first tab closes: the second takes over.
      first.close();
      await second.outbox.add(CONVERSATION_ID, 'after the first tab closed', null);
      await until(() => sends().length === 2);
      expect(sends()[1].payload.body).toBe('after the first tab closed');
      second.close();
    });
  });
});
