import {
  HttpClient,
  HttpErrorResponse,
  provideHttpClient,
  withInterceptors,
} from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { authInterceptor } from './auth.interceptor';
import { authResponse, storedSession, storeSession } from './session.testing';
import { SESSION_STORAGE_KEY, SessionStore } from './session.store';

const unauthorized = { status: 401, statusText: 'Unauthorized' };

describe('authInterceptor', () => {
  let httpClient: HttpClient;
  let http: HttpTestingController;
  let session: SessionStore;
  let navigate: jest.SpyInstance;

  beforeEach(() => {
    localStorage.clear();
    storeSession();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    httpClient = TestBed.inject(HttpClient);
    http = TestBed.inject(HttpTestingController);
    session = TestBed.inject(SessionStore);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  const authorization = (url: string) => http.expectOne(url).request.headers.get('Authorization');

  it('sends the access token with API calls', () => {
    httpClient.get('/api/v1/users/me').subscribe();
    expect(authorization('/api/v1/users/me')).toBe('Bearer access-1');
  });

  it('keeps the token from the auth endpoints, other paths and other origins', () => {
    httpClient.post('/api/v1/auth/refresh', {}).subscribe();
    httpClient.get('/health').subscribe();
    httpClient.get('https://elsewhere.example/api/v1/users/me').subscribe();

    expect(authorization('/api/v1/auth/refresh')).toBeNull();
    expect(authorization('/health')).toBeNull();
    expect(authorization('https://elsewhere.example/api/v1/users/me')).toBeNull();
  });

  it('sends it to the auth endpoints about the signed-in account, not to the public ones', () => {
    const signedIn = ['/api/v1/auth/sessions', '/api/v1/auth/sessions/1', '/api/v1/auth/2fa'];
    const extra = ['/api/v1/auth/2fa/setup', '/api/v1/auth/password', '/api/v1/auth/oidc/link'];
    const open = [
      '/api/v1/auth/password/forgot',
      '/api/v1/auth/login/2fa',
      '/api/v1/auth/providers',
      '/api/v1/auth/oidc/start',
      '/api/v1/auth/oidc/callback',
    ];
    for (const url of [...signedIn, ...extra, ...open]) httpClient.post(url, {}).subscribe();
    for (const url of [...signedIn, ...extra]) expect(authorization(url)).toBe('Bearer access-1');
    for (const url of open) expect(authorization(url)).toBeNull();
  });

  it('sends no token when signed out', () => {
    session.logout();
    http.expectOne('/api/v1/auth/logout').flush(null);

    httpClient.get('/api/v1/users/me').subscribe({ error: () => 0 });
    expect(authorization('/api/v1/users/me')).toBeNull();
  });

  it('on a 401 refreshes the tokens once and repeats the call with the new access token', () => {
    let body: unknown;
    httpClient.get('/api/v1/users/me').subscribe((b) => (body = b));
    http.expectOne('/api/v1/users/me').flush(null, unauthorized);

    const refresh = http.expectOne({ method: 'POST', url: '/api/v1/auth/refresh' });
    // The refresh token travels in the HttpOnly cookie.
    expect(refresh.request.body).toEqual({});
    refresh.flush(authResponse('2'));

    const retry = http.expectOne('/api/v1/users/me');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
    retry.flush({ ok: true });

    expect(body).toEqual({ ok: true });
    expect(session.accessToken()).toBe('access-2');
    expect(storedSession()).toEqual(authResponse('2'));
  });

  it('shares one refresh between calls that get a 401 at the same time', () => {
    const bodies: unknown[] = [];
    httpClient.get('/api/v1/a').subscribe((b) => bodies.push(b));
    httpClient.get('/api/v1/b').subscribe((b) => bodies.push(b));
    http.expectOne('/api/v1/a').flush(null, unauthorized);
    http.expectOne('/api/v1/b').flush(null, unauthorized);

    http.expectOne('/api/v1/auth/refresh').flush(authResponse('2'));

    for (const url of ['/api/v1/a', '/api/v1/b']) {
      const retry = http.expectOne(url);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer access-2');
      retry.flush(url);
    }
    expect(bodies).toEqual(['/api/v1/a', '/api/v1/b']);
  });

  it('retries a call answered 401 after the refresh with the new token, without refreshing', () => {
    httpClient.get('/api/v1/slow').subscribe();
    httpClient.get('/api/v1/a').subscribe();
    http.expectOne('/api/v1/a').flush(null, unauthorized);
    http.expectOne('/api/v1/auth/refresh').flush(authResponse('2'));
    http.expectOne('/api/v1/a').flush({});

    // Sent with the old token before the refresh, rejected after it.
    http.expectOne('/api/v1/slow').flush(null, unauthorized);
    http.expectNone('/api/v1/auth/refresh');
    expect(authorization('/api/v1/slow')).toBe('Bearer access-2');
  });

  it('reports a second 401 to the caller instead of refreshing again', () => {
    let error: HttpErrorResponse | undefined;
    httpClient.get('/api/v1/users/me').subscribe({ error: (e: HttpErrorResponse) => (error = e) });
    http.expectOne('/api/v1/users/me').flush(null, unauthorized);
    http.expectOne('/api/v1/auth/refresh').flush(authResponse('2'));
    http.expectOne('/api/v1/users/me').flush(null, unauthorized);

    http.expectNone('/api/v1/auth/refresh');
    expect(error?.status).toBe(401);
  });

  it('ends the session and sends the user to sign in when the refresh is rejected', () => {
    jest.spyOn(TestBed.inject(Router), 'url', 'get').mockReturnValue('/conversations/42');

    const errors: HttpErrorResponse[] = [];
    httpClient.get('/api/v1/a').subscribe({ error: (e: HttpErrorResponse) => errors.push(e) });
    httpClient.get('/api/v1/b').subscribe({ error: (e: HttpErrorResponse) => errors.push(e) });
    http.expectOne('/api/v1/a').flush(null, unauthorized);
    http.expectOne('/api/v1/b').flush(null, unauthorized);
    http.expectOne('/api/v1/auth/refresh').flush(null, unauthorized);

    expect(errors.map((e) => [e.url, e.status])).toEqual([
      ['/api/v1/a', 401],
      ['/api/v1/b', 401],
    ]);
    expect(session.isSignedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledTimes(1);
    expect(navigate).toHaveBeenCalledWith(['/sign-in'], {
      queryParams: { returnUrl: '/conversations/42' },
    });
  });

  it('keeps the session when the refresh fails for lack of network', () => {
    let error: HttpErrorResponse | undefined;
    httpClient.get('/api/v1/users/me').subscribe({ error: (e: HttpErrorResponse) => (error = e) });
    http.expectOne('/api/v1/users/me').flush(null, unauthorized);
    http.expectOne('/api/v1/auth/refresh').error(new ProgressEvent('error'));

    expect(error?.status).toBe(401);
    expect(session.isSignedIn()).toBe(true);
    expect(storedSession()).toEqual(authResponse());
  });

  it('passes other errors through untouched', () => {
    let error: HttpErrorResponse | undefined;
    httpClient.get('/api/v1/users/me').subscribe({ error: (e: HttpErrorResponse) => (error = e) });
    http.expectOne('/api/v1/users/me').flush(null, { status: 403, statusText: 'Forbidden' });

    http.expectNone('/api/v1/auth/refresh');
    expect(error?.status).toBe(403);
  });
});
