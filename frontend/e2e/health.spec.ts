import { expect, test } from '@playwright/test';

test('the status page shows that the API is up', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('health-status')).toContainText('ok');
});
