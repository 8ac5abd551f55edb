import { expect, type Page } from '@playwright/test';

export const password = 'correct horse battery staple';

/** Unique per run and per test: the e2e database lives as long as the run. */
export function uniqueUsername(): string {
  return `u${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
}

/** Fills in and submits the registration form the page shows. */
export async function registerThroughForm(
  page: Page,
  username: string,
  displayName: string,
): Promise<void> {
  await expect(page.getByTestId('register-form')).toBeVisible();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('display-name').fill(displayName);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
}
