import { type BrowserContextOptions, expect } from '@playwright/test';

import { signUp, test } from './helpers';

// The data export section of the security page for looking at, not a check: runs only with
// E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/data-export-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
  'desktop-dark': { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
};

for (const [size, options] of Object.entries(sizes)) {
  test(`data export screenshots (${size})`, async ({ browser }) => {
    const { page } = await signUp(browser, 'Ezra Export', options);
    const section = page.getByTestId('export-section');
    const shot = (name: string) =>
      section.screenshot({ path: `${dir}/data-export-${name}-${size}.png` });

    await page.goto('/settings/security');
    await section.scrollIntoViewIfNeeded();
    await shot('start');
    // The running state as the page shows it mid-way (a small account is done before a poll).
    await page.route('**/api/v1/users/me/export', (route) =>
      route.fulfill({ json: { status: 'running', progress: 42, mailed: false } }),
    );
    await section.getByTestId('export-start').click();
    await expect(section.getByTestId('export-running')).toContainText('42%');
    await shot('running');
    await page.unroute('**/api/v1/users/me/export');
    await page.reload();
    await section.getByTestId('export-start').click();
    await expect(section.getByTestId('export-ready')).toBeVisible({ timeout: 20_000 });
    await shot('ready');
    await page.screenshot({ path: `${dir}/data-export-page-${size}.png`, fullPage: true });
  });
}
