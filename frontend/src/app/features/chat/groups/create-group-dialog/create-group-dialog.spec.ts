import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';

import { UserDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import { provideFakeRealtime } from '../../../../core/realtime/realtime.testing';
import { alice, bob, carol, conversation, member } from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { CreateGroupDialog, openCreateGroupDialog } from './create-group-dialog';

@Component({ template: '' })
class Host {}

describe('CreateGroupDialog', () => {
  let fixture: ComponentFixture<Host>;
  let http: HttpTestingController;
  let dialogRef: MatDialogRef<CreateGroupDialog, string>;
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
        // Dialogs close at once: no exit animation to wait for.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        provideFakeRealtime(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Host);
    dialogRef = openCreateGroupDialog(TestBed.inject(MatDialog));
    result = undefined;
    dialogRef.afterClosed().subscribe((id) => (result = id));
    await settle();
  });

  afterEach(() => {
    dialogRef.close();
    for (let open = http.match(isPresence); open.length > 0; open = http.match(isPresence)) {
      open.forEach((request) => request.flush({}));
    }
    http.verify();
    jest.useRealTimers();
  });

  async function settle(): Promise<void> {
    jest.advanceTimersByTime(300);
    fixture.detectChanges();
    await Promise.resolve();
    TestBed.tick();
  }

  const isPresence = (r: HttpRequest<unknown>) => r.url === '/api/v1/presence';
  const dialog = () => document.querySelector('app-create-group-dialog') as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
    dialog().querySelector<T>(`[data-testid="${id}"]`);
  const all = (id: string) =>
    Array.from(dialog().querySelectorAll<HTMLElement>(`[data-testid="${id}"]`));
  const text = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim();

  function answerPeople(query: string, people: UserDto[]): void {
    http
      .expectOne((r) => r.url === '/api/v1/users' && r.params.get('query') === query)
      .flush({ items: people, nextCursor: null });
  }

  async function typeTitle(title: string): Promise<void> {
    const input = byTestId<HTMLInputElement>('group-title')!;
    input.value = title;
    input.dispatchEvent(new Event('input'));
    await settle();
  }

  async function submit(): Promise<void> {
    byTestId('create-group')!.click();
    await settle();
  }

  it('asks for a name and at least one other person before creating', async () => {
    answerPeople('', [bob, carol]);
    await settle();

    await submit();
    expect(text(dialog().querySelector('mat-error'))).toBe('Give the group a name.');
    expect(text(byTestId('members-error'))).toBe('Add at least one person.');

    await typeTitle('   ');
    expect(text(dialog().querySelector('mat-error'))).toBe('Give the group a name.');
    await typeTitle('Trip');
    await submit();
    expect(dialog().querySelector('mat-error')).toBeNull();
    expect(text(byTestId('members-error'))).toBe('Add at least one person.');
    http.expectNone({ method: 'POST', url: '/api/v1/conversations' });
  });

  it('caps the name at the server’s 100 characters', async () => {
    answerPeople('', []);
    await settle();
    expect(byTestId<HTMLInputElement>('group-title')!.getAttribute('maxlength')).toBe('100');
    await typeTitle('x'.repeat(101));
    await submit();
    expect(text(dialog().querySelector('mat-error'))).toBe('At most 100 characters.');
  });

  it('picks people as chips, takes them out again, and creates the group', async () => {
    answerPeople('', [bob, carol]);
    await settle();
    await typeTitle('  Trip  ');

    const results = all('member-result');
    results[0].click();
    results[1].click();
    await settle();
    expect(all('picked-member').map((chip) => text(chip.querySelector('.chip-name')))).toEqual([
      'Bob Builder',
      'Carol Danvers',
    ]);
    expect(results[0].getAttribute('aria-pressed')).toBe('true');
    expect(text(byTestId('member-count'))).toBe('3 members, you included');

    // A chip's remove button takes the person out.
    all('picked-member')[1].querySelector<HTMLButtonElement>('button[matChipRemove]')!.click();
    await settle();
    expect(all('picked-member').map((chip) => text(chip.querySelector('.chip-name')))).toEqual([
      'Bob Builder',
    ]);

    await submit();
    expect(byTestId<HTMLButtonElement>('create-group')!.disabled).toBe(true);
    const create = http.expectOne({ method: 'POST', url: '/api/v1/conversations' });
    expect(create.request.body).toEqual({ type: 'group', title: 'Trip', memberIds: [bob.id] });
    const created = conversation({
      type: 'group',
      title: 'Trip',
      members: [{ ...member(alice), role: 'owner' }, member(bob)],
    });
    create.flush(created);
    await settle();

    expect(result).toBe(created.id);
    expect(TestBed.inject(ConversationsStore).get(created.id)?.title).toBe('Trip');
  });

  it('picks the first match with Enter in the search field, keeping the form open', async () => {
    answerPeople('', [bob, carol]);
    await settle();
    const search = byTestId<HTMLInputElement>('member-search')!;
    search.value = 'car';
    search.dispatchEvent(new Event('input'));
    await settle();
    answerPeople('car', [carol]);
    await settle();

    search.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    await settle();
    expect(all('picked-member').map((chip) => text(chip.querySelector('.chip-name')))).toEqual([
      'Carol Danvers',
    ]);
    // Ready for the next name.
    expect(search.value).toBe('');
    answerPeople('', [bob, carol]);
    http.expectNone({ method: 'POST', url: '/api/v1/conversations' });
  });

  it('shows why the server refused, and keeps what was entered', async () => {
    answerPeople('', [bob]);
    await settle();
    await typeTitle('Trip');
    all('member-result')[0].click();
    await submit();
    http
      .expectOne({ method: 'POST', url: '/api/v1/conversations' })
      .flush(
        { statusCode: 409, message: 'a group has at most 256 members' },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();

    expect(text(dialog().querySelector('app-form-error'))).toContain(
      'A group has at most 256 members.',
    );
    expect(byTestId<HTMLInputElement>('group-title')!.value).toBe('Trip');
    expect(result).toBeUndefined();
  });
});
