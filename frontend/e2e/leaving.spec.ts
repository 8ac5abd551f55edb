import { expect } from '@playwright/test';

import { password, signUp, test } from './helpers';

test('deleting the account asks for the password, signs out every device and says so', async ({
  browser,
}) => {
  test.setTimeout(90_000);
  // On a fresh server the first person is its only admin, who may not leave (409).
  await signUp(browser, 'Ada Admin');
  const person = await signUp(browser, 'Lena Leaving');
  const { page } = person;
  // A second device of the same person, signed in on its own.
  const other = await (await browser.newContext()).newPage();
  await other.goto('/sign-in');
  await other.getByTestId('username').fill(person.username);
  await other.getByTestId('password').fill(password);
  await other.getByTestId('submit').click();
  await expect(other).toHaveURL('/');

  await page.goto('/settings/security');
  await page.getByTestId('delete-account').click();
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toContainText('Delete your account?');
  await dialog.getByTestId('delete-password').fill('not my password');
  await dialog.getByTestId('confirm-delete-account').click();
  await expect(dialog).toContainText('The password is not correct');

  await dialog.getByTestId('delete-password').fill(password);
  await dialog.getByTestId('confirm-delete-account').click();
  await expect(page).toHaveURL('/sign-in?reason=deleted');
  await expect(page.getByTestId('account-deleted')).toContainText('Your account has been deleted');

  // The other device is signed out too (its socket ends; its next call fails to refresh).
  await other.reload();
  await expect(other).toHaveURL(/\/sign-in/);

  // The account is gone: its password opens nothing.
  await page.getByTestId('username').fill(person.username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page.getByTestId('form-error')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
});
