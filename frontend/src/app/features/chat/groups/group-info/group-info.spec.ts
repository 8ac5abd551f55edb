import { HttpRequest, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog, MatDialogRef } from '@angular/material/dialog';
import { provideRouter } from '@angular/router';

import { MemberRole, UserDto } from '../../../../core/api/model';
import { storeSession } from '../../../../core/auth/session.testing';
import {
  FakeRealtimeService,
  provideFakeRealtime,
} from '../../../../core/realtime/realtime.testing';
import { ChatRealtime } from '../../data-access/chat-realtime';
import { alice, bob, carol, conversation } from '../../data-access/chat.testing';
import { ConversationsStore } from '../../data-access/conversations.store';
import { GroupInfo, openGroupInfo } from './group-info';

@Component({ template: '' })
class Host {}

const dave: UserDto = {
  ...carol,
  id: 'd0000000-0000-4000-8000-00000000000d',
  username: 'dave',
  displayName: 'Dave Grohl',
};
const URL = `/api/v1/conversations/${conversation().id}`;

describe('GroupInfo', () => {
  let fixture: ComponentFixture<Host>;
  let http: HttpTestingController;
  let realtime: FakeRealtimeService;
  let store: ConversationsStore;
  let dialogRef: MatDialogRef<GroupInfo>;
  let closed: boolean;

  beforeEach(() => {
    localStorage.clear();
    storeSession();
    realtime = new FakeRealtimeService();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(),
        provideHttpClientTesting(),
        // Dialogs close at once: no exit animation to wait for.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        provideFakeRealtime(realtime),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    TestBed.inject(ChatRealtime);
    store = TestBed.inject(ConversationsStore);
    fixture = TestBed.createComponent(Host);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    for (let open = http.match(isPresence); open.length > 0; open = http.match(isPresence)) {
      open.forEach((request) => request.flush({}));
    }
    http.verify();
  });

  const isPresence = (r: HttpRequest<unknown>) => r.url === '/api/v1/presence';

  /** Alice (the user) with `role`; Bob is the owner unless Alice is; Carol an admin; Dave a member. */
  function group(role: MemberRole) {
    return conversation({
      type: 'group',
      title: 'Trip',
      members: [
        { user: alice, role, lastReadSeq: 0, lastDeliveredSeq: 0 },
        {
          user: bob,
          role: role === 'owner' ? 'member' : 'owner',
          lastReadSeq: 0,
          lastDeliveredSeq: 0,
        },
        { user: carol, role: 'admin', lastReadSeq: 0, lastDeliveredSeq: 0 },
        { user: dave, role: 'member', lastReadSeq: 0, lastDeliveredSeq: 0 },
      ],
    });
  }

  async function open(role: MemberRole): Promise<void> {
    store.upsert(group(role));
    dialogRef = openGroupInfo(TestBed.inject(MatDialog), conversation().id, false);
    closed = false;
    dialogRef.afterClosed().subscribe(() => (closed = true));
    await settle();
  }

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
    TestBed.tick();
  }

  const panel = () => document.querySelector('app-group-info') as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = panel()) =>
    root.querySelector<T>(`[data-testid="${id}"]`);
  const memberRow = (username: string) =>
    panel().querySelector<HTMLElement>(`[data-member="${username}"]`)!;
  const text = (element: Element | null | undefined) =>
    element?.textContent?.replace(/\s+/g, ' ').trim();
  const menuItems = () =>
    Array.from(document.querySelectorAll('.mat-mdc-menu-panel [mat-menu-item]')).map(text);

  async function openMenu(username: string): Promise<void> {
    byTestId('member-menu-button', memberRow(username))!.click();
    await settle();
  }

  it('lists the members, the owner first, with their roles', async () => {
    await open('member');
    const rows = Array.from(panel().querySelectorAll('[data-testid="group-member"]'));
    expect(rows.map((row) => row.getAttribute('data-member'))).toEqual([
      'bob',
      'carol',
      'alice',
      'dave',
    ]);
    expect(text(byTestId('member-role', memberRow('bob')))).toBe('Owner');
    expect(text(byTestId('member-role', memberRow('carol')))).toBe('Admin');
    expect(byTestId('member-role', memberRow('dave'))).toBeNull();
    expect(text(memberRow('alice').querySelector('.group-info-name'))).toBe('You');
    expect(text(byTestId('group-info-title'))).toBe('Trip');
  });

  it('shows a deactivated member as deactivated', async () => {
    const deactivated = group('member');
    store.upsert({
      ...deactivated,
      members: deactivated.members.map((m) =>
        m.user.id === dave.id ? { ...m, user: { ...dave, deactivated: true } } : m,
      ),
    });
    dialogRef = openGroupInfo(TestBed.inject(MatDialog), conversation().id, false);
    await settle();
    expect(text(byTestId('member-deactivated', memberRow('dave')))).toBe('Deactivated');
    expect(byTestId('member-deactivated', memberRow('carol'))).toBeNull();
  });

  it('offers a member nothing but leaving', async () => {
    await open('member');
    expect(byTestId('group-rename')).toBeNull();
    expect(byTestId('add-members')).toBeNull();
    expect(panel().querySelectorAll('[data-testid="member-menu-button"]')).toHaveLength(0);
    expect(byTestId('leave-group')).not.toBeNull();
  });

  it('lets an admin rename, add and remove anyone but the owner, not change roles', async () => {
    await open('admin');
    expect(byTestId('group-rename')).not.toBeNull();
    expect(byTestId('add-members')).not.toBeNull();
    expect(byTestId('member-menu-button', memberRow('bob'))).toBeNull();
    expect(byTestId('member-menu-button', memberRow('alice'))).toBeNull();
    await openMenu('dave');
    expect(menuItems()).toEqual(['Remove from group']);
  });

  it('lets the owner make admins and take it back', async () => {
    await open('owner');
    await openMenu('dave');
    expect(menuItems()).toEqual(['Make admin', 'Remove from group']);
    (document.querySelector('.mat-mdc-menu-panel [mat-menu-item]') as HTMLElement).click();
    await settle();

    const request = http.expectOne({ method: 'PATCH', url: `${URL}/members/${dave.id}` });
    expect(request.request.body).toEqual({ role: 'admin' });
    const updated = group('owner');
    updated.members[3] = { ...updated.members[3], role: 'admin' };
    request.flush(updated);
    await settle();
    expect(text(byTestId('member-role', memberRow('dave')))).toBe('Admin');

    await openMenu('carol');
    expect(menuItems()).toEqual(['Remove as admin', 'Remove from group']);
  });

  it('renames inline, and says so when the server refuses', async () => {
    await open('admin');
    byTestId('group-rename')!.click();
    await settle();
    const input = byTestId<HTMLInputElement>('group-title-input')!;
    expect(input.value).toBe('Trip');
    input.value = 'Ski trip';
    input.dispatchEvent(new Event('input'));
    await settle();
    byTestId('group-title-save')!.click();
    await settle();

    const request = http.expectOne({ method: 'PATCH', url: URL });
    expect(request.request.body).toEqual({ title: 'Ski trip' });
    request.flush(
      { statusCode: 403, message: 'only the owner or an admin can do this' },
      {
        status: 403,
        statusText: 'Forbidden',
      },
    );
    await settle();
    expect(text(document.querySelector('.mat-mdc-snack-bar-label'))).toBe(
      "Couldn't rename the group. Only the owner or an admin can do this.",
    );
    // Still editing, to try again.
    expect(byTestId('group-title-input')).not.toBeNull();

    byTestId('group-title-save')!.click();
    await settle();
    http.expectOne({ method: 'PATCH', url: URL }).flush({ ...group('admin'), title: 'Ski trip' });
    await settle();
    expect(text(byTestId('group-info-title'))).toBe('Ski trip');
  });

  it('tells the owner who leaves that ownership passes on', async () => {
    await open('owner');
    byTestId('leave-group')!.click();
    await settle();
    const confirm = document.querySelector('app-confirm-dialog') as HTMLElement;
    expect(text(confirm.querySelector('h2'))).toBe('Leave “Trip”?');
    expect(text(confirm)).toContain('Ownership passes to the longest-standing admin');
    (confirm.querySelector('[data-testid="confirm-button"]') as HTMLElement).click();
    await settle();

    http
      .expectOne({ method: 'DELETE', url: `${URL}/members/${alice.id}` })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(store.get(conversation().id)).toBeUndefined();
    expect(closed).toBe(true);
  });

  it('offers Delete to the owner only, and deletes after a confirmation', async () => {
    await open('admin');
    expect(byTestId('delete-group')).toBeNull();
    TestBed.inject(MatDialog).closeAll();
    await settle();

    await open('owner');
    byTestId('delete-group')!.click();
    await settle();
    const confirm = document.querySelector('app-confirm-dialog') as HTMLElement;
    expect(text(confirm.querySelector('h2'))).toBe('Delete “Trip”?');
    expect(text(confirm)).toContain('deleted for everyone');
    (confirm.querySelector('[data-testid="confirm-button"]') as HTMLElement).click();
    await settle();

    http
      .expectOne({ method: 'DELETE', url: URL })
      .flush(null, { status: 204, statusText: 'No Content' });
    await settle();
    expect(store.get(conversation().id)).toBeUndefined();
    expect(closed).toBe(true);
  });

  it('follows changes made by others, and closes when the user is removed', async () => {
    await open('member');
    realtime.push('conversation:updated', { ...group('member'), title: 'Ski trip' });
    await settle();
    expect(text(byTestId('group-info-title'))).toBe('Ski trip');

    realtime.push('conversation:removed', { conversationId: conversation().id });
    await settle();
    expect(closed).toBe(true);
  });
});
