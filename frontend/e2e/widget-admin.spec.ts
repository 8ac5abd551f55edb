import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';

import { signUp, test } from './helpers';

/**
 * The admin console's Widgets tab: an admin creates a widget for a shop (another origin, a tiny
 * server on its own port), copies its snippet, and that very snippet on the shop's page starts a
 * chat with SizeBot. Screenshots of the tab at 1280x800 and 390x844 go to E2E_SHOTS_DIR (or the
 * test's output folder) for looking at.
 */

const shotsDir = process.env['E2E_SHOTS_DIR'];
const shot = (name: string) =>
  shotsDir ? join(shotsDir, `${name}.png`) : test.info().outputPath(`${name}.png`);

/** Dialogs, snack bars and the tabs' ink bar move: wait until they are done. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.mdc-dialog--opening, mat-progress-bar')).toHaveCount(0);
  await page.waitForTimeout(400);
}

let shop: Server;
let shopOrigin: string;
/** What the shop serves: its page carries whatever snippet the admin copied. */
let shopSnippet = '';

test.beforeAll(async () => {
  shop = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Jeans shop</title></head>
<body><h1>Slim jeans</h1>${shopSnippet}</body></html>`);
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopOrigin = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((resolve) => shop.close(resolve));
});

test('an admin creates a widget, copies its snippet, and the snippet works on the shop', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const admin = await signUp(browser, 'Wanda Widgets', {
    viewport: { width: 1280, height: 800 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  execFileSync(process.execPath, ['backend/dist/cli.js', 'admin:grant', admin.username], {
    // Playwright runs in frontend/ (scripts/e2e.mjs).
    cwd: join(process.cwd(), '..'),
    stdio: 'pipe',
  });
  const page = admin.page;
  await page.goto('/admin/widgets');
  await expect(page.getByTestId('admin-tab-widgets')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('new-widget').click();

  // A path is refused with a reason; the shop's origin becomes a chip.
  await page.getByTestId('widget-name').fill('Jeans shop');
  const originInput = page.getByTestId('widget-origin-input');
  await originInput.fill(`${shopOrigin}/products/slim`);
  await originInput.press('Enter');
  await expect(page.getByTestId('widget-origin-error')).toContainText('is not an origin');
  await expect(page.getByTestId('widget-origin')).toHaveCount(0);
  await originInput.fill(shopOrigin);
  await originInput.press('Enter');
  await expect(page.getByTestId('widget-origin')).toHaveText([shopOrigin]);
  await expect(page.getByTestId('widget-bot')).toHaveValue('sizebot');
  await page.getByTestId('widget-greeting').fill('Hi! Not sure about your size? Ask me.');
  await page.getByTestId('widget-handoff').getByRole('switch').click();
  await settled(page);
  await page.screenshot({ path: shot('widgets-form-desktop') });

  await page.getByTestId('widget-save').click();
  const row = page.getByTestId('widget-row').filter({ hasText: 'Jeans shop' });
  await expect(row).toContainText('Visitors may ask for a person');
  const snippet = row.getByTestId('widget-snippet-code');
  await expect(snippet).toHaveText(
    /^<script src="http:\/\/[^"]+\/widget\.js" data-widget="[0-9a-f-]{36}" async><\/script>$/,
  );
  await row.getByTestId('copy-snippet').click();
  await expect(page.getByText('Snippet copied')).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await snippet.textContent());
  await settled(page);
  await page.screenshot({ path: shot('widgets-desktop') });

  // The copied tag on the shop's page: a visitor asks SizeBot and gets an answer.
  shopSnippet = copied;
  const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const visitor = await visitorContext.newPage();
  await visitor.goto(shopOrigin);
  await visitor.locator('chat-widget').getByRole('button', { name: 'Open chat' }).click();
  const panel = visitor.locator('chat-widget').getByRole('dialog', { name: 'Jeans shop' });
  await expect(panel.getByText('Hi! Not sure about your size? Ask me.')).toBeVisible();
  await panel.getByLabel('Your message').fill("I'm 180 cm and 75 kg, which T-shirt size?");
  await panel.getByLabel('Your message').press('Enter');
  await expect(panel.locator('.other', { hasText: /\b(XS|S|M|L|XL|XXL)\b/ })).toHaveAttribute(
    'aria-busy',
    'false',
    { timeout: 15_000 },
  );

  // The same tab on a phone.
  const phoneContext = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    storageState: await admin.context.storageState(),
  });
  const phone = await phoneContext.newPage();
  await phone.goto('/admin/widgets');
  const phoneRow = phone.getByTestId('widget-row').filter({ hasText: 'Jeans shop' });
  await phoneRow.getByTestId('widget-snippet-toggle').click();
  await expect(phoneRow.getByTestId('widget-snippet-code')).toBeVisible();
  await settled(phone);
  await phone.screenshot({ path: shot('widgets-phone'), fullPage: true });
  await phone.getByTestId('new-widget').click();
  await settled(phone);
  await phone.screenshot({ path: shot('widgets-form-phone'), fullPage: true });

  // Deleting asks first, then the widget is gone.
  await row.getByTestId('delete-widget').click();
  const confirm = page.getByRole('alertdialog');
  await expect(confirm).toContainText('Delete Jeans shop?');
  await confirm.getByTestId('confirm-button').click();
  await expect(row).toHaveCount(0);
});
