import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { provideRouter, Router } from '@angular/router';

import { MessageDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import { provideFakeRealtime } from '../../../../core/realtime/realtime.testing';
import {
  alice,
  bob,
  carol,
  CONVERSATION_ID,
  conversation,
  member,
  message,
} from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { SEARCH_DEBOUNCE_MS } from '../data-access/message-search';
import { openSearchOverlay, SearchOverlay } from './search-overlay';

@Component({ template: '' })
class Host {}

const found = (seq: number, overrides: Partial<MessageDto> = {}) =>
  message(seq, { body: `see you at the meetup ${seq}`, ...overrides });

describe('SearchOverlay', () => {
  let fixture: ComponentFixture<Host>;
  let http: HttpTestingController;
  let dialogRef: MatDialogRef<SearchOverlay>;
  let navigate: jest.SpyInstance;

  function open(fullscreen = false): void {
    dialogRef = openSearchOverlay(TestBed.inject(MatDialog), fullscreen);
  }

  beforeEach(() => {
    jest.useFakeTimers();
    // jsdom does not lay out: keeping the active option in view is a no-op.
    Element.prototype.scrollIntoView = jest.fn();
    localStorage.clear();
    storeSession();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    TestBed.inject(ConversationsStore).upsert(
      conversation({ members: [member(alice), member(bob)] }),
    );
    fixture = TestBed.createComponent(Host);
  });

  afterEach(() => {
    dialogRef.close();
    for (const request of http.match((r) => r.url === '/api/v1/presence')) request.flush({});
    http.verify();
    jest.useRealTimers();
  });

  async function settle(): Promise<void> {
    jest.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    fixture.detectChanges();
    await Promise.resolve();
    TestBed.tick();
  }

  const overlay = () => document.querySelector('app-search-overlay') as HTMLElement;
  const input = () => overlay().querySelector<HTMLInputElement>('[data-testid="search-input"]')!;
  const all = (testId: string) =>
    Array.from(overlay().querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));
  const text = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim();
  const isSearch = (r: HttpRequest<unknown>) => r.url === '/api/v1/search/messages';

  async function type(query: string): Promise<void> {
    input().value = query;
    input().dispatchEvent(new Event('input'));
    await settle();
  }

  async function key(name: string, init: KeyboardEventInit = {}): Promise<KeyboardEvent> {
    const event = new KeyboardEvent('keydown', {
      key: name,
      bubbles: true,
      cancelable: true,
      ...init,
    });
    input().dispatchEvent(event);
    await settle();
    return event;
  }

  async function answer(items: MessageDto[], nextCursor: string | null = null): Promise<void> {
    http.expectOne((r) => r.url === '/api/v1/users').flush({ items: [carol], nextCursor: null });
    http.expectOne(isSearch).flush({
      items,
      nextCursor,
      highlights: items.map((m) => ({
        messageId: m.id,
        parts: [
          { text: 'see you at the ', match: false },
          { text: 'meetup', match: true },
          { text: ` ${m.seq} <img src=x onerror=alert(1)>`, match: false },
        ],
      })),
    });
    await settle();
  }

  it('opens with the field focused and explains what it finds', async () => {
    open();
    await settle();
    expect(document.activeElement).toBe(input());
    expect(input().getAttribute('role')).toBe('combobox');
    expect(text(overlay().querySelector('.search-hint'))).toContain(
      'Find messages, chats and people.',
    );
    expect(overlay().querySelector('[data-testid="search-back"]')).toBeNull();
  });

  it('shows the hits by conversation with their matches marked, as text', async () => {
    open();
    await type('meetup');
    await answer([found(7), found(3)]);

    expect(all('search-group').map(text)).toEqual(['Bob Builder']);
    expect(
      overlay().querySelector('[role="group"][aria-label="Messages in Bob Builder"]'),
    ).not.toBeNull();
    const hits = all('search-hit');
    expect(hits).toHaveLength(2);
    const snippet = hits[0].querySelector('[data-testid="search-snippet"]')!;
    expect(snippet.querySelector('mark')?.textContent).toBe('meetup');
    expect(snippet.querySelector('img')).toBeNull();
    expect(snippet.textContent).toBe('see you at the meetup 7 <img src=x onerror=alert(1)>');
    expect(text(overlay().querySelector('[aria-live]'))).toBe('2 messages found.');
  });

  it('says when no message matches', async () => {
    open();
    await type('nothing');
    await answer([]);
    expect(text(all('search-empty')[0])).toBe('No messages match “nothing”.');
  });

  it('moves through the results with the arrow keys and opens a hit with Enter', async () => {
    open();
    await type('meetup');
    await answer([found(7), found(3)]);
    const selected = () =>
      overlay().querySelector('[role="option"][aria-selected="true"]')?.getAttribute('data-testid');

    // Carol (people) first, then the hits.
    expect(selected()).toBe('search-person');
    expect(input().getAttribute('aria-activedescendant')).toBe(
      overlay().querySelector('[aria-selected="true"]')?.id,
    );
    await key('ArrowDown');
    await key('ArrowDown');
    expect(selected()).toBe('search-hit');
    await key('ArrowUp');
    await key('ArrowDown');

    let closed = false;
    let closedFirst = false;
    dialogRef.afterClosed().subscribe(() => (closed = true));
    navigate.mockImplementation(() => {
      closedFirst = closed;
      return Promise.resolve(true);
    });
    const enter = await key('Enter');
    expect(enter.defaultPrevented).toBe(true);
    jest.advanceTimersByTime(500);
    expect(navigate).toHaveBeenCalledWith(['/c', CONVERSATION_ID], { queryParams: { at: 3 } });
    // Closed first (the focus back where it was), then there.
    expect(closedFirst).toBe(true);
  });

  it('closes with Esc', async () => {
    open();
    await settle();
    let closed = false;
    dialogRef.afterClosed().subscribe(() => (closed = true));
    // The CDK looks at keyCode.
    await key('Escape', { keyCode: 27 });
    jest.advanceTimersByTime(500);
    expect(closed).toBe(true);
  });

  it('loads more results with the option at the end', async () => {
    open();
    await type('meetup');
    await answer([found(7)], 'cursor-1');
    all('search-more')[0].click();
    await settle();
    const next = http.expectOne(isSearch);
    expect(next.request.params.get('cursor')).toBe('cursor-1');
    next.flush({ items: [found(2)], nextCursor: null, highlights: [] });
    await settle();
    expect(all('search-hit')).toHaveLength(2);
    expect(all('search-more')).toEqual([]);
  });

  it('shows an error with Retry', async () => {
    open();
    await type('meetup');
    http.expectOne((r) => r.url === '/api/v1/users').flush({ items: [], nextCursor: null });
    http.expectOne(isSearch).flush(null, { status: 500, statusText: 'Server Error' });
    await settle();
    expect(text(overlay())).toContain("Couldn't load messages. Try again in a moment.");
  });

  it('opens a conversation found by name', async () => {
    open();
    await type('bob');
    await answer([]);
    all('search-conversation')[0].click();
    await settle();
    jest.advanceTimersByTime(500);
    expect(navigate).toHaveBeenCalledWith(['/c', CONVERSATION_ID], {});
  });

  it('takes the whole screen on a phone, with a back button that closes it', async () => {
    open(true);
    await settle();
    expect(overlay().classList).toContain('fullscreen');
    let closed = false;
    dialogRef.afterClosed().subscribe(() => (closed = true));
    overlay().querySelector<HTMLElement>('[data-testid="search-back"]')!.click();
    await settle();
    jest.advanceTimersByTime(500);
    expect(closed).toBe(true);
  });
});
