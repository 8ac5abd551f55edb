import { expect } from '@playwright/test';

import { password, registerThroughForm, test, uniqueUsername } from './helpers';

test('a new user registers, stays signed in, edits the profile, signs out and in again', async ({
  page,
}) => {
  const username = uniqueUsername();
  const account = page.getByTestId('account-menu-button');

  await page.goto('/register');
  await registerThroughForm(page, username, 'Playwright User');
  await expect(page).toHaveURL('/');
  await expect(account).toContainText('Playwright User');

  await page.reload();
  await expect(page).toHaveURL('/');
  await expect(account).toContainText('Playwright User');
  // A newcomer is in #general, listed above the help to start a first chat of their own.
  await expect(page.getByTestId('conversation-item').filter({ hasText: '#general' })).toBeVisible();
  await expect(page.getByTestId('conversations-empty')).toBeVisible();

  await account.click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  const dialog = page.getByRole('dialog', { name: 'Profile' });
  await expect(dialog.getByTestId('profile-preview')).toContainText(`@${username}`);
  await dialog.getByTestId('display-name').fill('Renamed User');
  await expect(dialog.getByTestId('profile-preview')).toContainText('RU');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(account).toContainText('Renamed User');

  await account.click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL('/sign-in');
  await expect(account).toBeHidden();

  // Usernames are case-insensitive.
  await page.getByTestId('username').fill(username.toUpperCase());
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL('/');
  await expect(account).toContainText('Renamed User');
});

test('a wrong password shows an error', async ({ page, request }) => {
  const username = uniqueUsername();
  const registered = await request.post('/api/v1/auth/register', { data: { username, password } });
  expect(registered.status()).toBe(201);

  await page.goto('/sign-in');
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill('not the password');
  await page.getByTestId('submit').click();

  await expect(page.getByTestId('form-error')).toContainText('Invalid username or password.');
  await expect(page).toHaveURL('/sign-in');
  await expect(page.getByTestId('submit')).toBeEnabled();
});
