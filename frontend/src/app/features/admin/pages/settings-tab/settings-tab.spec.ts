import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MATERIAL_ANIMATIONS } from '@angular/material/core';

import { settings } from '../../data-access/admin.testing';
import { changedFields, SettingsTab } from './settings-tab';

describe('SettingsTab', () => {
  let fixture: ComponentFixture<SettingsTab>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SettingsTab],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MATERIAL_ANIMATIONS, useValue: { animationsDisabled: true } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SettingsTab);
    element = fixture.nativeElement as HTMLElement;
    fixture.detectChanges();
    http.expectOne({ method: 'GET', url: '/api/v1/admin/settings' }).flush(settings);
    await settle();
  });

  afterEach(() => http.verify());

  async function settle(): Promise<void> {
    fixture.detectChanges();
    await fixture.whenStable();
  }

  const byTestId = <T extends HTMLElement = HTMLElement>(id: string) =>
    element.querySelector<T>(`[data-testid="${id}"]`);

  it('sends only what changed: invite-only registration', async () => {
    const save = byTestId<HTMLButtonElement>('save-settings')!;
    expect(save.disabled).toBe(true);
    byTestId('mode-invite')!.querySelector('input')!.click();
    await settle();
    expect(save.disabled).toBe(false);
    save.click();
    await settle();

    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/admin/settings' });
    expect(patch.request.body).toEqual({ registrationMode: 'invite' });
    patch.flush({ ...settings, registrationMode: 'invite' });
    await settle();
    expect(save.disabled).toBe(true);
  });
});

describe('changedFields', () => {
  const form = {
    workspaceName: 'Acme',
    registrationMode: 'open' as const,
    membersCanInvite: false,
    membersCanCreateChannels: true,
    requireTwoFactorForAdmins: false,
    keepForever: true,
    retentionDays: '365',
  };

  it('is empty when nothing changed', () => {
    expect(changedFields(settings, form)).toEqual({});
  });

  it('trims the name, and turns retention on with its days or off with null', () => {
    expect(
      changedFields(settings, { ...form, workspaceName: ' Acme Ltd ', keepForever: false }),
    ).toEqual({ workspaceName: 'Acme Ltd', retentionDays: 365 });
    expect(changedFields({ ...settings, retentionDays: 30 }, form)).toEqual({
      retentionDays: null,
    });
  });

  it('sends requireTwoFactorForAdmins only when the toggle moved', () => {
    expect(changedFields(settings, { ...form, requireTwoFactorForAdmins: true })).toEqual({
      requireTwoFactorForAdmins: true,
    });
  });
});
