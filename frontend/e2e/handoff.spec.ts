import type { Server } from 'node:http';
import { expect, type Page } from '@playwright/test';
import { signUp, test } from './helpers';
import { API, api, startShop, workspaceAdmin } from './shop';

/**
 * Hand-off to a person, across origins and browsers: a visitor on a shop page (its own port)
 * asks SizeBot, then asks for a person; an agent in another browser sees them wait in the Inbox,
 * reads the transcript, claims and answers from the chat; the visitor sees who answers, and is
 * back with SizeBot when the agent hands back. And the widget's outbox: a question typed while
 * offline is sent exactly once when the connection returns.
 */

const QUESTION = "I'm 180 cm and 75 kg, which T-shirt size?";
const widgetIn = (page: Page) => page.locator('chat-widget');

function shopPage(widgetId: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Denim shop</title></head>
<body><h1>Slim jeans</h1>
<script src="${API}/widget.js" data-widget="${widgetId}" data-context='{"product":"Slim jeans","category":"bottoms"}' async></script>
</body></html>`;
}

test.describe('hand-off to a person', () => {
  let shop: Server;
  let shopUrl: string;
  let adminToken: string;

  test.beforeAll(async () => {
    adminToken = await workspaceAdmin();
    const started = await startShop();
    shop = started.server;
    shopUrl = started.url;
    const widget = await api<{ id: string }>('/widgets', {
      method: 'POST',
      token: adminToken,
      body: JSON.stringify({
        name: 'Denim shop',
        botUsername: 'sizebot',
        allowedOrigins: [shopUrl],
        handoff: true,
      }),
    });
    started.serve(shopPage(widget.id));
  });

  test.afterAll(async () => {
    await new Promise((resolve) => shop.close(resolve));
  });

  test('a visitor asks for a person; an agent in another browser claims, answers and hands back', async ({
    browser,
  }) => {
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const visitor = await visitorContext.newPage();
    await visitor.goto(shopUrl);
    await widgetIn(visitor).getByRole('button', { name: 'Open chat' }).click();
    const panel = widgetIn(visitor).getByRole('dialog', { name: 'Denim shop' });
    const input = panel.getByLabel('Your message');
    await input.fill(QUESTION);
    await input.press('Enter');
    await expect(panel.locator('.other', { hasText: /\b(XS|S|M|L|XL|XXL)\b/ })).toHaveAttribute(
      'aria-busy',
      'false',
      { timeout: 15_000 },
    );

    await panel.getByRole('button', { name: 'Talk to a person' }).click();
    await expect(panel.getByText('Waiting for a person…')).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Talk to a person' })).toBeHidden();

    // An agent: a member an admin put on the support team, in a browser of their own.
    const agent = await signUp(browser, 'Agent Ada', { viewport: { width: 1280, height: 800 } });
    const me = await agentUser(adminToken, agent.username);
    await api(`/admin/users/${me}`, {
      method: 'PATCH',
      token: adminToken,
      body: JSON.stringify({ support: true }),
    });
    await agent.page.reload();
    await agent.page.getByTestId('account-menu-button').click();
    await agent.page.getByTestId('inbox-menu-item').click();
    await expect(agent.page).toHaveURL('/inbox');
    const row = agent.page.getByTestId('inbox-row').filter({ hasText: 'Slim jeans (bottoms)' });
    await expect(row.first()).toContainText('Denim shop');
    await expect(row.first()).toContainText('waiting');
    await row.first().click();
    const transcript = agent.page.getByRole('list', { name: 'What the visitor and the bot said' });
    await expect(transcript).toContainText(QUESTION);
    await expect(transcript).toContainText('asked for a person');
    await agent.page.screenshot({ path: test.info().outputPath('inbox-desktop.png') });

    await agent.page.getByRole('button', { name: 'Claim' }).click();
    await expect(agent.page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
    await expect(panel.getByText('You are chatting with Agent Ada')).toBeVisible();
    const composer = agent.page.getByTestId('composer');
    await composer.fill('Hi, I am Ada. Slim jeans run small: take one size up.');
    await composer.press('Enter');
    await expect(panel.locator('.other', { hasText: 'Slim jeans run small' })).toContainText(
      'Agent Ada',
    );
    await visitor.screenshot({ path: test.info().outputPath('widget-with-agent.png') });

    await agent.page.goto('/inbox');
    await agent.page.getByRole('tab', { name: 'Mine' }).click();
    await agent.page.getByTestId('inbox-row').first().click();
    await agent.page.getByRole('button', { name: 'Hand back to the bot' }).click();
    await expect(panel.getByText('Back with SizeBot')).toBeVisible();
    await expect(panel.getByRole('button', { name: 'Talk to a person' })).toBeVisible();
  });

  test('the inbox on a phone: the list, then one visitor at a time', async ({ browser }) => {
    const visitorContext = await browser.newContext();
    const visitor = await visitorContext.newPage();
    await visitor.goto(shopUrl);
    await widgetIn(visitor).getByRole('button', { name: 'Open chat' }).click();
    const panel = widgetIn(visitor).getByRole('dialog', { name: 'Denim shop' });
    await panel.getByRole('button', { name: 'Talk to a person' }).click();
    await expect(panel.getByText('Waiting for a person…')).toBeVisible();

    const agent = await signUp(browser, 'Agent Phone', {
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await api(`/admin/users/${await agentUser(adminToken, agent.username)}`, {
      method: 'PATCH',
      token: adminToken,
      body: JSON.stringify({ support: true }),
    });
    await agent.page.goto('/inbox');
    const row = agent.page.getByTestId('inbox-row').first();
    await expect(row).toBeVisible();
    await agent.page.screenshot({ path: test.info().outputPath('inbox-phone-list.png') });
    await row.click();
    await expect(agent.page.getByRole('button', { name: 'Claim' })).toBeInViewport();
    await expect(row).toBeHidden();
    await agent.page.screenshot({ path: test.info().outputPath('inbox-phone-detail.png') });
    await agent.page.getByRole('button', { name: 'Back to the list' }).click();
    await expect(row).toBeVisible();
  });

  test('a question typed while offline is sent exactly once when the connection returns', async ({
    browser,
  }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(shopUrl);
    await widgetIn(page).getByRole('button', { name: 'Open chat' }).click();
    const panel = widgetIn(page).getByRole('dialog', { name: 'Denim shop' });
    // Connected first (the session exists), then the network goes away.
    await expect(panel.locator('.status')).toBeHidden();
    await expect
      .poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith(':token'))))
      .toBe(true);
    await context.setOffline(true);
    await expect(panel.locator('.status')).toBeVisible();
    const input = panel.getByLabel('Your message');
    const offlineQuestion = 'Typed offline: do these jeans stretch?';
    await input.fill(offlineQuestion);
    await input.press('Enter');
    await expect(panel.locator('.mine.pending', { hasText: offlineQuestion })).toHaveCount(1);

    await context.setOffline(false);
    await expect(panel.locator('.mine:not(.pending)', { hasText: offlineQuestion })).toHaveCount(
      1,
      { timeout: 15_000 },
    );
    // The server holds it once, whatever retries the reconnection made.
    const { token, conversationId } = await page.evaluate(() => {
      const key = Object.keys(localStorage).find((k) => k.endsWith(':token'))!;
      const jwt = localStorage.getItem(key)!;
      const claims = JSON.parse(atob(jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/'))) as {
        guest: { conversationId: string };
      };
      return { token: jwt, conversationId: claims.guest.conversationId };
    });
    const page1 = await api<{ items: { body: string | null }[] }>(
      `/conversations/${conversationId}/messages?limit=100`,
      { token },
    );
    expect(page1.items.filter((m) => m.body === offlineQuestion)).toHaveLength(1);
    await expect(panel.locator('.mine', { hasText: offlineQuestion })).toHaveCount(1);
  });
});

/** A person's id by username, as the admin finds them. */
async function agentUser(adminToken: string, username: string): Promise<string> {
  const page = await api<{ items: { id: string; username: string }[] }>(
    `/admin/users?query=${username}`,
    { token: adminToken },
  );
  return page.items.find((u) => u.username === username)!.id;
}
