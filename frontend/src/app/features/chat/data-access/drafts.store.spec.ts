import 'fake-indexeddb/auto';

import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { IDBFactory } from 'fake-indexeddb';
import { deserialize, serialize } from 'node:v8';

import { SessionStore } from '../../../core/auth/session.store';
import { storeSession } from '../../../core/auth/session.testing';
import { alice, CONVERSATION_ID } from './chat.testing';
import { DraftsStore } from './drafts.store';
import { OutboxStorage } from './outbox/outbox-storage';

// IndexedDB clones what it stores; jsdom lacks the browser's structuredClone.
globalThis.structuredClone ??= <T>(value: T): T => deserialize(serialize(value)) as T;

const OTHER = 'c0000000-0000-4000-8000-000000000002';

async function until(check: () => boolean): Promise<void> {
  for (let turn = 0; turn < 200; turn++) {
    TestBed.tick();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  throw new Error('the condition never held');
}

/** Lets pending IndexedDB writes finish. */
async function settle(): Promise<void> {
  for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 0));
}

describe('DraftsStore', () => {
  /** A fresh app on the same browser storage: what a reload is. */
  function start(): DraftsStore {
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', children: [] }]),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    const drafts = TestBed.inject(DraftsStore);
    TestBed.tick();
    return drafts;
  }

  beforeEach(() => {
    globalThis.indexedDB = new IDBFactory();
    localStorage.clear();
    storeSession();
  });

  it('keeps a draft per conversation across a reload', async () => {
    let drafts = start();
    await until(() => drafts.ready());
    drafts.set(CONVERSATION_ID, 'half a thought');
    drafts.set(OTHER, 'another');
    await settle();

    drafts = start();
    expect(drafts.get(CONVERSATION_ID)).toBe('');
    await until(() => drafts.ready());
    expect(drafts.get(CONVERSATION_ID)).toBe('half a thought');
    expect(drafts.get(OTHER)).toBe('another');
  });

  it('forgets a draft once sent, also after a reload', async () => {
    let drafts = start();
    await until(() => drafts.ready());
    drafts.set(CONVERSATION_ID, 'hello');
    drafts.clear(CONVERSATION_ID);
    expect(drafts.drafts().has(CONVERSATION_ID)).toBe(false);
    await settle();

    drafts = start();
    await until(() => drafts.ready());
    expect(drafts.get(CONVERSATION_ID)).toBe('');
  });

  it('forgets the drafts when the user signs out', async () => {
    const drafts = start();
    await until(() => drafts.ready());
    drafts.set(CONVERSATION_ID, 'private');
    await settle();

    TestBed.inject(SessionStore).logout();
    await until(() => !drafts.ready());
    expect(drafts.get(CONVERSATION_ID)).toBe('');
    let stored: unknown[] = [1];
    void TestBed.inject(OutboxStorage)
      .listDrafts(alice.id)
      .then((list) => (stored = list));
    await until(() => stored.length === 0);
  });
});
