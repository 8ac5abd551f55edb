import { type BrowserContextOptions, expect } from '@playwright/test';

import { signUp, test } from './helpers';

// The leaving parts of the security page for looking at, not a check: runs only with
// E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/leaving-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
  'desktop-dark': { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
};

for (const [size, options] of Object.entries(sizes)) {
  test(`leaving screenshots (${size})`, async ({ browser }) => {
    const person = await signUp(browser, 'Lena Leaving', options);
    const page = person.page;
    const shot = (name: string, fullPage = false) =>
      page.screenshot({ path: `${dir}/leaving-${name}-${size}.png`, fullPage });

    await page.goto('/settings/security');
    await page.getByTestId('delete-account').scrollIntoViewIfNeeded();
    await shot('danger-zone');
    await page.getByTestId('delete-account').click();
    await page.getByTestId('confirm-delete-account').click();
    await expect(page.getByText('Enter your password')).toBeVisible();
    await shot('dialog');

    const visitor = await (await browser.newContext(options)).newPage();
    await visitor.goto('/sign-in?reason=deleted');
    await expect(visitor.getByTestId('account-deleted')).toBeVisible();
    await visitor.screenshot({ path: `${dir}/leaving-signed-out-${size}.png` });
  });
}
