import { HarnessLoader } from '@angular/cdk/testing';
import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatButtonHarness } from '@angular/material/button/testing';
import { MatFormFieldHarness } from '@angular/material/form-field/testing';
import { MatInputHarness } from '@angular/material/input/testing';
import { provideRouter, Router } from '@angular/router';

import { authInterceptor } from '../../../../core/auth/auth.interceptor';
import { SessionStore } from '../../../../core/auth/session.store';
import { authResponse } from '../../../../core/auth/session.testing';
import { RegisterPage } from './register-page';

describe('RegisterPage', () => {
  let fixture: ComponentFixture<RegisterPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let navigateByUrl: jest.SpyInstance;
  let element: HTMLElement;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [RegisterPage],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(RegisterPage);
    element = fixture.nativeElement as HTMLElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  /** Opens the page (with an invite link's token, if given) and answers what it asks first. */
  async function open(
    mode: 'open' | 'invite' | 'closed' = 'open',
    invite?: { token: string; valid: boolean },
    sso: string | null = null,
  ) {
    if (invite) fixture.componentRef.setInput('token', invite.token);
    fixture.detectChanges();
    http
      .expectOne({ method: 'GET', url: '/api/v1/auth/providers' })
      .flush({ mail: true, oidc: sso === null ? null : { label: sso } });
    http
      .expectOne({ method: 'GET', url: '/api/v1/auth/registration' })
      .flush({ mode, workspaceName: 'Acme' });
    if (invite) {
      http
        .expectOne({ method: 'GET', url: `/api/v1/auth/invites/${invite.token}` })
        .flush({ valid: invite.valid, workspaceName: 'Acme' });
    }
    await fixture.whenStable();
  }
  const heading = () => element.querySelector('h1')?.textContent?.trim();
  const form = () => element.querySelector('[data-testid="register-form"]');

  afterEach(() => http.verify());

  it('offers joining with the identity provider, carrying an invite link’s token', async () => {
    await open('invite', { token: 'tok-1_A', valid: true }, 'Join with Acme ID');
    const sso = element.querySelector('[data-testid="sso-button"]');
    expect(sso?.textContent?.trim()).toBe('Join with Acme ID');
    expect(sso?.getAttribute('href')).toBe('/api/v1/auth/oidc/start?inviteToken=tok-1_A');
  });

  it('offers no identity provider when registration is closed', async () => {
    await open('closed', undefined, 'Join with Acme ID');
    expect(element.querySelector('[data-testid="sso-button"]')).toBeNull();
  });

  const input = (testId: string) =>
    loader.getHarness(MatInputHarness.with({ selector: `[data-testid="${testId}"]` }));
  const field = (label: string) =>
    loader.getHarness(MatFormFieldHarness.with({ floatingLabelText: label }));
  const errorsOf = async (label: string) => (await field(label)).getTextErrors();
  const submit = async () =>
    (await loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' }))).click();
  const formError = () => element.querySelector('[data-testid="form-error"]')?.textContent;

  async function fill(username: string, password: string, displayName = '') {
    await (await input('username')).setValue(username);
    await (await input('display-name')).setValue(displayName);
    await (await input('password')).setValue(password);
  }

  it('checks the server rules before sending', async () => {
    await open();
    await fill('no spaces!', 'short', 'x'.repeat(65));
    await submit();

    expect(await errorsOf('Username')).toEqual([
      'Use 3–32 characters: letters a–z, digits, _ and .',
    ]);
    expect(await errorsOf('Display name (optional)')).toEqual(['Use at most 64 characters']);
    expect(await errorsOf('Password')).toEqual(['Use at least 8 characters']);
    http.expectNone('/api/v1/auth/register');
  });

  it('creates the account and signs in, sending the username as the server stores it', async () => {
    fixture.componentRef.setInput('returnUrl', '/settings');
    await open();
    await fill(' New.User ', 'secret-password', '  New User ');
    await submit();

    const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/register' });
    expect(request.request.body).toEqual({
      username: 'new.user',
      password: 'secret-password',
      displayName: 'New User',
      refreshTokenTransport: 'cookie',
    });
    request.flush(authResponse(), { status: 201, statusText: 'Created' });

    expect(TestBed.inject(SessionStore).isSignedIn()).toBe(true);
    expect(navigateByUrl).toHaveBeenCalledWith('/settings');
  });

  it('leaves the display name out when empty', async () => {
    await open();
    await fill('alice', 'secret-password');
    await submit();
    const request = http.expectOne('/api/v1/auth/register');
    expect(request.request.body).toEqual({
      username: 'alice',
      password: 'secret-password',
      refreshTokenTransport: 'cookie',
    });
    request.flush(authResponse());
  });

  it('puts 400 messages on the fields they name and the rest above the form', async () => {
    await open();
    await fill('alice', 'secret-password');
    await submit();
    http.expectOne('/api/v1/auth/register').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: ['password must be 8-128 characters', 'property nickname should not exist'],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();

    expect(await errorsOf('Password')).toEqual(['Password must be 8-128 characters.']);
    expect(await errorsOf('Username')).toEqual([]);
    expect(formError()).toContain('Property nickname should not exist.');
    expect(document.activeElement).toBe(element.querySelector('[data-testid="password"]'));
  });

  it('shows a taken username (409) on the username field until it is changed', async () => {
    await open();
    await fill('alice', 'secret-password');
    await submit();
    http
      .expectOne('/api/v1/auth/register')
      .flush(
        { statusCode: 409, error: 'Conflict', message: 'username is already taken' },
        { status: 409, statusText: 'Conflict' },
      );
    await fixture.whenStable();

    expect(await errorsOf('Username')).toEqual(['This username is already taken.']);
    expect(formError()).toBeUndefined();
    expect(navigateByUrl).not.toHaveBeenCalled();

    await (await input('username')).setValue('alice2');
    expect(await errorsOf('Username')).toEqual([]);
  });

  it('reports an unreachable server above the form', async () => {
    await open();
    await fill('alice', 'secret-password');
    await submit();
    http.expectOne('/api/v1/auth/register').error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(formError()).toContain('The server cannot be reached.');
  });
  describe('follows the registration policy', () => {
    it('waits for the mode before showing the form', async () => {
      fixture.detectChanges();
      expect(form()).toBeNull();
      expect(element.textContent).toContain('Checking how to join');
      http.expectOne('/api/v1/auth/registration').flush({ mode: 'open', workspaceName: 'Acme' });
      http.expectOne('/api/v1/auth/providers').flush({ mail: true, oidc: null });
      await fixture.whenStable();
      expect(form()).not.toBeNull();
      expect(element.textContent).toContain('Join Acme in a few seconds');
    });

    it('says registration is closed and offers sign-in instead of the form', async () => {
      await open('closed');
      expect(form()).toBeNull();
      expect(heading()).toBe('Registration is closed');
      const closed = element.querySelector('[data-testid="registration-closed"]');
      expect(closed?.textContent).toContain('Acme is not taking new accounts');
      expect(closed?.querySelector('a')?.getAttribute('href')).toBe('/sign-in');
    });

    it('explains that an invite is needed when invite-only and no invite came along', async () => {
      await open('invite');
      expect(form()).toBeNull();
      expect(heading()).toBe('Invite only');
      expect(element.querySelector('[data-testid="invite-needed"]')?.textContent).toContain(
        'open the invite link an admin sent you',
      );
    });

    it('registers through a working invite link, sending its token', async () => {
      await open('invite', { token: 'tok-1', valid: true });
      expect(heading()).toBe('Join Acme');
      await fill('alice', 'secret-password');
      await submit();

      const request = http.expectOne('/api/v1/auth/register');
      expect(request.request.body).toEqual({
        username: 'alice',
        password: 'secret-password',
        inviteToken: 'tok-1',
        refreshTokenTransport: 'cookie',
      });
      request.flush(authResponse(), { status: 201, statusText: 'Created' });
      expect(navigateByUrl).toHaveBeenCalledWith('/');
    });

    it('says an invalid or expired invite does not work, offering the open form when there is one', async () => {
      await open('open', { token: 'expired', valid: false });
      expect(form()).toBeNull();
      expect(heading()).toBe('This invite does not work');
      const links = [...element.querySelectorAll('[data-testid="invite-invalid"] a')];
      expect(links.map((a) => [a.textContent?.trim(), a.getAttribute('href')])).toEqual([
        ['Create an account without it', '/register'],
        ['Sign in', '/sign-in'],
      ]);
    });

    it('never offers the form for a bad invite on an invite-only server', async () => {
      await open('invite', { token: 'used-up', valid: false });
      const links = [...element.querySelectorAll('[data-testid="invite-invalid"] a')];
      expect(links.map((a) => a.textContent?.trim())).toEqual(['Sign in']);
    });

    it('switches to what a 403 says when the policy changed after the page loaded', async () => {
      await open();
      await fill('alice', 'secret-password');
      await submit();
      http
        .expectOne('/api/v1/auth/register')
        .flush(
          { statusCode: 403, error: 'Forbidden', message: 'registration is closed' },
          { status: 403, statusText: 'Forbidden' },
        );
      await fixture.whenStable();
      expect(heading()).toBe('Registration is closed');
      expect(form()).toBeNull();
    });

    it('shows the form when the mode cannot be read: the server explains any refusal', async () => {
      fixture.detectChanges();
      http.expectOne('/api/v1/auth/registration').error(new ProgressEvent('error'));
      http.expectOne('/api/v1/auth/providers').flush({ mail: true, oidc: null });
      await fixture.whenStable();
      expect(form()).not.toBeNull();
      expect(heading()).toBe('Create your account');
    });
  });
});
