import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { Component, viewChild } from '@angular/core';
import { TestBed } from '@angular/core/testing';

import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import {
  alice,
  bob,
  bot,
  carol,
  conversation,
  CONVERSATION_ID,
  member,
} from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { MentionAutocomplete } from './mention-autocomplete';

/** The composer's part: a textarea whose keys go to the list first, Enter otherwise "sends". */
@Component({
  imports: [MentionAutocomplete],
  template: `
    <app-mention-autocomplete
      [conversationId]="conversationId"
      [textarea]="box"
      (changed)="changed = $event"
    />
    <textarea #box (input)="list().update()" (keydown)="keydown($event)"></textarea>
  `,
})
class Host {
  conversationId = CONVERSATION_ID;
  changed: string | null = null;
  sent = 0;
  readonly list = viewChild.required(MentionAutocomplete);
  keydown(event: KeyboardEvent): void {
    if (this.list().handleKeydown(event)) return;
    if (event.key === 'Enter') this.sent++;
  }
}

describe('MentionAutocomplete', () => {
  let host: Host;
  let element: HTMLElement;
  let box: HTMLTextAreaElement;
  let store: ConversationsStore;

  beforeEach(async () => {
    localStorage.clear();
    storeSession();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(new FakeRealtimeService()),
      ],
    });
    store = TestBed.inject(ConversationsStore);
    store.upsert(
      conversation({
        type: 'group',
        title: 'Tailors',
        members: [member(alice), member(bob), member(carol), member(bot)],
      }),
    );
    const fixture = TestBed.createComponent(Host);
    host = fixture.componentInstance;
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    box = element.querySelector('textarea')!;
  });

  const type = (text: string) => {
    box.value = text;
    box.setSelectionRange(text.length, text.length);
    box.dispatchEvent(new Event('input'));
    TestBed.tick();
  };
  const key = (name: string, init: KeyboardEventInit = {}) => {
    const event = new KeyboardEvent('keydown', { key: name, cancelable: true, ...init });
    box.dispatchEvent(event);
    TestBed.tick();
    return event;
  };
  const options = () =>
    Array.from(element.querySelectorAll<HTMLElement>('[data-testid="mention-option"]'));
  const usernames = () => options().map((o) => o.dataset['username']);
  const active = () =>
    element.querySelector('[aria-selected="true"]')?.getAttribute('data-username');

  it('opens on @ with the other members (people and bots) and @here in a group', () => {
    type('hello @');
    expect(usernames()).toEqual(['bob', 'carol', 'sizebot', 'here']);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(box.getAttribute('aria-activedescendant')).toBe(options()[0].id);
  });

  it('filters by username or display-name prefix', () => {
    type('@ca');
    expect(usernames()).toEqual(['carol']);
    type('@build');
    expect(usernames()).toEqual(['bob']);
    type('@zz');
    expect(options()).toEqual([]);
    expect(box.getAttribute('aria-expanded')).toBe('false');
  });

  it('arrows move, Enter inserts @username and a space instead of sending', () => {
    type('ask @');
    key('ArrowDown');
    expect(active()).toBe('carol');
    key('ArrowUp');
    key('ArrowUp');
    expect(active()).toBe('here');
    key('ArrowDown');
    key('ArrowDown');
    const enter = key('Enter');
    expect(enter.defaultPrevented).toBe(true);
    expect(box.value).toBe('ask @carol ');
    expect(host.changed).toBe('ask @carol ');
    expect(box.selectionStart).toBe('ask @carol '.length);
    expect(host.sent).toBe(0);
    expect(options()).toEqual([]);
    key('Enter');
    expect(host.sent).toBe(1);
  });

  it('Tab picks too, in the middle of the text', () => {
    box.value = 'hi @si how are you';
    box.setSelectionRange(6, 6);
    box.dispatchEvent(new Event('input'));
    TestBed.tick();
    expect(usernames()).toEqual(['sizebot']);
    key('Tab');
    expect(box.value).toBe('hi @sizebot how are you');
  });

  it('Escape closes the list; the next Enter sends', () => {
    type('@b');
    expect(usernames()).toEqual(['bob']);
    const escape = key('Escape');
    expect(escape.defaultPrevented).toBe(true);
    expect(options()).toEqual([]);
    key('Enter');
    expect(host.sent).toBe(1);
  });

  it('a click (or tap) picks', () => {
    type('@');
    options()[1].click();
    TestBed.tick();
    expect(box.value).toBe('@carol ');
  });

  it('offers no @here in a direct conversation, and nothing after an e-mail-like @', () => {
    store.upsert(conversation({ members: [member(alice), member(bob)] }));
    type('@');
    expect(usernames()).toEqual(['bob']);
    type('mail me at x@b');
    expect(options()).toEqual([]);
  });
});
