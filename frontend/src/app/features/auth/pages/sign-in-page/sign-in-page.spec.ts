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
import { alice, authResponse } from '../../../../core/auth/session.testing';
import { SignInPage } from './sign-in-page';

describe('SignInPage', () => {
  let fixture: ComponentFixture<SignInPage>;
  let loader: HarnessLoader;
  let http: HttpTestingController;
  let navigateByUrl: jest.SpyInstance;
  let element: HTMLElement;

  beforeEach(() => {
    localStorage.clear();
    TestBed.configureTestingModule({
      imports: [SignInPage],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigateByUrl = jest.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    fixture = TestBed.createComponent(SignInPage);
    element = fixture.nativeElement as HTMLElement;
    loader = TestbedHarnessEnvironment.loader(fixture);
  });

  // The page asks which sign-in buttons to show; most tests need only the password form.
  beforeEach(async () => {
    http
      .expectOne({ method: 'GET', url: '/api/v1/auth/providers' })
      .flush({ mail: true, oidc: null });
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  const input = (testId: string) =>
    loader.getHarness(MatInputHarness.with({ selector: `[data-testid="${testId}"]` }));
  const submitButton = () =>
    loader.getHarness(MatButtonHarness.with({ selector: '[type=submit]' }));
  const formError = () => element.querySelector('[data-testid="form-error"]')?.textContent?.trim();

  async function fillAndSubmit(username = ' Alice ', password = 'secret-password') {
    await (await input('username')).setValue(username);
    await (await input('password')).setValue(password);
    await (await submitButton()).click();
  }

  it('says what is missing and sends nothing', async () => {
    await (await submitButton()).click();

    const fields = await loader.getAllHarnesses(MatFormFieldHarness);
    expect(await Promise.all(fields.map((f) => f.getTextErrors()))).toEqual([
      ['Enter your username'],
      ['Enter your password'],
    ]);
    http.expectNone('/api/v1/auth/login');
  });

  it('signs in, disabled with a progress bar meanwhile, then goes to returnUrl', async () => {
    fixture.componentRef.setInput('returnUrl', '/settings/profile');
    await fillAndSubmit();

    const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/login' });
    expect(request.request.body).toEqual({
      username: 'alice',
      password: 'secret-password',
      refreshTokenTransport: 'cookie',
    });
    const button = await submitButton();
    expect(await button.isDisabled()).toBe(true);
    expect(await button.getText()).toBe('Signing in…');
    expect(element.querySelector('mat-progress-bar')).not.toBeNull();

    request.flush(authResponse());
    await fixture.whenStable();

    expect(TestBed.inject(SessionStore).user()).toEqual(alice);
    expect(navigateByUrl).toHaveBeenCalledWith('/settings/profile');
    expect(await button.isDisabled()).toBe(false);
    expect(element.querySelector('mat-progress-bar')).toBeNull();
  });

  it('goes home when returnUrl points outside the app', async () => {
    fixture.componentRef.setInput('returnUrl', 'https://evil.example');
    await fillAndSubmit();
    http.expectOne('/api/v1/auth/login').flush(authResponse());
    expect(navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('shows a 401 as "Invalid username or password"', async () => {
    await fillAndSubmit();
    http
      .expectOne('/api/v1/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'invalid username or password' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await fixture.whenStable();

    expect(formError()).toContain('Invalid username or password.');
    expect(await (await submitButton()).isDisabled()).toBe(false);
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(TestBed.inject(SessionStore).isSignedIn()).toBe(false);
  });

  it('says how long to wait after too many attempts', async () => {
    await fillAndSubmit();
    http.expectOne('/api/v1/auth/login').flush(
      {
        statusCode: 429,
        message: 'too many attempts: retry in 42 seconds',
        retryAfterSeconds: 42,
      },
      { status: 429, statusText: 'Too Many Requests' },
    );
    await fixture.whenStable();

    expect(formError()).toContain('Too many attempts. Try again in 42 seconds.');
  });

  it('clears the previous error when submitting again', async () => {
    await fillAndSubmit();
    http.expectOne('/api/v1/auth/login').flush(null, { status: 401, statusText: 'Unauthorized' });
    await fixture.whenStable();
    expect(formError()).toBeDefined();

    await (await submitButton()).click();
    expect(formError()).toBeUndefined();
    http.expectOne('/api/v1/auth/login');
  });

  it('shows and hides the password with a toggle button', async () => {
    const toggle = element.querySelector<HTMLButtonElement>('[data-testid="password-toggle"]');
    const password = element.querySelector<HTMLInputElement>('[data-testid="password"]');
    expect(toggle?.getAttribute('aria-label')).toBe('Show password');
    expect(toggle?.getAttribute('aria-pressed')).toBe('false');
    expect(password?.type).toBe('password');

    toggle?.click();
    await fixture.whenStable();
    expect(toggle?.getAttribute('aria-pressed')).toBe('true');
    expect(password?.type).toBe('text');
  });

  it('links to registration, keeping returnUrl', async () => {
    fixture.componentRef.setInput('returnUrl', '/settings');
    await fixture.whenStable();
    const link = element.querySelector<HTMLAnchorElement>('[data-testid="register-link"]');
    expect(link?.getAttribute('href')).toBe('/register?returnUrl=%2Fsettings');
  });
  it('says the account is deleted after the person deleted it, as a status, not an error', async () => {
    fixture.componentRef.setInput('reason', 'deleted');
    await fixture.whenStable();
    const notice = element.querySelector('[data-testid="account-deleted"]');
    expect(notice?.getAttribute('role')).toBe('status');
    expect(notice?.textContent?.trim()).toBe(
      'Your account has been deleted and every device signed out.',
    );
    expect(formError()).toBeUndefined();
  });
  it('says the account was deactivated when the app signed the user out for that', async () => {
    fixture.componentRef.setInput('reason', 'deactivated');
    await fixture.whenStable();
    expect(formError()).toBe(
      'Your account was deactivated. Ask an admin of this workspace to restore it.',
    );
  });

  it('says so when the right password meets a deactivated account (403)', async () => {
    await fillAndSubmit();
    http
      .expectOne('/api/v1/auth/login')
      .flush(
        { statusCode: 403, error: 'Forbidden', message: 'account deactivated' },
        { status: 403, statusText: 'Forbidden' },
      );
    await fixture.whenStable();

    expect(formError()).toBe(
      'Your account was deactivated. Ask an admin of this workspace to restore it.',
    );
    expect(navigateByUrl).not.toHaveBeenCalled();
  });

  it('offers single sign-on only when the server has it, with its label', async () => {
    expect(element.querySelector('[data-testid="sso-button"]')).toBeNull();
    const page = TestBed.createComponent(SignInPage);
    http
      .expectOne('/api/v1/auth/providers')
      .flush({ mail: true, oidc: { label: 'Sign in with Acme ID' } });
    await page.whenStable();
    const sso = (page.nativeElement as HTMLElement).querySelector<HTMLAnchorElement>(
      '[data-testid="sso-button"]',
    );
    expect(sso?.textContent?.trim()).toBe('Sign in with Acme ID');
    expect(sso?.getAttribute('href')).toBe('/api/v1/auth/oidc/start');
  });

  it('links to the forgotten-password page', () => {
    expect(element.querySelector('[data-testid="forgot-link"]')?.getAttribute('href')).toBe(
      '/forgot-password',
    );
  });

  it('goes to the code step with the challenge (in the navigation, not the URL) when two-factor is on', async () => {
    const navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture.componentRef.setInput('returnUrl', '/c/1');
    await fillAndSubmit();
    http
      .expectOne('/api/v1/auth/login')
      .flush({ twoFactorRequired: true, challengeToken: 'challenge-1' });
    await fixture.whenStable();

    expect(navigate).toHaveBeenCalledWith(['/sign-in/code'], {
      state: { challengeToken: 'challenge-1', returnUrl: '/c/1' },
    });
    expect(TestBed.inject(SessionStore).isSignedIn()).toBe(false);
    expect(formError()).toBeUndefined();
  });
});
