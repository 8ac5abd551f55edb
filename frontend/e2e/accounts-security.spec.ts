import { createRequire } from 'node:module';
import { join } from 'node:path';

import { expect, type Page } from '@playwright/test';

import { password, registerThroughForm, test, uniqueUsername } from './helpers';
import { MailCatcher } from './mail-catcher';
import { type OwnServer, startOwnServer } from './own-server';

/** The backend's TOTP library (a dependency there), to compute real codes as an app would. */
const { generate } = createRequire(join(__dirname, '..', '..', 'backend', 'package.json'))(
  'otplib',
) as typeof import('otplib');
/** A real code for the time step `offset` steps from now (the server takes each code once). */
const totp = (secret: string, offset = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + offset * 30 });

// Mail needs an API whose SMTP_URL points at this spec's own SMTP server: its own API on a
// fresh database, like the admin spec.
let server: OwnServer;
let mail: MailCatcher;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  mail = await MailCatcher.start();
  server = await startOwnServer('accounts', { SMTP_URL: mail.url });
});
test.afterAll(async () => {
  await server?.stop();
  await mail?.close();
});

async function openSecurity(page: Page): Promise<void> {
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('security-menu-item').click();
  await expect(page).toHaveURL('/settings/security');
  await expect(page.getByTestId('security-page')).toBeVisible();
}

async function signIn(page: Page, username: string, secret = password): Promise<void> {
  await page.goto('/sign-in');
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(secret);
  await page.getByTestId('submit').click();
}

test('adds and verifies an email, then a forgotten password is reset through the mailed link and the new one signs in', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  const username = uniqueUsername();
  const email = `${username}@example.com`;
  await page.goto('/register');
  await registerThroughForm(page, username, 'Rita Reset');
  await expect(page).toHaveURL('/');

  // An address is stored unverified and gets a link; the link verifies it.
  await openSecurity(page);
  await page.getByTestId('email').fill(email);
  await page.getByTestId('save-email').click();
  await expect(page.getByTestId('email-unverified')).toBeVisible();
  await expect(page.getByTestId('verification-note')).toContainText('Verification sent');
  await page.goto(await mail.linkTo(email, '/verify-email/'));
  await expect(page.getByTestId('verified')).toBeVisible();
  await page.goto('/settings/security');
  await expect(page.getByTestId('email-verified')).toBeVisible();

  // Signed out, they forget the password: the page answers alike whoever asks.
  await page.getByTestId('account-menu-button').click();
  await page.getByTestId('sign-out-menu-item').click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByTestId('forgot-link').click();
  await expect(page).toHaveURL('/forgot-password');
  await page.getByTestId('login').fill(username);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('forgot-sent')).toContainText('If an account');

  // The mailed link sets a new password; the old one stops working, the new one signs in.
  const link = await mail.linkTo(email, '/reset-password/');
  expect(link.startsWith(`${server.baseURL}/reset-password/`)).toBe(true);
  await page.goto(link);
  const newPassword = 'a brand new passphrase';
  await page.getByTestId('new-password').fill(newPassword);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('reset-done')).toBeVisible();
  // The link works once.
  await page.goto(link);
  await page.getByTestId('new-password').fill('yet another passphrase');
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('form-error')).toContainText('does not work any more');

  await signIn(page, username);
  await expect(page.getByTestId('form-error')).toContainText('Invalid username or password');
  await signIn(page, username, newPassword);
  await expect(page).toHaveURL('/');
  await expect(page.getByTestId('account-menu-button')).toContainText('Rita Reset');
});

test('turns two-factor on with a real code, signs in with a code, and ending another session signs that browser out', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const laptop = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
  const username = uniqueUsername();
  await laptop.goto('/register');
  await registerThroughForm(laptop, username, 'Tom Totp');
  await expect(laptop).toHaveURL('/');

  // Setup: a QR code and the secret as text; a code from it turns two-factor on.
  await openSecurity(laptop);
  await expect(laptop.getByTestId('two-factor-off')).toBeVisible();
  await laptop.getByTestId('two-factor-setup-start').click();
  await expect(laptop.getByTestId('two-factor-qr')).toBeVisible();
  const secret = await laptop.getByTestId('two-factor-secret').getAttribute('data-secret');
  expect(secret).toMatch(/^[A-Z2-7]+$/);
  await laptop.getByTestId('two-factor-code').fill(await totp(secret!));
  await laptop.getByTestId('two-factor-enable').click();
  const codes = laptop.getByTestId('recovery-codes').locator('li');
  await expect(codes).toHaveCount(10);
  await laptop.getByTestId('recovery-codes-done').click();
  await expect(laptop.getByTestId('two-factor-on')).toBeVisible();

  // Another browser: the password alone is not enough; a code finishes the sign-in.
  const phone = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
  await signIn(phone, username);
  await expect(phone).toHaveURL('/sign-in/code');
  await phone.getByTestId('code').fill('000000');
  await phone.getByTestId('submit').click();
  await expect(phone.getByTestId('form-error')).toContainText('not correct');
  await phone.getByTestId('code').fill(await totp(secret!, 1));
  await phone.getByTestId('submit').click();
  await expect(phone).toHaveURL('/');

  // The laptop sees both sessions and ends the phone's, after confirming.
  await laptop.reload();
  const rows = laptop.getByTestId('session-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.first().getByTestId('this-device')).toBeVisible();
  await rows.nth(1).getByTestId('end-session').click();
  const confirm = laptop.getByRole('alertdialog');
  await expect(confirm).toContainText('Sign out this device?');
  await confirm.getByTestId('confirm-button').click();
  await expect(rows).toHaveCount(1);

  // The phone is signed out at once: its socket is closed and its session refused.
  await expect(phone).toHaveURL(/\/sign-in/, { timeout: 15_000 });
});
