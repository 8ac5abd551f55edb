import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';

import { BotDto, UserDto } from '../../../core/api/model';
import { storeSession } from '../../../core/auth/session.testing';
import { provideFakeRealtime } from '../../../core/realtime/realtime.testing';
import { alice, bob, bot, carol, conversation, member } from '../data-access/chat.testing';
import { NewChatDialog, openNewChatDialog } from './new-chat-dialog';

@Component({ template: '' })
class Host {}

const sizebot: BotDto = {
  ...bot,
  available: true,
  unavailableReason: null,
  description: 'Clothing and shoe size advice.',
};
const assistant: BotDto = {
  ...bot,
  available: true,
  unavailableReason: null,
  id: 'a0000000-0000-4000-8000-000000000002',
  username: 'assistant',
  displayName: 'Assistant',
  description: 'A general assistant.',
};

describe('NewChatDialog', () => {
  let fixture: ComponentFixture<Host>;
  let http: HttpTestingController;
  let dialogRef: MatDialogRef<NewChatDialog, string>;
  let result: string | undefined;

  beforeEach(async () => {
    jest.useFakeTimers();
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
    fixture = TestBed.createComponent(Host);
    dialogRef = openNewChatDialog(TestBed.inject(MatDialog));
    result = undefined;
    dialogRef.afterClosed().subscribe((id) => (result = id));
    await settle();
  });

  afterEach(() => {
    dialogRef.close();
    // Presence asked about for the people and bots shown, unless a test answered it.
    // (Those left out are asked about once more if they were asked for again meanwhile.)
    for (let open = http.match(isPresence); open.length > 0; open = http.match(isPresence)) {
      open.forEach((request) => request.flush({}));
    }
    http.verify();
    jest.useRealTimers();
  });

  /** Lets the search's debounce run out and the view update. */
  async function settle(): Promise<void> {
    jest.advanceTimersByTime(300);
    fixture.detectChanges();
    await Promise.resolve();
    TestBed.tick();
  }

  const dialog = () => document.querySelector('app-new-chat-dialog') as HTMLElement;
  const all = (testId: string) =>
    Array.from(dialog().querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`));
  const text = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim();

  function answerBots(bots: BotDto[]): void {
    http.expectOne({ method: 'GET', url: '/api/v1/bots' }).flush(bots);
  }

  function answerPeople(query: string, people: UserDto[]): void {
    http
      .expectOne((r) => r.url === '/api/v1/users' && r.params.get('query') === query)
      .flush({ items: people, nextCursor: null });
  }

  const isPresence = (r: HttpRequest<unknown>) => r.url === '/api/v1/presence';

  async function type(query: string): Promise<void> {
    const input = dialog().querySelector<HTMLInputElement>('[data-testid="user-search"]')!;
    input.value = query;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  it('lists the bots, with a BOT badge and what they do, before the people', async () => {
    answerBots([sizebot, assistant]);
    // A bot the search finds is not listed among the people a second time.
    answerPeople('', [bob, bot]);
    await settle();

    const bots = all('bot-result');
    expect(bots.map((b) => b.getAttribute('data-bot'))).toEqual(['sizebot', 'assistant']);
    expect(text(bots[0].querySelector('.name'))).toBe('SizeBot');
    expect(text(bots[0].querySelector('[data-testid="bot-badge"]'))).toBe('BOT');
    expect(text(bots[0].querySelector('.description'))).toBe('Clothing and shoe size advice.');
    expect(all('user-result').map((p) => text(p.querySelector('.name')))).toEqual(['Bob Builder']);

    const sections = Array.from(dialog().querySelectorAll('section h3')).map(text);
    expect(sections).toEqual(['Bots', 'People']);
  });

  it('shows an online dot on the people and bots known to be online', async () => {
    answerBots([sizebot]);
    answerPeople('', [bob, carol]);
    await settle();

    // One call for everyone shown; Carol shares no conversation with the user: left out.
    const request = http.expectOne(isPresence);
    expect(request.request.params.getAll('userIds')).toEqual([
      [bob.id, carol.id, sizebot.id].join(','),
    ]);
    request.flush({
      [bob.id]: { status: 'online', lastSeenAt: '2026-03-12T10:00:00.000Z' },
      [sizebot.id]: { status: 'online', lastSeenAt: '2026-03-12T10:00:00.000Z' },
    });
    await settle();

    const dots = (testId: string) =>
      all(testId).map((row) => row.querySelector('[data-testid="presence-dot"]'));
    const [bobsDot, carolsDot] = dots('user-result');
    expect(bobsDot?.getAttribute('aria-label')).toBe('Online');
    expect(bobsDot?.getAttribute('title')).toBe('Online');
    expect(carolsDot).toBeNull();
    expect(dots('bot-result')[0]).not.toBeNull();
  });

  it('opens the direct chat with the bot chosen and closes with its id', async () => {
    answerBots([sizebot, assistant]);
    answerPeople('', [bob]);
    await settle();

    all('bot-result')[0].click();
    await settle();
    expect(all('bot-result').every((b) => (b as HTMLButtonElement).disabled)).toBe(true);
    const create = http.expectOne({ method: 'POST', url: '/api/v1/conversations' });
    expect(create.request.body).toEqual({ type: 'direct', userId: sizebot.id });
    create.flush(conversation({ members: [member(alice), member(bot)] }));
    await settle();

    expect(result).toBe(conversation().id);
  });

  it('filters the bots as the query is typed, and hides them when none matches', async () => {
    answerBots([sizebot, assistant]);
    answerPeople('', [bob]);
    await settle();

    await type('size');
    answerPeople('size', []);
    await settle();
    expect(all('bot-result').map((b) => b.getAttribute('data-bot'))).toEqual(['sizebot']);

    await type('bob');
    answerPeople('bob', [bob]);
    await settle();
    expect(all('bots-section')).toEqual([]);
    expect(all('user-result')).toHaveLength(1);
  });

  it('says when the bots could not be loaded, and loads them again on Retry', async () => {
    http
      .expectOne({ method: 'GET', url: '/api/v1/bots' })
      .flush(null, { status: 500, statusText: 'Server Error' });
    answerPeople('', [bob]);
    await settle();

    const section = all('bots-section')[0];
    expect(text(section)).toContain("Couldn't load the bots. Try again in a moment.");
    section.querySelector('button')?.click();
    answerBots([sizebot]);
    await settle();
    expect(all('bot-result')).toHaveLength(1);
  });
});
