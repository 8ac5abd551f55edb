import { type BrowserContextOptions, expect } from '@playwright/test';

import { attach, gradientPng } from './attachment-files';
import { send, signUp, startChatWith, test } from './helpers';

// A tour of attachments for looking at them, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/attachments-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
  desktop: { viewport: { width: 1280, height: 800 } },
};

for (const [size, options] of Object.entries(sizes)) {
  test(`attachments screenshots (${size})`, async ({ browser }) => {
    const shot = (name: string) =>
      alice.page.screenshot({ path: `${dir}/attachments-${name}-${size}.png` });
    const alice = await signUp(browser, 'Alice Liddell', options);
    const bob = await signUp(browser, 'Bob Builder', options);
    await startChatWith(bob.page, alice);
    await send(bob.page, 'Send me the photos?');
    await alice.page.getByTestId('conversation-item').filter({ hasText: bob.displayName }).click();

    await attach(alice.page, 'sunset.png', 'image/png', gradientPng(1200, 800));
    await attach(alice.page, 'itinerary.pdf', 'application/pdf', Buffer.from('%PDF-1.4 trip'));
    await alice.page.getByTestId('composer').fill('Here they are');
    await shot('tray');
    await alice.page.getByTestId('composer').press('Enter');
    await expect(alice.page.getByTestId('attachment-image').locator('img')).toBeVisible();
    await shot('message');
    await alice.page.getByTestId('attachment-image').click();
    await expect(alice.page.getByTestId('lightbox-image')).toBeVisible();
    // After the dialog's opening animation.
    await expect(alice.page.locator('.mat-mdc-dialog-container')).not.toHaveClass(/opening/);
    await shot('lightbox');
  });
}
