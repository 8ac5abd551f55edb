import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { SessionStore } from '../../../../core/auth/session.store';
import { alice, authResponse } from '../../../../core/auth/session.testing';
import { SingleSignOnPage } from './single-sign-on-page';

@Component({ template: '' })
class Elsewhere {}

describe('SingleSignOnPage', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideRouter(
          [
            { path: 'sign-in/sso', component: SingleSignOnPage },
            { path: 'sign-in/code', component: Elsewhere },
            { path: '', component: Elsewhere },
          ],
          withComponentInputBinding(),
        ),
        provideHttpClient(),
        provideHttpClientTesting(),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => http.verify());

  const text = () => (harness.routeNativeElement as HTMLElement).textContent ?? '';

  it('trades the refresh cookie the server set for a session, then opens the chat', async () => {
    await harness.navigateByUrl('/sign-in/sso');
    const refresh = http.expectOne({ method: 'POST', url: '/api/v1/auth/refresh' });
    // No token in the body: the HttpOnly cookie carries it.
    expect(refresh.request.body).toEqual({});
    refresh.flush(authResponse());
    await harness.fixture.whenStable();
    expect(TestBed.inject(SessionStore).user()?.id).toBe(alice.id);
    expect(TestBed.inject(Router).url).toBe('/');
  });

  it('goes on to the code step with the two-factor challenge from the fragment', async () => {
    const router = TestBed.inject(Router);
    const navigate = jest.spyOn(router, 'navigate');
    await harness.navigateByUrl('/sign-in/sso#challenge=abc%2Bdef');
    expect(navigate).toHaveBeenCalledWith(['/sign-in/code'], {
      state: { challengeToken: 'abc+def' },
      replaceUrl: true,
    });
    http.expectNone('/api/v1/auth/refresh');
  });

  it('says why the server refused, with a way to try again', async () => {
    await harness.navigateByUrl('/sign-in/sso?error=registration-closed');
    expect(text()).toContain('this workspace takes no new accounts');
    const again = (harness.routeNativeElement as HTMLElement).querySelector('a[href]');
    expect(again?.getAttribute('href')).toBe('/api/v1/auth/oidc/start');
    // A new visit (the page reads the outcome once, as it opens).
    await harness.navigateByUrl('/');
    await harness.navigateByUrl('/sign-in/sso?error=something-new');
    expect(text()).toContain('could not be verified');
    http.expectNone('/api/v1/auth/refresh');
  });

  it('says the sign-in expired when the cookie is refused', async () => {
    await harness.navigateByUrl('/sign-in/sso');
    http.expectOne('/api/v1/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });
    harness.detectChanges();
    expect(text()).toContain('This sign-in expired');
  });
});
