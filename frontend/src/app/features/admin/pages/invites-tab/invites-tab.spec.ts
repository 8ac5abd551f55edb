import { Clipboard } from '@angular/cdk/clipboard';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

import { newInvite, openInvite } from '../../data-access/admin.testing';
import { InvitesTab } from './invites-tab';

describe('InvitesTab', () => {
  let fixture: ComponentFixture<InvitesTab>;
  let http: HttpTestingController;
  let element: HTMLElement;
  let copied: string[];

  beforeEach(async () => {
    copied = [];
    TestBed.configureTestingModule({
      imports: [InvitesTab],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
        { provide: Clipboard, useValue: { copy: (text: string) => copied.push(text) > 0 } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(InvitesTab);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/v1/invites' }).flush([openInvite]);
    await settle();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
    element.querySelector<T>(`[data-testid="${id}"]`);
  const text = (el: Element | null | undefined) => el?.textContent?.replace(/\s+/g, ' ').trim();

  function choose(testId: string, value: string): void {
    const select = byTestId<HTMLSelectElement>(testId)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
  }

  it('lists open invites with their uses', () => {
    expect(text(byTestId('invite-uses-text'))).toBe('2 of 5 used');
  });

  it('creates an invite with the chosen uses and expiry, then shows its link to copy', async () => {
    choose('invite-uses', '5');
    choose('invite-expiry', '24');
    byTestId<HTMLButtonElement>('create-invite')!.click();
    await settle();

    const post = http.expectOne({ method: 'POST', url: '/api/v1/invites' });
    expect(post.request.body).toEqual({ maxUses: 5, expiresInHours: 24 });
    post.flush(newInvite, { status: 201, statusText: 'Created' });
    http.expectOne('/api/v1/invites').flush([{ ...openInvite, uses: 0 }]);
    await settle();

    expect(byTestId<HTMLInputElement>('invite-link')!.value).toBe(newInvite.url);
    byTestId<HTMLButtonElement>('copy-link')!.click();
    expect(copied).toEqual([newInvite.url]);
  });

  it('leaves the use limit out for "No limit", and a week is the default expiry', async () => {
    choose('invite-uses', '0');
    byTestId<HTMLButtonElement>('create-invite')!.click();
    await settle();
    const post = http.expectOne({ method: 'POST', url: '/api/v1/invites' });
    expect(post.request.body).toEqual({ expiresInHours: 168 });
    post.flush({ ...newInvite, maxUses: null });
    http.expectOne('/api/v1/invites').flush([]);
  });

  it('says why an invite could not be created', async () => {
    byTestId<HTMLButtonElement>('create-invite')!.click();
    await settle();
    http
      .expectOne({ method: 'POST', url: '/api/v1/invites' })
      .flush(
        { statusCode: 403, message: 'only admins may create invites' },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    expect(text(element.querySelector('app-form-error'))).toContain(
      'Only admins may create invites.',
    );
    expect(byTestId('created-invite')).toBeNull();
  });
});
