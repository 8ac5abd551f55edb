import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Title } from '@angular/platform-browser';
import { provideRouter, Router, TitleStrategy } from '@angular/router';

import { unreadTitle, UnreadTitleStrategy } from './unread-title';

@Component({ template: '' })
class Empty {}

describe('unreadTitle', () => {
  it('leads the title with the unread count, when there is one', () => {
    expect(unreadTitle('Chats · Chat', 3)).toBe('(3) Chats · Chat');
    expect(unreadTitle('Chats · Chat', 0)).toBe('Chats · Chat');
  });
});

describe('UnreadTitleStrategy', () => {
  it('keeps the route’s title and the count together, whichever changes', async () => {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: '', title: 'Chats · Chat', component: Empty },
          { path: 'status', title: 'Status · Chat', component: Empty },
        ]),
        { provide: TitleStrategy, useExisting: UnreadTitleStrategy },
      ],
    });
    const router = TestBed.inject(Router);
    const title = TestBed.inject(Title);
    const strategy = TestBed.inject(UnreadTitleStrategy);

    await router.navigateByUrl('/');
    TestBed.tick();
    expect(title.getTitle()).toBe('Chats · Chat');

    strategy.setUnread(2);
    TestBed.tick();
    expect(title.getTitle()).toBe('(2) Chats · Chat');

    await router.navigateByUrl('/status');
    TestBed.tick();
    expect(title.getTitle()).toBe('(2) Status · Chat');

    strategy.setUnread(0);
    TestBed.tick();
    expect(title.getTitle()).toBe('Status · Chat');
  });
});
