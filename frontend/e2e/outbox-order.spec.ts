import { type BrowserContext, expect, type Page } from '@playwright/test';

import config from '../playwright.config';
import { message, signUp, startChatWith, test } from './helpers';

// What a person types is never lost, reordered or hidden: the outbox (IndexedDB) keeps it across
// reloads while offline and sends a conversation's messages in the order they were typed.

// The app's files served from the test's cache (below) carry no network address, so Chromium's
// Local Network Access check would take the page for a public one and refuse its connections to
// the server on the loopback; a browser's own cache keeps the origin's address space.
const launchOptions = config.use?.launchOptions ?? {};
test.use({
  launchOptions: {
    ...launchOptions,
    args: [...(launchOptions.args ?? []), '--disable-features=LocalNetworkAccessChecks'],
  },
});

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** The bodies of the messages a page shows, top to bottom. */
const bodies = (page: Page) => page.getByTestId('message').getByTestId('message-body');
const pending = (page: Page) => page.locator('[data-testid="message"][data-state="pending"]');

/** Types into the composer and presses Enter, without waiting for anything: a person typing fast. */
async function type(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
}

/** The conversation's whole history over REST, as the signed-in user of `page`. */
async function history(page: Page): Promise<string[]> {
  const conversationId = /\/c\/([0-9a-f-]{36})/.exec(page.url())?.[1];
  const session = await page.evaluate(() => localStorage.getItem('chat.session'));
  const { accessToken } = JSON.parse(session ?? '{}') as { accessToken: string };
  const response = await page.request.get(
    `/api/v1/conversations/${conversationId}/messages?limit=100`,
    { headers: { authorization: `Bearer ${accessToken}` } },
  );
  expect(response.ok()).toBe(true);
  const page_ = (await response.json()) as { items: { body: string }[] };
  return page_.items.map((item) => item.body);
}

/**
 * The app's own files (not the API, not the socket) go through a cache, the way an installed
 * app's would, so the page can be reloaded while the network is off. Returns what switches the
 * network off and on.
 */
async function cacheAppShell(
  context: BrowserContext,
  page: Page,
): Promise<(offline: boolean) => Promise<void>> {
  const files = new Map<string, { body: Buffer; headers: Record<string, string> }>();
  let offline = false;
  await context.route(
    (url) => !isApi(url),
    async (route) => {
      const request = route.request();
      // Every page of the app is its index.html.
      const key = request.isNavigationRequest() ? 'document' : new URL(request.url()).pathname;
      const cached = files.get(key);
      if (offline) {
        return cached ? route.fulfill(cached) : route.abort('internetdisconnected');
      }
      const response = await route.fetch();
      const file = { body: await response.body(), headers: response.headers() };
      if (response.ok() && request.method() === 'GET') files.set(key, file);
      return route.fulfill({ response, body: file.body });
    },
  );
  // Load the app once more so that every file it needs is in the cache.
  await page.reload();
  await expect(page.getByTestId('composer')).toBeVisible();
  return async (value) => {
    offline = value;
    await context.setOffline(value);
  };
}

function isApi(url: URL): boolean {
  return url.pathname.startsWith('/api/') || url.pathname.startsWith('/socket.io/');
}

test('a burst of 60 messages arrives in the order typed, for both people and after a reload', async ({
  browser,
}) => {
  // Two sign-ups, 60 sends at a typist's cadence, two reloads: more than the default 30 s on a
  // loaded 2-core machine, though every step has its own bound.
  test.setTimeout(90_000);
  const alice = await signUp(browser, 'Alice Burst');
  const bob = await signUp(browser, 'Bob Burst');
  await startChatWith(alice.page, bob);
  await startChatWith(bob.page, alice);

  const typed = Array.from({ length: 60 }, (_, i) => `burst ${i + 1}`);
  for (const text of typed) {
    await type(alice.page, text);
    // The cadence of someone typing fast: the next message goes before the last one's ack.
    await alice.page.waitForTimeout(55);
  }

  await expect(bodies(alice.page)).toHaveText(typed, { timeout: 60_000 });
  await expect(pending(alice.page)).toHaveCount(0, { timeout: 60_000 });
  await expect(bodies(bob.page)).toHaveText(typed, { timeout: 60_000 });
  expect(await history(alice.page)).toEqual(typed);

  // On a desktop the actions of a message are a focusable button that names the message.
  const actions = message(alice.page, 'burst 60').getByTestId('message-menu-button');
  await expect(actions).toHaveAttribute('aria-label', 'Actions for your message: burst 60');
  await actions.focus();
  await alice.page.keyboard.press('Enter');
  await expect(alice.page.getByRole('menuitem', { name: 'Reply', exact: true })).toBeFocused();
  await alice.page.keyboard.press('Escape');

  // After a reload the newest page (50) shows, still in order; older ones load on scrolling up.
  for (const person of [alice, bob]) {
    await person.page.reload();
    await expect(bodies(person.page).last()).toHaveText('burst 60');
    const shown = await bodies(person.page).allTextContents();
    expect(shown.map((text) => text.trim())).toEqual(typed.slice(typed.length - shown.length));
  }

  await alice.context.close();
  await bob.context.close();
});

test('messages typed offline survive a reload while offline, then arrive once and in order', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Offline');
  const bob = await signUp(browser, 'Bob Offline');
  await startChatWith(alice.page, bob);
  await startChatWith(bob.page, alice);
  const setOffline = await cacheAppShell(alice.context, alice.page);

  await setOffline(true);
  await expect(alice.page.getByTestId('reconnect-banner')).toContainText("You're offline");
  const typed = ['one', 'two', 'three', 'four', 'five'].map((n) => `offline ${n}`);
  for (const text of typed) await type(alice.page, text);
  await expect(pending(alice.page)).toHaveCount(5);

  // A reload with the network still off: the five are still there, waiting, in order.
  await alice.page.reload();
  await expect(pending(alice.page).getByTestId('message-body')).toHaveText(typed);
  await expect(pending(alice.page).getByTestId('read-tick').first()).toHaveAttribute(
    'data-state',
    'pending',
  );
  const clientIds = await pending(alice.page).evaluateAll((rows) =>
    rows.map((row) => row.getAttribute('data-client-message-id')),
  );

  await setOffline(false);
  await expect(pending(alice.page)).toHaveCount(0, { timeout: 30_000 });
  await expect(bodies(alice.page)).toHaveText(typed);
  await expect(bodies(bob.page)).toHaveText(typed);
  // Each stored once, with the client id it was given when typed.
  expect(await history(bob.page)).toEqual(typed);
  const storedIds = await alice.page
    .getByTestId('message')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-client-message-id')));
  expect(storedIds).toEqual(clientIds);

  await alice.context.close();
  await bob.context.close();
});

test('on a phone a long press opens the action sheet, and Reply sends a reply', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Phone', phone);
  const bob = await signUp(browser, 'Bob Phone', phone);
  await startChatWith(bob.page, alice);
  await type(bob.page, 'Hold this message');
  await expect(pending(bob.page)).toHaveCount(0);

  await alice.page.getByTestId('conversation-item').filter({ hasText: bob.displayName }).click();
  const held = message(alice.page, 'Hold this message');
  await expect(held).toBeVisible();

  // The browser's long-press signal is not relied on: count any that would arrive.
  await alice.page.evaluate(() => {
    (window as { contextMenus?: number }).contextMenus = 0;
    document.addEventListener('contextmenu', () => {
      (window as { contextMenus?: number }).contextMenus! += 1;
    });
  });
  const box = (await held.locator('.bubble').boundingBox())!;
  const point = {
    pointerType: 'touch',
    pointerId: 7,
    isPrimary: true,
    bubbles: true,
    clientX: box.x + box.width / 2,
    clientY: box.y + box.height / 2,
  };
  await held.locator('.bubble').dispatchEvent('pointerdown', point);

  const sheet = alice.page.getByTestId('action-sheet');
  await expect(sheet).toBeVisible();
  await held.locator('.bubble').dispatchEvent('pointerup', point);
  expect(await alice.page.evaluate(() => (window as { contextMenus?: number }).contextMenus)).toBe(
    0,
  );
  await expect(alice.page.locator('mat-bottom-sheet-container')).toHaveAttribute(
    'aria-modal',
    'true',
  );
  await expect(sheet.getByTestId('action-sheet-message')).toContainText('Hold this message');
  // Bob's message: no Edit, no Delete; the quick reactions first.
  await expect(sheet.getByRole('button')).toHaveText([
    ...['👍', '❤️', '😂', '🎉', '😮', '😢'],
    'Reply',
    'Reply in thread',
    'React',
    'Copy text',
    'Remind me…',
    'Mark as unread',
    'Pin',
    'Save',
    'Forward…',
  ]);

  await sheet.getByTestId('sheet-reply').tap();
  await expect(sheet).toBeHidden();
  await expect(alice.page.getByTestId('reply-chip')).toContainText('Replying to Bob Phone');
  await type(alice.page, 'Got it');

  await expect(message(alice.page, 'Got it').getByTestId('reply-quote')).toContainText(
    'Hold this message',
  );
  await expect(message(bob.page, 'Got it').getByTestId('reply-quote')).toContainText(
    'Hold this message',
  );

  await alice.context.close();
  await bob.context.close();
});
