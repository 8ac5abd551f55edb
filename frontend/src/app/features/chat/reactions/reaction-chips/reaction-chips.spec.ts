import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { provideRouter } from '@angular/router';

import { MessageDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import { provideFakeRealtime } from '../../../../core/realtime/realtime.testing';
import { alice, bob, carol, conversation, member, message } from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { ReactionChips } from './reaction-chips';

describe('ReactionChips', () => {
  let fixture: ComponentFixture<ReactionChips>;
  let element: HTMLElement;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    storeSession();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        provideFakeRealtime(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(ConversationsStore).upsert(
      conversation({ members: [member(alice), member(bob), member(carol)] }),
    );
  });

  afterEach(() => http.verify());

  async function render(stored: MessageDto): Promise<void> {
    fixture = TestBed.createComponent(ReactionChips);
    element = fixture.nativeElement as HTMLElement;
    fixture.componentRef.setInput('message', stored);
    await fixture.whenStable();
  }

  const chips = () => [
    ...element.querySelectorAll<HTMLButtonElement>('[data-testid="reaction-chip"]'),
  ];

  it('shows each emoji with its count, highlights yours, and labels it for screen readers', async () => {
    await render(
      message(2, {
        reactions: [
          { emoji: '👍', count: 2, userIds: [bob.id, alice.id] },
          { emoji: '🎉', count: 1, userIds: [carol.id] },
        ],
      }),
    );
    expect(chips().map((c) => c.textContent.replace(/\s+/g, ''))).toEqual(['👍2', '🎉1']);
    expect(chips().map((c) => c.getAttribute('aria-label'))).toEqual([
      '👍 2 reactions, including you',
      '🎉 1 reaction',
    ]);
    expect(chips().map((c) => c.classList.contains('mine'))).toEqual([true, false]);
    expect(chips().map((c) => c.getAttribute('aria-pressed'))).toEqual(['true', 'false']);
    expect(element.querySelector('[data-testid="add-reaction"]')?.getAttribute('aria-label')).toBe(
      'Add a reaction',
    );
  });

  it('clicking a chip toggles your reaction', async () => {
    await render(message(2, { reactions: [{ emoji: '🎉', count: 1, userIds: [carol.id] }] }));
    chips()[0].click();
    const request = http.expectOne(`/api/v1/messages/m-2/reactions/${encodeURIComponent('🎉')}`);
    expect(request.request.method).toBe('PUT');
    request.flush({ reactions: [{ emoji: '🎉', count: 2, userIds: [carol.id, alice.id] }] });
  });
});
