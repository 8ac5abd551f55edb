import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';

import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { TestRequest } from '@angular/common/http/testing';

import { alice, bob, conversation, member, message } from '../../data-access/chat.testing';
import { ChatPage } from './chat-page';

const THREADS_URL = (r: { url: string }) => r.url === '/api/v1/threads';

/** The request, once the code that makes it (loaded on demand) has run. */
async function waitForRequest(find: () => TestRequest[]): Promise<TestRequest> {
  for (let i = 0; i < 50; i++) {
    const [request] = find();
    if (request) return request;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('no request');
}

@Component({ template: '' })
class OtherDialog {}

describe('ChatPage', () => {
  let fixture: ComponentFixture<ChatPage>;
  let http: HttpTestingController;
  let dialog: MatDialog;
  let realtime: FakeRealtimeService;

  beforeEach(async () => {
    localStorage.clear();
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(realtime),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    dialog = TestBed.inject(MatDialog);
    fixture = TestBed.createComponent(ChatPage);
    await fixture.whenStable();
    http.expectOne((r) => r.url === '/api/v1/bots').flush([]);
    http
      .expectOne((r) => r.url === '/api/v1/conversations')
      .flush({ items: [conversation()], nextCursor: null });
    await fixture.whenStable();
  });

  afterEach(() => {
    dialog.closeAll();
    // The followed threads load after the list, for the Threads entry's badge.
    for (const request of http.match(THREADS_URL)) request.flush({ items: [], nextCursor: null });
    http.verify();
  });

  it('loads the threads with the first thread reply, and shows their unread on the Threads entry', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Off the first visit: nothing asked before a thread reply arrives.
    expect(http.match(THREADS_URL)).toHaveLength(0);
    realtime.push('message:new', message(3, { threadRootId: 'm-1' }));
    const request = await waitForRequest(() => http.match(THREADS_URL));
    request.flush({
      items: [
        { root: message(1), lastReadSeq: 1, unreadCount: 2 },
        { root: message(2), lastReadSeq: 2, unreadCount: 1 },
      ],
      nextCursor: null,
    });
    fixture.detectChanges();
    await fixture.whenStable();
    for (const presence of http.match((r) => r.url === '/api/v1/presence')) presence.flush({});
    const badge = (fixture.nativeElement as HTMLElement).querySelector(
      '[data-testid="threads-unread"]',
    );
    expect(badge?.textContent?.trim()).toBe('3');
  });

  const press = (init: KeyboardEventInit, target: EventTarget = document.body) =>
    target.dispatchEvent(
      new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }),
    );

  /** The search's code loads on first use. */
  async function searchOpened(): Promise<boolean> {
    for (let i = 0; i < 20 && dialog.openDialogs.length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return document.querySelector('app-search-overlay') !== null;
  }

  it('loads the presence of the members of the listed conversations', () => {
    const request = http.expectOne((r) => r.url === '/api/v1/presence');
    expect(request.request.params.get('userIds')).toBe(bob.id);
    request.flush({ [bob.id]: { status: 'online', lastSeenAt: null } });
  });

  it('tells the user they were removed from a group', async () => {
    http.match((r) => r.url === '/api/v1/presence').forEach((r) => r.flush({}));
    const group = conversation({
      id: 'c0000000-0000-4000-8000-0000000000a2',
      type: 'group',
      title: 'Trip',
      members: [member(alice), { ...member(bob), role: 'owner' }],
    });
    realtime.push('conversation:updated', group);
    realtime.push('conversation:removed', { conversationId: group.id });
    await fixture.whenStable();

    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent?.trim()).toBe(
      'You were removed from “Trip”',
    );
    const root = fixture.nativeElement as HTMLElement;
    const titles = root.querySelectorAll('[data-testid="conversation-title"]');
    expect(Array.from(titles, (title) => title.textContent?.trim())).toEqual(['Bob Builder']);
  });

  describe('search shortcuts', () => {
    afterEach(() => http.match((r) => r.url === '/api/v1/presence').forEach((r) => r.flush({})));

    it('opens the search with Ctrl+K', async () => {
      const ctrlK = new KeyboardEvent('keydown', {
        key: 'k',
        ctrlKey: true,
        bubbles: true,
        cancelable: true,
      });
      document.body.dispatchEvent(ctrlK);
      expect(ctrlK.defaultPrevented).toBe(true);
      expect(await searchOpened()).toBe(true);
    });

    it('opens the search with "/", but not while typing', async () => {
      const field = document.createElement('textarea');
      document.body.appendChild(field);
      press({ key: '/' }, field);
      expect(await searchOpened()).toBe(false);
      field.remove();

      press({ key: '/' });
      expect(await searchOpened()).toBe(true);
    });

    it('opens the search from the button in the list header', async () => {
      (fixture.nativeElement as HTMLElement)
        .querySelector<HTMLButtonElement>('[data-testid="search-button"]')!
        .click();
      expect(await searchOpened()).toBe(true);
    });

    it('opens the keyboard shortcut help with "?" and Ctrl+/', async () => {
      const opened = async () => {
        for (let i = 0; i < 20 && dialog.openDialogs.length === 0; i++) {
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return document.querySelector('app-shortcuts-dialog');
      };
      press({ key: '?' });
      const help = await opened();
      expect(help?.querySelectorAll('[data-testid="shortcut"]').length).toBeGreaterThan(4);
      expect(help?.textContent).toContain('Search messages');
      dialog.closeAll();
      await fixture.whenStable();
      for (let i = 0; i < 20 && dialog.openDialogs.length > 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      const field = document.createElement('textarea');
      document.body.appendChild(field);
      press({ key: '/', ctrlKey: true }, field);
      expect(await opened()).not.toBeNull();
      field.remove();
    });

    it('leaves the keys alone while another dialog is open', async () => {
      dialog.open(OtherDialog);
      press({ key: 'k', metaKey: true });
      expect(await searchOpened()).toBe(false);
    });
  });
});
