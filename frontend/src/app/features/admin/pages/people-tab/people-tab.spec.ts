import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';
import { MatDialog } from '@angular/material/dialog';

import { storeSession, authResponse } from '../../../../core/auth/session.testing';
import { admin, bob, carol } from '../../data-access/admin.testing';
import { PeopleTab } from './people-tab';

describe('PeopleTab', () => {
  let fixture: ComponentFixture<PeopleTab>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    localStorage.clear();
    storeSession(authResponse('1', admin));
    TestBed.configureTestingModule({
      imports: [PeopleTab],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        // Dialogs and menus open and close at once: no animation to wait for.
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(PeopleTab);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http
      .expectOne((r) => r.url === '/api/v1/admin/users')
      .flush({ items: [admin, { ...carol, deactivated: true }, bob], nextCursor: null });
    await settle();
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
  });

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const rows = () =>
    Array.from(element.querySelectorAll<HTMLElement>('[data-testid="person-row"]'));
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

  async function openActions(row: HTMLElement): Promise<void> {
    row.querySelector<HTMLButtonElement>('[data-testid="person-actions"]')!.click();
    await settle();
  }
  const menuItem = (testId: string) =>
    document.querySelector<HTMLButtonElement>(`.mat-mdc-menu-panel [data-testid="${testId}"]`);
  const dialog = () => document.querySelector('mat-dialog-container');

  it('shows roles, the signed-in admin as "you", and deactivated people as deactivated', () => {
    const [me, deactivated, member] = rows().map((row) => ({
      name: text(row.querySelector('.name')),
      badges: text(row.querySelector('app-user-badges')),
    }));
    expect(me).toEqual({ name: 'Alice Liddell (you)', badges: 'Admin' });
    expect(deactivated).toEqual({ name: 'Carol Danvers', badges: 'Deactivated' });
    expect(member).toEqual({ name: 'Bob Builder', badges: '' });
  });

  it('asks before making someone an admin, then sends the change', async () => {
    await openActions(rows()[2]);
    menuItem('make-admin')!.click();
    await settle();

    expect(text(dialog()?.querySelector('h2'))).toBe('Make Bob Builder an admin?');
    http.expectNone((r) => r.method === 'PATCH');
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-button"]')!.click();
    await settle();

    const patch = http.expectOne({ method: 'PATCH', url: `/api/v1/admin/users/${bob.id}` });
    expect(patch.request.body).toEqual({ serverRole: 'admin' });
    patch.flush({ ...bob, serverRole: 'admin' });
    await settle();
    expect(text(rows()[2])).toContain('Admin');
  });

  it('changes nothing when the confirmation is cancelled', async () => {
    await openActions(rows()[0]);
    menuItem('make-member')!.click();
    await settle();
    expect(text(dialog()?.querySelector('h2'))).toBe('Remove Alice Liddell as admin?');

    const cancel = Array.from(
      document.querySelectorAll<HTMLButtonElement>('mat-dialog-actions button'),
    ).find((b) => text(b) === 'Cancel')!;
    cancel.click();
    await settle();
    http.expectNone((r) => r.method === 'PATCH');
  });

  it('creates a reset link for someone and shows it to copy', async () => {
    await openActions(rows()[2]);
    menuItem('create-reset-link')!.click();
    await settle();
    const url = 'http://chat.example/reset-password/abc123';
    http
      .expectOne({ method: 'POST', url: `/api/v1/admin/users/${bob.id}/reset-link` })
      .flush({ url });
    await settle();
    expect(document.querySelector<HTMLInputElement>('[data-testid="reset-link-url"]')?.value).toBe(
      url,
    );
    expect(text(document.querySelector('mat-dialog-container h2'))).toContain(bob.displayName);
  });

  it('offers reactivation to a deactivated person, and says when the server refuses', async () => {
    await openActions(rows()[1]);
    expect(menuItem('deactivate')).toBeNull();
    expect(menuItem('make-admin')?.disabled).toBe(true);
    menuItem('reactivate')!.click();
    await settle();
    document.querySelector<HTMLButtonElement>('[data-testid="confirm-button"]')!.click();
    await settle();

    http
      .expectOne({ method: 'PATCH', url: `/api/v1/admin/users/${carol.id}` })
      .flush(
        { statusCode: 404, message: 'user not found' },
        { status: 404, statusText: 'Not Found' },
      );
    await settle();
    expect(text(document.querySelector('.mat-mdc-snack-bar-label'))).toContain('User not found.');
  });
  it('says when nobody matches a search, and offers a retry when a search fails', () => {
    jest.useFakeTimers();
    try {
      const search = element.querySelector<HTMLInputElement>('[data-testid="people-search"]')!;
      search.value = 'zed';
      search.dispatchEvent(new Event('input'));
      jest.advanceTimersByTime(250);
      http
        .expectOne((r) => r.url === '/api/v1/admin/users' && r.params.get('query') === 'zed')
        .flush({ items: [], nextCursor: null });
      fixture.detectChanges();
      expect(text(element.querySelector('.empty'))).toBe('Nobody’s name starts with “zed”.');

      search.value = 'bo';
      search.dispatchEvent(new Event('input'));
      jest.advanceTimersByTime(250);
      http
        .expectOne((r) => r.url === '/api/v1/admin/users' && r.params.get('query') === 'bo')
        .error(new ProgressEvent('error'));
      fixture.detectChanges();
      const failure = element.querySelector('app-error-state');
      expect(text(failure)).toContain('People could not be loaded. The server cannot be reached.');

      failure!.querySelector('button')!.click();
      http
        .expectOne((r) => r.url === '/api/v1/admin/users' && r.params.get('query') === 'bo')
        .flush({ items: [bob], nextCursor: null });
      fixture.detectChanges();
      expect(rows()).toHaveLength(1);
    } finally {
      jest.useRealTimers();
    }
  });
});
