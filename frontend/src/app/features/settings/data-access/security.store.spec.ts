import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { MeDto, SessionDto } from '../../../core/api/model';
import { alice } from '../../../core/auth/session.testing';
import { SecurityStore } from './security.store';

const me: MeDto = { ...alice, email: 'alice@example.com', emailVerified: true };
const session = (id: string, current: boolean, lastUsedAt: string): SessionDto => ({
  id,
  current,
  userAgent: 'Firefox 140 on Linux',
  ip: '203.0.113.7',
  createdAt: '2026-12-01T00:00:00.000Z',
  lastUsedAt,
});

describe('SecurityStore', () => {
  let store: SecurityStore;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    store = TestBed.inject(SecurityStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function load(sessions: SessionDto[] = [], twoFactor = false, mail = true): void {
    store.load();
    http.expectOne('/api/v1/users/me').flush(me);
    http.expectOne({ method: 'GET', url: '/api/v1/auth/sessions' }).flush(sessions);
    http.expectOne({ method: 'GET', url: '/api/v1/auth/2fa' }).flush({ enabled: twoFactor });
    http.expectOne('/api/v1/auth/providers').flush({ mail, oidc: null });
    http
      .expectOne({ method: 'GET', url: '/api/v1/users/me/export' })
      .flush({ status: 'none', progress: 0, mailed: mail });
  }

  it('loads the email, two-factor, mail and sessions (this device first, then the latest used)', () => {
    load(
      [
        session('old', false, '2026-12-02T00:00:00.000Z'),
        session('here', true, '2026-12-03T00:00:00.000Z'),
        session('new', false, '2026-12-06T00:00:00.000Z'),
      ],
      true,
      false,
    );
    expect(store.loaded()).toBe(true);
    expect(store.me()?.email).toBe('alice@example.com');
    expect(store.twoFactorEnabled()).toBe(true);
    expect(store.mailEnabled()).toBe(false);
    expect(store.sessions().map((s) => s.id)).toEqual(['here', 'new', 'old']);
  });

  it('says why loading failed, and loads again on retry', () => {
    store.load();
    http.expectOne('/api/v1/users/me').flush(null, { status: 500, statusText: 'Error' });
    for (const url of [
      '/api/v1/auth/sessions',
      '/api/v1/auth/2fa',
      '/api/v1/auth/providers',
      '/api/v1/users/me/export',
    ]) {
      http.match(url).forEach((r) => expect(r.cancelled).toBe(true));
    }
    expect(store.error()).toBe('Something went wrong. Try again in a moment.');
    expect(store.loaded()).toBe(false);
    load();
    expect(store.error()).toBeNull();
    expect(store.loaded()).toBe(true);
  });

  it('loads the single sign-on link only when a provider is configured, and unlinks it', () => {
    load();
    expect(store.ssoLink()).toBeNull();

    store.load();
    http.expectOne('/api/v1/users/me').flush(me);
    http.expectOne({ method: 'GET', url: '/api/v1/auth/sessions' }).flush([]);
    http.expectOne({ method: 'GET', url: '/api/v1/auth/2fa' }).flush({ enabled: false });
    http.expectOne('/api/v1/auth/providers').flush({ mail: true, oidc: { label: 'Acme ID' } });
    http
      .expectOne({ method: 'GET', url: '/api/v1/users/me/export' })
      .flush({ status: 'none', progress: 0, mailed: true });
    http.expectOne({ method: 'GET', url: '/api/v1/auth/oidc/link' }).flush({
      label: 'Acme ID',
      linked: true,
      email: 'alice@acme.example',
      linkedAt: '2026-12-01T00:00:00.000Z',
      hasPassword: true,
    });
    expect(store.ssoLink()).toMatchObject({ linked: true, email: 'alice@acme.example' });

    store.unlinkSso().subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/auth/oidc/link' }).flush(null);
    expect(store.ssoLink()).toMatchObject({ label: 'Acme ID', linked: false, email: null });

    let url: string | undefined;
    store.startSsoLink().subscribe((u) => (url = u));
    http
      .expectOne({ method: 'POST', url: '/api/v1/auth/oidc/link' })
      .flush({ url: 'https://id.acme.example/auth?state=s' });
    expect(url).toBe('https://id.acme.example/auth?state=s');
  });

  it('starts a data export and follows it to ready', () => {
    load();
    expect(store.dataExport()).toEqual({ status: 'none', progress: 0, mailed: true });
    store.startDataExport().subscribe();
    http
      .expectOne({ method: 'POST', url: '/api/v1/users/me/export' })
      .flush({ status: 'running', progress: 0, mailed: true });
    expect(store.dataExport()?.status).toBe('running');
    const ready = {
      status: 'ready' as const,
      progress: 100,
      mailed: true,
      url: '/api/v1/exports/e1/download?token=t',
      expiresAt: '2026-12-08T12:00:00.000Z',
      size: 2048,
    };
    store.refreshDataExport().subscribe();
    http.expectOne({ method: 'GET', url: '/api/v1/users/me/export' }).flush(ready);
    expect(store.dataExport()).toEqual(ready);
  });

  it('ends one session, or every other one, and drops them from the list', () => {
    load([
      session('here', true, '2026-12-03T00:00:00.000Z'),
      session('a', false, '2026-12-02T00:00:00.000Z'),
      session('b', false, '2026-12-01T00:00:00.000Z'),
    ]);
    store.endSession('a').subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/auth/sessions/a' }).flush(null);
    expect(store.sessions().map((s) => s.id)).toEqual(['here', 'b']);
    store.endOtherSessions().subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/auth/sessions' }).flush(null);
    expect(store.sessions().map((s) => s.id)).toEqual(['here']);
  });

  it('changes the password; signing the others out drops them from the list', () => {
    load([
      session('here', true, '2026-12-03T00:00:00.000Z'),
      session('a', false, '2026-12-02T00:00:00.000Z'),
    ]);
    store.changePassword('old-password', 'new-password', false).subscribe();
    const keep = http.expectOne({ method: 'POST', url: '/api/v1/auth/password' });
    expect(keep.request.body).toEqual({
      currentPassword: 'old-password',
      newPassword: 'new-password',
      signOutOtherSessions: false,
    });
    keep.flush(null);
    expect(store.sessions()).toHaveLength(2);
    store.changePassword('new-password', 'newer-password', true).subscribe();
    http.expectOne('/api/v1/auth/password').flush(null);
    expect(store.sessions().map((s) => s.id)).toEqual(['here']);
  });

  it('turns two-factor on with a code (recovery codes back) and off with password and code', () => {
    load();
    let codes: readonly string[] = [];
    store.enableTwoFactor('123456').subscribe((c) => (codes = c));
    const enable = http.expectOne({ method: 'POST', url: '/api/v1/auth/2fa/enable' });
    expect(enable.request.body).toEqual({ code: '123456' });
    enable.flush({ recoveryCodes: ['abcd-efgh-ijkl'] });
    expect(codes).toEqual(['abcd-efgh-ijkl']);
    expect(store.twoFactorEnabled()).toBe(true);

    store.disableTwoFactor('secret-password', '654321').subscribe({ error: () => undefined });
    http
      .expectOne('/api/v1/auth/2fa/disable')
      .flush({ message: 'the code is not correct' }, { status: 403, statusText: 'Forbidden' });
    expect(store.twoFactorEnabled()).toBe(true);
    store.disableTwoFactor('secret-password', '654321').subscribe();
    const disable = http.expectOne('/api/v1/auth/2fa/disable');
    expect(disable.request.body).toEqual({ password: 'secret-password', code: '654321' });
    disable.flush(null);
    expect(store.twoFactorEnabled()).toBe(false);
  });

  it('stores a new email unverified as the server answers it', () => {
    load();
    store.changeEmail('new@example.com').subscribe();
    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/users/me' });
    expect(patch.request.body).toEqual({ email: 'new@example.com' });
    patch.flush({ ...me, email: 'new@example.com', emailVerified: false });
    expect(store.me()).toMatchObject({ email: 'new@example.com', emailVerified: false });
  });

  it('asks for a new verification link', () => {
    load();
    let done = false;
    store.resendVerification().subscribe(() => (done = true));
    http.expectOne({ method: 'POST', url: '/api/v1/auth/email/resend' }).flush(null, {
      status: 202,
      statusText: 'Accepted',
    });
    expect(done).toBe(true);
  });
});
