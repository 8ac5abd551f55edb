import type { Server } from 'node:http';
import { expect, type Page } from '@playwright/test';
import { test } from './helpers';
import { API, api, startShop, workspaceAdmin } from './shop';

/**
 * The shop widget on a page of another origin (a tiny shop server on its own port): a visitor
 * asks SizeBot, sees the answer stream, reloads and sees the history once; the widget and the
 * page keep their styles apart; the phone layout fills the screen.
 */

const QUESTION = "I'm 180 cm and 75 kg, which T-shirt size?";

/** The shop's own CSS is hostile on purpose: it must not reach into the widget. */
const SHOP_CSS = `
  * { font-family: "Courier New", monospace !important; letter-spacing: 2px !important; }
  button { background: yellow !important; color: black !important; border: 4px dashed red !important; }
  textarea { background: pink !important; }
  p { color: rgb(10, 20, 30); font-size: 18px; }
`;

function shopPage(widgetId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Tee shop</title>
<style>${SHOP_CSS}</style></head><body>
<h1>Basic tee</h1><p id="probe">Soft cotton, regular fit.</p><button id="buy">Add to bag</button>
<script src="${API}/widget.js" data-widget="${widgetId}" data-context='{"product":"Basic tee","category":"tops"}' async></script>
</body></html>`;
}

const widgetIn = (page: Page) => page.locator('chat-widget');

test.describe('shop widget', () => {
  let shop: Server;
  let shopUrl: string;

  test.beforeAll(async () => {
    const token = await workspaceAdmin();
    const started = await startShop();
    shop = started.server;
    shopUrl = started.url;
    const widget = await api<{ id: string }>('/widgets', {
      method: 'POST',
      token,
      body: JSON.stringify({
        name: 'Tee shop',
        botUsername: 'sizebot',
        allowedOrigins: [shopUrl],
        greeting: 'Hi! Which size are you after?',
      }),
    });
    started.serve(shopPage(widget.id));
  });

  test.afterAll(async () => {
    await new Promise((resolve) => shop.close(resolve));
  });

  test('a visitor asks SizeBot, sees the answer stream in, and finds the history once after a reload', async ({
    browser,
  }) => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(shopUrl);
    const probe = page.locator('#probe');
    const launcher = widgetIn(page).getByRole('button', { name: 'Open chat' });
    await expect(launcher).toBeVisible();

    await launcher.click();
    const panel = widgetIn(page).getByRole('dialog', { name: 'Tee shop' });
    await expect(panel).toBeVisible();
    await expect(panel.getByText('Hi! Which size are you after?')).toBeVisible();
    const input = panel.getByLabel('Your message');
    await expect(input).toBeFocused();

    // Every text the answer shows on its way, to see it stream rather than arrive whole.
    await page.evaluate(() => {
      const log = document.querySelector('chat-widget')!.shadowRoot!.querySelector('.log')!;
      const seen: string[] = [];
      (window as unknown as { answerTexts: string[] }).answerTexts = seen;
      new MutationObserver(() => {
        const answer = Array.from(log.querySelectorAll('.other')).at(-1);
        const text = answer?.textContent ?? '';
        if (answer && text !== seen.at(-1)) seen.push(text);
      }).observe(log, { subtree: true, childList: true, characterData: true });
    });
    await input.fill(QUESTION);
    await input.press('Enter');

    const mine = panel.locator('.mine', { hasText: QUESTION });
    await expect(mine).toHaveCount(1);
    const answer = panel.locator('.other', { hasText: /\b(XS|S|M|L|XL|XXL)\b/ });
    await expect(answer).toHaveAttribute('aria-busy', 'false', { timeout: 15_000 });
    await expect(answer).toContainText('SizeBot');
    const texts = await page.evaluate(
      () => (window as unknown as { answerTexts: string[] }).answerTexts,
    );
    expect(texts.length).toBeGreaterThan(2);
    const finalText = (await answer.textContent()) ?? '';
    expect(texts.at(-1)).toBe(finalText);

    // The page's own styles are untouched by the widget's.
    await expect(probe).toHaveCSS('color', 'rgb(10, 20, 30)');
    await expect(probe).toHaveCSS('font-size', '18px');
    // And the page's hostile CSS does not reach into the widget.
    const send = panel.getByRole('button', { name: 'Send' });
    await expect(send).toHaveCSS('background-color', 'rgb(79, 70, 229)');
    await expect(send).not.toHaveCSS('font-family', /Courier/);
    await expect(input).toHaveCSS('background-color', 'rgb(255, 255, 255)');
    await expect(page.locator('#buy')).toHaveCSS('background-color', 'rgb(255, 255, 0)');
    await page.screenshot({ path: test.info().outputPath('widget-desktop.png') });

    await page.reload();
    await widgetIn(page).getByRole('button', { name: 'Open chat' }).click();
    const again = widgetIn(page).getByRole('dialog', { name: 'Tee shop' });
    await expect(again.locator('.other', { hasText: finalText.slice(-20) })).toHaveCount(1);
    await expect(again.locator('.mine', { hasText: QUESTION })).toHaveCount(1);
    await expect(again.getByText('Hi! Which size are you after?')).toHaveCount(1);

    // Escape minimises and gives the focus back to the launcher.
    await again.getByLabel('Your message').press('Escape');
    await expect(again).toBeHidden();
    await expect(widgetIn(page).getByRole('button', { name: 'Open chat' })).toBeFocused();
  });

  test('on a phone the open panel fills the screen', async ({ browser }) => {
    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(shopUrl);
    await widgetIn(page).getByRole('button', { name: 'Open chat' }).click();
    const panel = widgetIn(page).getByRole('dialog', { name: 'Tee shop' });
    await expect(panel).toBeVisible();
    // Measured once its opening transition has ended (it slides in from below).
    await expect
      .poll(async () => {
        const box = await panel.boundingBox();
        return box && Object.fromEntries(Object.entries(box).map(([k, v]) => [k, Math.round(v)]));
      })
      .toEqual({ x: 0, y: 0, width: 390, height: 844 });
    await expect(panel.getByLabel('Your message')).toBeInViewport();
    await expect(panel.getByRole('button', { name: 'Minimise chat' })).toBeInViewport();
    await page.screenshot({ path: test.info().outputPath('widget-phone.png') });
  });
});
