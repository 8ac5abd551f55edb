import { type BrowserContextOptions, expect } from '@playwright/test';

import { signUp, test } from './helpers';

// The account pages for looking at, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/accounts-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

for (const [size, options] of Object.entries(sizes)) {
  test(`account pages screenshots (${size})`, async ({ browser }) => {
    const person = await signUp(browser, 'Sam Secure', options);
    const page = person.page;
    const shot = (name: string) =>
      page.screenshot({ path: `${dir}/accounts-${name}-${size}.png`, fullPage: true });

    await page.goto('/settings/security');
    await expect(page.getByTestId('security-page')).toBeVisible();
    await shot('security');
    await page.getByTestId('two-factor-setup-start').click();
    await expect(page.getByTestId('two-factor-qr')).toBeVisible();
    await page.getByTestId('two-factor-setup').scrollIntoViewIfNeeded();
    await shot('security-two-factor-setup');

    const visitor = await (await browser.newContext(options)).newPage();
    const visit = async (path: string, name: string) => {
      await visitor.goto(path);
      await visitor.waitForLoadState('networkidle');
      await visitor.screenshot({ path: `${dir}/accounts-${name}-${size}.png` });
    };
    await visit('/sign-in', 'sign-in');
    await visit('/forgot-password', 'forgot-password');
    await visit('/reset-password/not-a-real-token', 'reset-password');
    await visit('/verify-email/not-a-real-token', 'verify-email-invalid');
    await visit('/sign-in/code', 'two-factor-step-expired');
  });
}
