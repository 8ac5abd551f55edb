import { createRequire } from 'node:module';
import { join } from 'node:path';

import { type BrowserContextOptions, expect, type Page } from '@playwright/test';

import { registerThroughForm, test, uniqueUsername } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

// Single sign-on against a real OpenID provider (the backend's test provider, `oidc-provider`)
// started here, with an API of its own configured for it. With E2E_SHOTS_DIR set it also takes
// screenshots of the sign-in page's button and the Security page's Linked sign-in section.
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

/** The backend's test identity provider (its integration tests use it too), as for otplib. */
type IdpModule = typeof import('../../backend/test/support/oidc-idp');
const { startTestIdp } = createRequire(__filename)(
  join('..', '..', 'backend', 'test', 'support', 'oidc-idp.ts'),
) as IdpModule;

let idp: Awaited<ReturnType<IdpModule['startTestIdp']>>;
let server: OwnServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  idp = await startTestIdp();
  server = await startOwnServer('sso', {
    OIDC_ISSUER: idp.issuer,
    OIDC_CLIENT_ID: idp.clientId,
    OIDC_CLIENT_SECRET: idp.clientSecret,
    OIDC_LABEL: 'Acme ID',
  });
  idp.useRedirectUri(`${server.baseURL}/api/v1/auth/oidc/callback`);
});
test.afterAll(async () => {
  await server?.stop();
  await idp?.close();
});

let people = 0;
const identity = (name: string) => {
  people += 1;
  const sub = `e2e-${Date.now().toString(36)}-${people}`;
  return { sub, name, email: `${sub}@acme.example`, preferredUsername: `acme_${people}` };
};

const signInWithSso = async (page: Page) => {
  await page.goto('/sign-in');
  await page.getByTestId('sso-button').click();
};

for (const [size, options] of Object.entries(sizes)) {
  test(`a new person signs in with the identity provider and gets an account (${size})`, async ({
    browser,
  }) => {
    const context = await browser.newContext({ ...options, baseURL: server.baseURL });
    const page = await context.newPage();
    await page.goto('/sign-in');
    await expect(page.getByTestId('sso-button')).toHaveText(/Acme ID/);
    if (dir) await page.screenshot({ path: `${dir}/sso-sign-in-${size}.png` });

    idp.signInAs(identity(`Jane ${size}`));
    await page.getByTestId('sso-button').click();
    await expect(page).toHaveURL('/');
    if (size === 'desktop') {
      await expect(page.getByTestId('account-menu-button')).toContainText(`Jane ${size}`);
    }
    // Signed in for good: a reload keeps the session.
    await page.reload();
    await expect(page).toHaveURL('/');
  });
}

test('an account links the identity provider from Security, then signs in with it', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  const context = await browser.newContext({ ...sizes['desktop'], baseURL: server.baseURL });
  const page = await context.newPage();
  await page.goto('/register');
  await registerThroughForm(page, uniqueUsername(), 'Linda Link');
  await expect(page).toHaveURL('/');

  await page.goto('/settings/security');
  const section = page.getByTestId('linked-sign-in');
  await expect(section).toContainText('Sign in with Acme ID as well as with your password');
  if (dir) {
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${dir}/sso-security-unlinked-desktop.png` });
  }
  const linda = identity('Linda at Acme');
  idp.signInAs(linda);
  await section.getByTestId('sso-link').click();
  await expect(page).toHaveURL('/settings/security?sso=linked');
  await expect(section.getByTestId('sso-outcome')).toHaveText(/Linked: you can now sign in/);
  await expect(section.getByTestId('sso-linked')).toContainText(linda.email);
  if (dir) {
    for (const [size, options] of Object.entries(sizes)) {
      await page.setViewportSize(options.viewport!);
      await section.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${dir}/sso-security-linked-${size}.png` });
    }
    await page.setViewportSize(sizes['desktop'].viewport!);
  }

  // Signed out, the provider's identity brings back the same account.
  await page.getByTestId('account-menu-button').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  idp.signInAs(linda);
  await signInWithSso(page);
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('account-menu-button')).toContainText('Linda Link');

  // Unlinking keeps the password as the way in.
  await page.goto('/settings/security');
  await section.getByTestId('sso-unlink').click();
  await expect(section.getByTestId('sso-link')).toBeVisible();
});

test('a refused sign-in says why on its own page', async ({ browser }) => {
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  await page.goto('/sign-in/sso?error=registration-closed');
  await expect(page.getByTestId('sso-error')).toContainText('takes no new accounts');
  if (dir) await page.screenshot({ path: `${dir}/sso-refused-desktop.png` });
});
