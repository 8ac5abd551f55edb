import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';

import { authInterceptor } from './auth.interceptor';
import { alice, authResponse, storedSession, storeSession } from './session.testing';
import { SESSION_STORAGE_KEY, SessionStore } from './session.store';

describe('SessionStore', () => {
  let http: HttpTestingController;
  let navigate: jest.SpyInstance;

  function setUp(): SessionStore {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    return TestBed.inject(SessionStore);
  }

  beforeEach(() => localStorage.clear());
  afterEach(() => http.verify());

  it('starts signed out without a stored session', () => {
    const store = setUp();
    expect(store.isSignedIn()).toBe(false);
    expect(store.user()).toBeNull();
    expect(store.accessToken()).toBeNull();
  });

  it('signs in: keeps the user and tokens, in memory and in localStorage', () => {
    const store = setUp();
    let result: unknown;
    store.login({ username: 'alice', password: 'secret-password' }).subscribe((u) => (result = u));

    const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/login' });
    // The refresh token is asked for as an HttpOnly cookie: script never holds it.
    expect(request.request.body).toEqual({
      username: 'alice',
      password: 'secret-password',
      refreshTokenTransport: 'cookie',
    });
    request.flush(authResponse());

    expect(result).toEqual(alice);
    expect(store.isSignedIn()).toBe(true);
    expect(store.user()).toEqual(alice);
    expect(store.accessToken()).toBe('access-1');
    expect(storedSession()).toEqual(authResponse());
  });

  it('registers and signs the new user in', () => {
    const store = setUp();
    store.register({ username: 'alice', password: 'secret-password' }).subscribe();
    http.expectOne({ method: 'POST', url: '/api/v1/auth/register' }).flush(authResponse(), {
      status: 201,
      statusText: 'Created',
    });
    expect(store.user()).toEqual(alice);
    expect(storedSession()).toEqual(authResponse());
  });

  it('stays signed out when signing in fails', () => {
    const store = setUp();
    store.login({ username: 'alice', password: 'wrong-password' }).subscribe({ error: () => 0 });
    http
      .expectOne('/api/v1/auth/login')
      .flush({ statusCode: 401 }, { status: 401, statusText: 'Unauthorized' });
    expect(store.isSignedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
  });

  it('signs out: revokes the refresh token, forgets everything and goes to sign-in', () => {
    storeSession();
    const store = setUp();
    store.logout();

    expect(store.isSignedIn()).toBe(false);
    expect(store.user()).toBeNull();
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/sign-in']);
    const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/logout' });
    // The session to end is the one in the cookie.
    expect(request.request.body).toEqual({});
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush(null, { status: 204, statusText: 'No Content' });
  });

  it('moves a refresh token stored by an older version into the cookie at the next refresh', () => {
    localStorage.setItem(
      SESSION_STORAGE_KEY,
      JSON.stringify({ ...authResponse(), refreshToken: 'refresh-old' }),
    );
    const store = setUp();
    store.refreshAccessToken('access-1').subscribe();
    const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/refresh' });
    expect(request.request.body).toEqual({
      refreshToken: 'refresh-old',
      refreshTokenTransport: 'cookie',
    });
    request.flush(authResponse('2'));
    expect(store.accessToken()).toBe('access-2');
    expect(storedSession()).toEqual(authResponse('2'));
  });

  it('signs out even when the server cannot be told', () => {
    storeSession();
    const store = setUp();
    store.logout();
    http.expectOne('/api/v1/auth/logout').error(new ProgressEvent('error'));

    expect(store.isSignedIn()).toBe(false);
    expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
    expect(navigate).toHaveBeenCalledWith(['/sign-in']);
  });

  it('renews the access token a minute before it expires, without waiting for a 401', () => {
    jest.useFakeTimers();
    try {
      const exp = Math.floor(Date.now() / 1000) + 5 * 60;
      const payload = btoa(JSON.stringify({ sub: alice.id, exp })).replace(/=+$/, '');
      const jwt = `header.${payload}.signature`;
      storeSession({ user: alice, accessToken: jwt });
      const store = setUp();
      TestBed.tick();
      jest.advanceTimersByTime(3 * 60_000);
      http.expectNone('/api/v1/auth/refresh');
      jest.advanceTimersByTime(60_000 + 1);
      const request = http.expectOne({ method: 'POST', url: '/api/v1/auth/refresh' });
      expect(request.request.body).toEqual({});
      request.flush(authResponse('2'));
      expect(store.accessToken()).toBe('access-2');
    } finally {
      jest.useRealTimers();
    }
  });

  describe('after a reload', () => {
    it('is signed in at once from localStorage, and refreshes the user with getMe()', () => {
      storeSession();
      const store = setUp();
      expect(store.isSignedIn()).toBe(true);
      expect(store.user()).toEqual(alice);

      store.restore();
      const request = http.expectOne({ method: 'GET', url: '/api/v1/users/me' });
      expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
      const renamed = { ...alice, displayName: 'Alice' };
      request.flush(renamed);

      expect(store.user()).toEqual(renamed);
      expect(storedSession()).toEqual({ ...authResponse(), user: renamed });
    });

    it('keeps the session when the API cannot be reached or fails', () => {
      storeSession();
      const store = setUp();
      store.restore();
      http.expectOne('/api/v1/users/me').error(new ProgressEvent('error'));
      store.restore();
      http.expectOne('/api/v1/users/me').flush(null, { status: 503, statusText: 'Unavailable' });

      expect(store.isSignedIn()).toBe(true);
      expect(store.user()).toEqual(alice);
      expect(storedSession()).toEqual(authResponse());
    });

    it('ends the session when the refresh token is rejected too', () => {
      storeSession();
      const store = setUp();
      store.restore();
      http.expectOne('/api/v1/users/me').flush(null, { status: 401, statusText: 'Unauthorized' });
      http
        .expectOne('/api/v1/auth/refresh')
        .flush(null, { status: 401, statusText: 'Unauthorized' });

      expect(store.isSignedIn()).toBe(false);
      expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
      expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: {} });
    });

    it('says why when the refresh answers that an admin deactivated the account', () => {
      storeSession();
      const store = setUp();
      store.restore();
      http.expectOne('/api/v1/users/me').flush(null, { status: 401, statusText: 'Unauthorized' });
      http
        .expectOne('/api/v1/auth/refresh')
        .flush(
          { statusCode: 401, error: 'Unauthorized', message: 'account deactivated' },
          { status: 401, statusText: 'Unauthorized' },
        );

      expect(store.isSignedIn()).toBe(false);
      expect(navigate).toHaveBeenCalledWith(['/sign-in'], {
        queryParams: { reason: 'deactivated' },
      });
    });

    it('does not call the API when signed out', () => {
      setUp().restore();
      http.expectNone('/api/v1/users/me');
    });

    it('ignores a stored value that is not a session', () => {
      localStorage.setItem(SESSION_STORAGE_KEY, '{"accessToken": 1');
      expect(setUp().isSignedIn()).toBe(false);
    });
  });

  it('updates the profile and keeps the new user', () => {
    storeSession();
    const store = setUp();
    const changed = { ...alice, displayName: 'Alice L.', avatarUrl: 'https://example.com/a.png' };
    store.updateProfile({ displayName: 'Alice L.', avatarUrl: changed.avatarUrl }).subscribe();
    const request = http.expectOne({ method: 'PATCH', url: '/api/v1/users/me' });
    expect(request.request.body).toEqual({ displayName: 'Alice L.', avatarUrl: changed.avatarUrl });
    request.flush(changed);

    expect(store.user()).toEqual(changed);
    expect(storedSession()).toEqual({ ...authResponse(), user: changed });
  });

  describe('deleting the account', () => {
    it('signs out and says the account is deleted once the server has deleted it', () => {
      storeSession();
      const store = setUp();
      store.deleteAccount({ password: 'secret-password', code: '123456' }).subscribe();
      const request = http.expectOne({ method: 'DELETE', url: '/api/v1/users/me' });
      expect(request.request.body).toEqual({ password: 'secret-password', code: '123456' });
      request.flush(null, { status: 204, statusText: 'No Content' });

      expect(store.isSignedIn()).toBe(false);
      expect(localStorage.getItem(SESSION_STORAGE_KEY)).toBeNull();
      expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { reason: 'deleted' } });
    });

    it('reads a session the server ends while the deletion is out as deleted too', () => {
      storeSession();
      const store = setUp();
      store.deleteAccount({ password: 'secret-password' }).subscribe({ error: () => undefined });
      // The socket's handshake fails first: its refresh is refused.
      store.refreshAccessToken('access-1').subscribe({ error: () => undefined });
      http
        .expectOne('/api/v1/auth/refresh')
        .flush(null, { status: 401, statusText: 'Unauthorized' });
      expect(navigate).toHaveBeenCalledWith(['/sign-in'], { queryParams: { reason: 'deleted' } });
      http.expectOne({ method: 'DELETE', url: '/api/v1/users/me' }).flush(null, {
        status: 204,
        statusText: 'No Content',
      });
    });

    it('stays signed in when the password is wrong', () => {
      storeSession();
      const store = setUp();
      store.deleteAccount({ password: 'wrong' }).subscribe({ error: () => undefined });
      http
        .expectOne({ method: 'DELETE', url: '/api/v1/users/me' })
        .flush(
          { statusCode: 403, error: 'Forbidden', message: 'the password is not correct' },
          { status: 403, statusText: 'Forbidden' },
        );
      expect(store.isSignedIn()).toBe(true);
      expect(navigate).not.toHaveBeenCalled();
    });
  });

  describe('with other tabs', () => {
    function storageEvent(): void {
      window.dispatchEvent(new StorageEvent('storage', { key: SESSION_STORAGE_KEY }));
    }

    it('signs out when another tab signs out', () => {
      storeSession();
      const store = setUp();
      localStorage.removeItem(SESSION_STORAGE_KEY);
      storageEvent();

      expect(store.isSignedIn()).toBe(false);
      expect(navigate).toHaveBeenCalledWith(['/sign-in']);
    });

    it('follows a sign-in and token rotation made in another tab', () => {
      const store = setUp();
      storeSession(authResponse('2'));
      storageEvent();

      expect(store.user()).toEqual(alice);
      expect(store.accessToken()).toBe('access-2');
      expect(navigate).not.toHaveBeenCalled();
    });

    it('refreshes under a lock the tabs share (Web Locks)', async () => {
      const request = jest.fn((_name: string, work: () => Promise<unknown>) =>
        Promise.resolve().then(work),
      );
      Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true });
      try {
        storeSession();
        const store = setUp();
        let token: string | undefined;
        store.refreshAccessToken('access-1').subscribe((t) => (token = t));
        await Promise.resolve();

        expect(request).toHaveBeenCalledWith('chat.session.refresh', expect.any(Function));
        http.expectOne('/api/v1/auth/refresh').flush(authResponse('2'));
        await new Promise((resolve) => setTimeout(resolve));
        expect(token).toBe('access-2');
      } finally {
        Reflect.deleteProperty(navigator, 'locks');
      }
    });

    it('uses tokens another tab rotated instead of spending the refresh token again', () => {
      storeSession();
      const store = setUp();
      // Another tab refreshed; its storage event has not been handled yet.
      storeSession(authResponse('2'));

      let token: string | undefined;
      store.refreshAccessToken('access-1').subscribe((t) => (token = t));

      http.expectNone('/api/v1/auth/refresh');
      expect(token).toBe('access-2');
      expect(store.accessToken()).toBe('access-2');
    });
  });
});
