import { type Browser, expect, type Page } from '@playwright/test';

import { password, registerThroughForm, test, uniqueUsername } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

// The admin console and the sign-up page's policy states, for looking at them, not a check:
// runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/admin-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
} as const;
const schemes = ['light', 'dark'] as const;

let server: OwnServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startOwnServer('shots');
});
test.afterAll(async () => {
  await server?.stop();
});

/** Dialogs, menus and snack bars fade in and out: wait until they are done. */
async function settled(page: Page): Promise<void> {
  await expect(
    page.locator('.mdc-dialog--opening, .mat-menu-panel-animating, mat-progress-bar'),
  ).toHaveCount(0);
  // The tabs' ink bar slides to the new tab.
  await page.waitForTimeout(400);
}

test('admin console screenshots', async ({ browser }) => {
  test.setTimeout(240_000);
  const base = { baseURL: server.baseURL };
  const adminContext = await browser.newContext({ ...base, ...sizes.desktop });
  const admin = await adminContext.newPage();
  await admin.goto('/register');
  await registerThroughForm(admin, uniqueUsername(), 'Ada Lovelace');
  await expect(admin).toHaveURL('/');

  // A few people, invites and changes, so each tab has something to show.
  const api = adminContext.request;
  const names = ['Grace Hopper', 'Alan Turing', 'Katherine Johnson', 'Linus Torvalds'];
  const people: { id: string; username: string }[] = [];
  for (const displayName of names) {
    const created = await api.post('/api/v1/auth/register', {
      data: { username: uniqueUsername(), password, displayName },
    });
    people.push(((await created.json()) as { user: { id: string; username: string } }).user);
  }
  const token = await admin.evaluate(
    () =>
      (JSON.parse(localStorage.getItem('chat.session') ?? '{}') as { accessToken: string })
        .accessToken,
  );
  const headers = { authorization: `Bearer ${token}` };
  await api.patch(`/api/v1/admin/users/${people[0].id}`, {
    headers,
    data: { serverRole: 'admin' },
  });
  await api.patch(`/api/v1/admin/users/${people[3].id}`, { headers, data: { deactivated: true } });
  await api.post('/api/v1/invites', { headers, data: { maxUses: 5, expiresInHours: 24 } });
  await api.post('/api/v1/invites', { headers, data: {} });
  await api.patch('/api/v1/admin/settings', {
    headers,
    data: { workspaceName: 'Analytical Engines', registrationMode: 'invite' },
  });

  const state = await adminContext.storageState();
  for (const scheme of schemes) {
    for (const [size, options] of Object.entries(sizes)) {
      const context = await browser.newContext({
        ...base,
        ...options,
        colorScheme: scheme,
        storageState: state,
      });
      const page = await context.newPage();
      const shot = async (name: string) => {
        await settled(page);
        await page.screenshot({ path: `${dir}/admin-${name}-${size}-${scheme}.png` });
      };
      await page.goto('/admin/people');
      await expect(page.getByTestId('person-row').first()).toBeVisible();
      await shot('people');
      if (size === 'desktop' && scheme === 'light') {
        await page.getByTestId('person-row').nth(4).getByTestId('person-actions').click();
        await shot('people-menu');
        await page.getByTestId('deactivate').click();
        await shot('people-confirm');
        await page.keyboard.press('Escape');
      }
      await page.getByTestId('admin-tab-invites').click();
      await expect(page.getByTestId('invite-row').first()).toBeVisible();
      await page.getByTestId('create-invite').click();
      await expect(page.getByTestId('invite-link')).toBeVisible();
      await expect(page.locator('mat-snack-bar-container')).toHaveCount(0);
      await shot('invites');
      await page.getByTestId('admin-tab-settings').click();
      await expect(page.getByTestId('settings-form')).toBeVisible();
      await page.getByTestId('keep-forever').click();
      await shot('settings');
      await page.getByTestId('admin-tab-audit').click();
      await expect(page.getByTestId('audit-event').first()).toBeVisible();
      await shot('audit');
      if (size === 'phone') {
        await page.getByTestId('account-menu-button').click();
        await shot('account-menu');
      }
      await context.close();
    }
  }

  // The sign-up page's states, on a phone and a desktop, light.
  const visitor = await openAs(browser, server.baseURL, 'phone');
  await visitor.goto('/register');
  await expect(visitor.getByTestId('invite-needed')).toBeVisible();
  await visitor.screenshot({ path: `${dir}/register-invite-needed-phone-light.png` });
  await visitor.goto('/invite/not-a-real-token');
  await expect(visitor.getByTestId('invite-invalid')).toBeVisible();
  await visitor.screenshot({ path: `${dir}/register-invite-invalid-phone-light.png` });
  const created = await api.post('/api/v1/invites', { headers, data: { maxUses: 1 } });
  const { url } = (await created.json()) as { url: string };
  await visitor.goto(url);
  await expect(visitor.getByTestId('register-form')).toBeVisible();
  await visitor.screenshot({ path: `${dir}/register-invited-phone-light.png` });
  await api.patch('/api/v1/admin/settings', { headers, data: { registrationMode: 'closed' } });
  const desk = await openAs(browser, server.baseURL, 'desktop');
  await desk.goto('/register');
  await expect(desk.getByTestId('registration-closed')).toBeVisible();
  await desk.screenshot({ path: `${dir}/register-closed-desktop-light.png` });
  await desk.goto('/sign-in?reason=deactivated');
  await expect(desk.getByTestId('form-error')).toBeVisible();
  await desk.screenshot({ path: `${dir}/sign-in-deactivated-desktop-light.png` });
});

async function openAs(browser: Browser, baseURL: string, size: keyof typeof sizes): Promise<Page> {
  const context = await browser.newContext({ baseURL, ...sizes[size], colorScheme: 'light' });
  return context.newPage();
}
