import { TestBed } from '@angular/core/testing';
import {
  ActivatedRouteSnapshot,
  provideRouter,
  RouterStateSnapshot,
  UrlTree,
} from '@angular/router';
import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';

import { alice, authResponse, storeSession } from '../../core/auth/session.testing';
import { adminGuard } from './admin.guard';

describe('adminGuard', () => {
  function check(): boolean | UrlTree {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    return TestBed.runInInjectionContext(() =>
      adminGuard({} as ActivatedRouteSnapshot, { url: '/admin' } as RouterStateSnapshot),
    ) as boolean | UrlTree;
  }

  beforeEach(() => localStorage.clear());

  it('lets a workspace admin in', () => {
    storeSession(authResponse('1', { ...alice, serverRole: 'admin' }));
    expect(check()).toBe(true);
  });

  it('sends a member home', () => {
    storeSession();
    expect(String(check())).toBe('/');
  });
});
