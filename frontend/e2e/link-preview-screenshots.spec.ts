import { type BrowserContextOptions, expect } from '@playwright/test';

import { LinkPreviewSite } from './link-preview-site';
import { message, send, signUp, startChatWith, test } from './helpers';

// A tour of link preview cards for looking at them, not a check: runs only with E2E_SHOTS_DIR
// set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/link-preview-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

const site = new LinkPreviewSite();
test.beforeAll(() => site.start());
test.afterAll(() => site.close());

for (const colorScheme of ['light', 'dark'] as const) {
  test(`link preview screenshots (${colorScheme})`, async ({ browser }) => {
    const alps = site.add(`/alps-${colorScheme}`, {
      title: 'Ten trails in the Alps: from gentle valley walks to the high passes of the Dolomites',
      description:
        'Routes for every level, with maps, the huts along the way, when the snow melts and ' +
        'what to pack. Each trail has its distance, its climb and the nearest train station, ' +
        'so you can plan a weekend without a car.',
      siteName: 'Trail Guide',
      image: '/cover.svg',
    });
    const plain = site.add(`/plain-${colorScheme}`, {
      title: 'Opening hours',
      description: 'Mon to Fri, 9 to 5.',
    });
    // The images come from the site's https host, whose certificate is self-signed.
    const options = { ...sizes['desktop'], colorScheme, ignoreHTTPSErrors: true };
    const alice = await signUp(browser, 'Alice Liddell', options);
    const bob = await signUp(browser, 'Bob Builder', options);
    await startChatWith(alice.page, bob);
    await send(alice.page, `Look at this for Saturday: ${alps}`);
    await send(alice.page, `and the hut: ${plain}`);
    await expect(message(alice.page, 'and the hut').getByTestId('link-preview')).toBeVisible();

    const storageState = await bob.context.storageState();
    for (const [size, options] of Object.entries(sizes)) {
      const context = await browser.newContext({
        ...options,
        colorScheme,
        storageState,
        ignoreHTTPSErrors: true,
      });
      const page = await context.newPage();
      await page.goto('/');
      await page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
      if (size === 'desktop') await send(page, `Great, I found this too: ${alps}`);
      await expect(message(page, 'Great, I found').getByTestId('link-preview')).toBeVisible();
      const image = message(page, 'Look at this').getByTestId('link-preview-image');
      await expect
        .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
        .toBeGreaterThan(0);
      await expect(message(page, 'and the hut').getByTestId('link-preview')).toBeVisible();
      await page.screenshot({ path: `${dir}/link-preview-${size}-${colorScheme}.png` });
      await context.close();
    }
  });
}
