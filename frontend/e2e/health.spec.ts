import { expect } from '@playwright/test';

import { registerThroughForm, test, uniqueUsername } from './helpers';

test('the status page is private: a guest signs up, then sees that the API is up', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page).toHaveURL('/sign-in');

  await page.getByTestId('register-link').click();
  await expect(page).toHaveURL('/register');
  await registerThroughForm(page, uniqueUsername(), 'Health Checker');

  await expect(page).toHaveURL('/');
  await page.goto('/status');
  await expect(page.getByTestId('health-status')).toContainText('ok');
});
