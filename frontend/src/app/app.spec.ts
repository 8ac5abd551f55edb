import { TestbedHarnessEnvironment } from '@angular/cdk/testing/testbed';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatMenuHarness } from '@angular/material/menu/testing';
import { provideRouter, Router } from '@angular/router';

import { App } from './app';
import { authInterceptor } from './core/auth/auth.interceptor';
import { SessionStore } from './core/auth/session.store';
import { alice, authResponse, storeSession } from './core/auth/session.testing';

describe('App', () => {
  let fixture: ComponentFixture<App>;
  let element: HTMLElement;

  async function render(): Promise<void> {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
      ],
    });
    jest.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    fixture = TestBed.createComponent(App);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  }

  const accountButton = () => element.querySelector('[data-testid="account-menu-button"]');

  beforeEach(() => localStorage.clear());

  it('renders the toolbar with the product name and no account menu for a guest', async () => {
    await render();
    expect(element.querySelector('mat-toolbar')?.textContent).toContain('Chat');
    expect(accountButton()).toBeNull();
  });

  it('shows the signed-in user with a menu to open the profile, the security page or sign out', async () => {
    storeSession();
    await render();
    expect(accountButton()?.textContent).toContain('Alice Liddell');
    expect(accountButton()?.getAttribute('aria-label')).toBe('Account: Alice Liddell');

    const menu = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatMenuHarness);
    await menu.open();
    const items = await menu.getItems();
    expect(await Promise.all(items.map((item) => item.getText()))).toEqual([
      expect.stringMatching(/Profile$/),
      expect.stringMatching(/Security$/),
      expect.stringMatching(/Sign out$/),
    ]);

    await items[2].click();
    expect(TestBed.inject(SessionStore).isSignedIn()).toBe(false);
    expect(accountButton()).toBeNull();
    TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/logout').flush(null);
  });
  it('offers the support inbox and the admin console to workspace admins only', async () => {
    storeSession(authResponse('1', { ...alice, serverRole: 'admin' }));
    await render();
    const menu = await TestbedHarnessEnvironment.loader(fixture).getHarness(MatMenuHarness);
    await menu.open();
    const items = await menu.getItems();
    expect(await Promise.all(items.map((item) => item.getText()))).toEqual([
      expect.stringMatching(/Profile$/),
      expect.stringMatching(/Security$/),
      expect.stringMatching(/Inbox$/),
      expect.stringMatching(/Admin console$/),
      expect.stringMatching(/Sign out$/),
    ]);
    expect(document.querySelector('[data-testid="admin-menu-item"]')?.getAttribute('href')).toBe(
      '/admin',
    );
  });
});
