import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { authGuard, guestGuard, safeReturnUrl } from './auth.guards';
import { storeSession } from './session.testing';

@Component({ template: 'page' })
class Page {}

describe('route guards', () => {
  let harness: RouterTestingHarness;
  let router: Router;

  async function setUp(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([
          { path: 'sign-in', component: Page, canActivate: [guestGuard] },
          { path: 'register', component: Page, canActivate: [guestGuard] },
          { path: '', component: Page, canActivate: [authGuard] },
          { path: 'settings/:tab', component: Page, canActivate: [authGuard] },
        ]),
      ],
    });
    harness = await RouterTestingHarness.create();
    router = TestBed.inject(Router);
  }

  beforeEach(() => localStorage.clear());

  describe('for a guest', () => {
    beforeEach(setUp);

    it('sends private pages to sign-in with the way back', async () => {
      await harness.navigateByUrl('/settings/profile?tab=1');
      expect(router.url).toBe('/sign-in?returnUrl=%2Fsettings%2Fprofile%3Ftab%3D1');
    });

    it('sends the home page to sign-in without a returnUrl', async () => {
      await harness.navigateByUrl('/');
      expect(router.url).toBe('/sign-in');
    });

    it('opens sign-in and registration', async () => {
      await harness.navigateByUrl('/register');
      expect(router.url).toBe('/register');
    });
  });

  describe('for a signed-in user', () => {
    beforeEach(async () => {
      storeSession();
      await setUp();
    });

    it('opens private pages', async () => {
      await harness.navigateByUrl('/settings/profile');
      expect(router.url).toBe('/settings/profile');
    });

    it('sends sign-in and registration home', async () => {
      await harness.navigateByUrl('/sign-in');
      expect(router.url).toBe('/');
      await harness.navigateByUrl('/register');
      expect(router.url).toBe('/');
    });
  });
});

describe('safeReturnUrl', () => {
  it('accepts a path inside the app', () => {
    expect(safeReturnUrl('/settings/profile?tab=1')).toBe('/settings/profile?tab=1');
  });

  it('falls back to home for anything else', () => {
    for (const url of [
      undefined,
      '',
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
    ]) {
      expect(safeReturnUrl(url)).toBe('/');
    }
  });
});
