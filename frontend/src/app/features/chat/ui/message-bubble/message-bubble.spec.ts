import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatBottomSheet } from '@angular/material/bottom-sheet';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

import { MessageDto } from '../../../../core/api/model';
import { alice, bob, message } from '../../data-access/chat.testing';
import { Thread } from '../../data-access/messages.store';
import { PinsStore } from '../../pins/data-access/pins.store';
import { SavedStore } from '../../saved/data-access/saved.store';
import { chatItems } from '../timeline';
import { LONG_PRESS_MS } from './long-press';
import { MessageAction, MessageBubble } from './message-bubble';

describe('MessageBubble', () => {
  let fixture: ComponentFixture<MessageBubble>;
  let element: HTMLElement;
  let actions: MessageAction[];

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [{ provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } }],
    });
  });

  async function render(stored: MessageDto, own = stored.sender.id === alice.id): Promise<void> {
    fixture = TestBed.createComponent(MessageBubble);
    element = fixture.nativeElement as HTMLElement;
    document.body.append(element);
    const thread: Thread = {
      messages: [stored],
      outgoing: [],
      status: 'ready',
      error: null,
      hasOlder: false,
      loadingOlder: false,
      olderError: null,
      hasNewer: false,
      loadingNewer: false,
      newerError: null,
    };
    const [item] = chatItems(thread, alice);
    fixture.componentRef.setInput('item', item);
    fixture.componentRef.setInput('own', own);
    if (own) fixture.componentRef.setInput('readState', { state: 'read', readBy: 1, of: 1 });
    actions = [];
    fixture.componentInstance.action.subscribe((action) => actions.push(action));
    await fixture.whenStable();
  }

  const bubble = () => element.querySelector<HTMLElement>('.bubble')!;
  const sheet = () => document.querySelector('[data-testid="action-sheet"]');

  function pointer(type: string, x = 10, y = 10): PointerEvent {
    // jsdom has no PointerEvent: a MouseEvent with the pointer fields the directive reads.
    const event = new MouseEvent(type, { bubbles: true, clientX: x, clientY: y });
    Object.assign(event, { pointerType: 'touch', isPrimary: true, pointerId: 1 });
    bubble().dispatchEvent(event);
    return event as PointerEvent;
  }

  afterEach(() => {
    TestBed.inject(MatBottomSheet).dismiss();
    jest.useRealTimers();
  });

  it('makes links in the text clickable, opening in a new tab, and markup stays text', async () => {
    await render(message(1, { body: 'see https://example.com/a and <b onclick="x()">this</b>' }));
    const body = element.querySelector('[data-testid="message-body"]')!;
    const link = body.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://example.com/a');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(body.querySelector('b')).toBeNull();
    expect(body.textContent?.trim()).toBe(
      'see https://example.com/a and <b onclick="x()">this</b>',
    );
  });

  it('formats a person’s text: bold, a link, a code block', async () => {
    await render(message(1, { body: '**big** news at example.org\n```\nnpm start\n```' }));
    const body = element.querySelector('[data-testid="message-body"]')!;
    expect(body.querySelector('strong')?.textContent).toBe('big');
    expect(body.querySelector('a')?.getAttribute('href')).toBe('http://example.org');
    expect(body.querySelector('pre > code')?.textContent).toBe('npm start\n');
    expect(body.textContent).not.toContain('**');
  });

  it('marks a shop visitor (a widget guest) with a Visitor badge, and nobody else', async () => {
    await render(message(1, { sender: { ...bob, serverRole: 'guest', displayName: 'Visitor 1' } }));
    expect(element.querySelector('[data-testid="message-sender"]')?.textContent).toContain(
      'VISITOR',
    );
    await render(message(2, { sender: bob }));
    expect(element.querySelector('[data-testid="visitor-badge"]')).toBeNull();
  });

  it('shows no read tick on a deleted message', async () => {
    await render(message(1, { sender: alice }));
    expect(element.querySelector('app-read-tick')).not.toBeNull();
    await render(message(2, { sender: alice, body: null, deletedAt: '2026-03-12T11:00:00.000Z' }));
    expect(element.querySelector('app-read-tick')).toBeNull();
  });

  it('names the message its actions button is for', async () => {
    await render(message(1, { body: 'hello there\nsecond line' }));
    expect(
      element.querySelector('[data-testid="message-menu-button"]')?.getAttribute('aria-label'),
    ).toBe('Actions for message from Bob Builder: hello there');
    await render(message(2, { sender: alice, body: 'mine' }));
    expect(
      element.querySelector('[data-testid="message-menu-button"]')?.getAttribute('aria-label'),
    ).toBe('Actions for your message: mine');
  });

  /** Holds a touch on the bubble for `ms`, on fake timers, and lets the app react. */
  function hold(ms: number): void {
    jest.useFakeTimers();
    pointer('pointerdown');
    jest.advanceTimersByTime(ms);
    TestBed.tick();
  }

  const sheetActions = () =>
    [...document.querySelectorAll('[data-testid^="sheet-"]')].map((b) => b.textContent?.trim());

  it('opens the actions sheet after a touch held still, without any contextmenu event', async () => {
    await render(message(1, { sender: alice, body: 'hold me' }));
    hold(LONG_PRESS_MS - 1);
    expect(sheet()).toBeNull();
    jest.advanceTimersByTime(1);
    TestBed.tick();
    expect(sheet()).not.toBeNull();
    expect(sheetActions()).toEqual([
      'Reply',
      'Reply in thread',
      'React',
      'Edit',
      'Copy text',
      'Remind me…',
      'Pin',
      'Save',
      'Forward…',
      'Delete',
    ]);
    expect(document.querySelector('[data-testid="action-sheet-message"]')?.textContent).toContain(
      'hold me',
    );

    document.querySelector<HTMLElement>('[data-testid="sheet-reply"]')!.click();
    jest.runAllTimers();
    TestBed.tick();
    expect(actions).toEqual(['reply']);
  });

  it('offers only what is allowed on someone else’s message', async () => {
    await render(message(1, { sender: bob }));
    hold(LONG_PRESS_MS);
    expect(sheetActions()).toEqual([
      'Reply',
      'Reply in thread',
      'React',
      'Copy text',
      'Remind me…',
      'Mark as unread',
      'Pin',
      'Save',
      'Forward…',
    ]);
  });

  it('offers Unpin and Remove from saved once pinned and saved, and no Forward without text', async () => {
    TestBed.overrideProvider(PinsStore, { useValue: { isPinned: () => true } });
    TestBed.overrideProvider(SavedStore, { useValue: { isSaved: () => true } });
    await render(message(1, { sender: bob, body: null, deletedAt: null }));
    hold(LONG_PRESS_MS);
    expect(sheetActions()).toEqual(expect.arrayContaining(['Unpin', 'Remove from saved']));
    expect(sheetActions()).not.toContain('Forward…');
    document.querySelector<HTMLElement>('[data-testid="sheet-unpin"]')!.click();
    jest.runAllTimers();
    TestBed.tick();
    expect(actions).toEqual(['unpin']);
  });

  it('says whom a forwarded message comes from', async () => {
    await render(
      message(1, {
        sender: bob,
        body: 'the original words',
        forwardedFrom: {
          messageId: 'f0000000-0000-4000-8000-000000000001',
          senderName: 'Carol',
          createdAt: '2026-01-01T10:00:00.000Z',
        },
      }),
    );
    expect(element.querySelector('[data-testid="forwarded-from"]')?.textContent?.trim()).toBe(
      'Forwarded from Carol',
    );
  });

  it('does not open the sheet when the finger moves (a scroll) or lifts early', async () => {
    await render(message(1, { sender: alice }));
    jest.useFakeTimers();
    pointer('pointerdown');
    pointer('pointermove', 10, 40);
    jest.advanceTimersByTime(LONG_PRESS_MS * 2);
    pointer('pointerdown');
    pointer('pointerup');
    jest.advanceTimersByTime(LONG_PRESS_MS * 2);
    jest.useRealTimers();
    await fixture.whenStable();
    expect(sheet()).toBeNull();
  });
});
