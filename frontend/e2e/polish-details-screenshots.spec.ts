import { type BrowserContextOptions, expect } from '@playwright/test';

import { FakeModel } from './fake-model';
import { send, signUp, startChatWith, test } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

// Issue 25's smaller details, for looking at them, not a check: runs only with E2E_SHOTS_DIR
// set, e.g. E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs \
//   e2e/polish-details-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<'desktop' | 'phone', BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

let model: FakeModel;
let server: OwnServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  model = await FakeModel.start();
  server = await startOwnServer('shots25', { LLM_BASE_URL: model.baseUrl });
});
test.afterAll(async () => {
  await server?.stop();
  await model?.close();
});

test('chat details screenshots', async ({ browser }) => {
  test.setTimeout(240_000);
  for (const size of ['desktop', 'phone'] as const) {
    for (const colorScheme of ['light', 'dark'] as const) {
      const options = { ...sizes[size], colorScheme, baseURL: server.baseURL };
      const alice = await signUp(browser, 'Alice Liddell', options);
      const bob = await signUp(browser, 'Bob Builder', { baseURL: server.baseURL });
      const { page } = alice;
      const name = `${size}-${colorScheme}`;

      // A chat with a code block, a mention-free reply, and four lines in the message box.
      await startChatWith(page, bob);
      await send(page, 'Morning Bob! The fix is in:\n```ts\nconst answer = 42;\n```');
      await send(page, 'Can you look before lunch?');
      const composer = page.getByTestId('composer');
      await composer.fill('First line of a longer note\nsecond line\nthird line\nfourth line');
      await page.screenshot({ path: `${dir}/details-composer-${name}.png` });
      await composer.fill('');

      // The shortcut help.
      await page.locator('body').click({ position: { x: 5, y: 200 } });
      await page.keyboard.press('?');
      await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
      await expect(page.locator('.mdc-dialog--opening')).toHaveCount(0);
      await page.screenshot({ path: `${dir}/details-shortcuts-${name}.png` });
      await page.keyboard.press('Escape');

      // A stopped reply with Regenerate, from the Assistant on a slow model.
      if (size === 'phone') await page.goto('/');
      await page.getByTestId('new-chat-button').click();
      await page.locator('[data-testid="bot-result"][data-bot="assistant"]').click();
      await expect(page.getByTestId('chat-title')).toHaveText('Assistant');
      model.queue({
        text: 'Paris is the capital of France, and has been for a long time, since the days of the kings of the Franks.',
        delayMs: 150,
      });
      await send(page, 'What is the capital of France?');
      const reply = page.locator('[data-testid="message"][data-status]');
      await expect(reply.getByTestId('message-body')).toContainText('Paris is the');
      await reply.getByTestId('stop-reply').click();
      await expect(reply).toHaveAttribute('data-status', 'stopped');
      await page.screenshot({ path: `${dir}/details-stopped-${name}.png` });
      await alice.context.close();
      await bob.context.close();
    }
  }
});
