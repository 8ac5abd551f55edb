import { expect } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

test('a draft survives a chat switch and a reload, shows in the list, and goes once sent', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Drafts');
  const bob = await signUp(browser, 'Bob Drafts');
  const carol = await signUp(browser, 'Carol Drafts');
  const { page } = alice;

  await startChatWith(page, bob);
  await send(page, 'Hi Bob');
  await page.getByTestId('composer').fill('half a thought');

  await startChatWith(page, carol);
  await expect(page.getByTestId('composer')).toHaveValue('');
  const bobsItem = page.getByTestId('conversation-item').filter({ hasText: bob.displayName });
  await expect(bobsItem.getByTestId('conversation-preview')).toHaveText('Draft: half a thought');

  await bobsItem.click();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await expect(page.getByTestId('composer')).toHaveValue('half a thought');

  await page.reload();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await expect(page.getByTestId('composer')).toHaveValue('half a thought');

  await page.getByTestId('composer').press('Enter');
  await expect(page.getByTestId('composer')).toHaveValue('');
  await page.reload();
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName);
  await expect(page.getByTestId('message-body').last()).toHaveText('half a thought');
  await expect(page.getByTestId('composer')).toHaveValue('');
  await expect(bobsItem.getByTestId('conversation-preview')).toHaveText('You: half a thought');
});

test('a chat with 25 unread messages opens at the first of them, under a divider', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Unread', { viewport: { width: 1280, height: 800 } });
  const bob = await signUp(browser, 'Bob Unread');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Tell me everything');
  await alice.page.goto('/');

  const fromAlice = bob.page
    .getByTestId('conversation-item')
    .filter({ hasText: alice.displayName });
  await fromAlice.click();
  for (let n = 1; n <= 25; n++) await send(bob.page, `Update number ${n}`);

  const item = alice.page.getByTestId('conversation-item').filter({ hasText: bob.displayName });
  await expect(item.getByTestId('unread-badge')).toContainText('25');
  await item.click();
  const divider = alice.page.getByTestId('new-messages-divider');
  await expect(divider).toBeInViewport();
  await expect(message(alice.page, 'Update number 1').first()).toBeInViewport();
  await expect(message(alice.page, 'Update number 25')).not.toBeInViewport();
  // Nothing below the view was read yet.
  await expect(item.getByTestId('unread-badge')).toBeVisible();

  // Scrolled to the newest, the divider stays and a button goes back to it with the count.
  await alice.page.getByTestId('jump-to-latest').click();
  await expect(message(alice.page, 'Update number 25')).toBeInViewport();
  await expect(item.getByTestId('unread-badge')).toBeHidden();
  const jump = alice.page.getByTestId('jump-to-unread');
  await expect(jump).toHaveText(/Jump to first unread \(25\)/);
  await jump.click();
  await expect(divider).toBeInViewport();
});

test('the Assistant without a model says it is not connected and answers with no setup text', async ({
  browser,
}) => {
  const { page } = await signUp(browser, 'Alice Asks');
  await page.getByTestId('new-chat-button').click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  const assistant = dialog.locator('[data-testid="bot-result"][data-bot="assistant"]');
  await expect(assistant.getByTestId('bot-unavailable')).toHaveText('Not connected to a model');
  await expect(assistant).not.toContainText('answers questions');
  await expect(assistant.getByTestId('presence-dot')).toHaveCount(0);
  const sizebot = dialog.locator('[data-testid="bot-result"][data-bot="sizebot"]');
  await expect(sizebot.getByTestId('bot-unavailable')).toHaveCount(0);

  await assistant.click();
  await expect(page.getByTestId('chat-title')).toHaveText('Assistant');
  await expect(page.getByTestId('chat-subtitle')).toHaveText('Not connected to a model');
  await expect(page.locator('.header').getByTestId('presence-dot')).toHaveCount(0);
  await expect(page.getByTestId('bot-prompt')).toHaveCount(0);

  await send(page, 'What is the capital of France?');
  const reply = page.locator('[data-testid="message"][data-status="complete"]').filter({
    has: page.getByTestId('message-body').filter({ hasText: "can't answer yet" }),
  });
  await expect(reply).toBeVisible();
  await expect(reply).not.toContainText(/LLM_|BASE_URL|localhost|=/);
});

test('a new chat reaches the other person only with its first message', async ({ browser }) => {
  const alice = await signUp(browser, 'Alice Opens');
  const bob = await signUp(browser, 'Bob Waits');
  await startChatWith(alice.page, bob);
  await expect(alice.page.getByTestId('composer')).toBeFocused();
  // Bob's list stays as it was, also after a reload.
  await expect(bob.page.getByTestId('conversations-empty')).toBeVisible();
  await bob.page.reload();
  await expect(bob.page.getByTestId('conversations-empty')).toBeVisible();

  await send(alice.page, 'Hello Bob, first words');
  const item = bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName });
  await expect(item.getByTestId('conversation-preview')).toHaveText('Hello Bob, first words');
  await expect(item.getByTestId('unread-badge')).toContainText('1');
});

test('a chat muted for 1 hour leaves the title count, except for a mention', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Loud');
  const carol = await signUp(browser, 'Carol Quiet');
  const bob = await signUp(browser, 'Bob Reader');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'From Alice');
  await startChatWith(carol.page, bob);
  await send(carol.page, 'From Carol');
  await expect(bob.page).toHaveTitle(/^\(2\) /);

  const carolsChat = bob.page
    .getByTestId('conversation-item')
    .filter({ hasText: carol.displayName });
  await carolsChat.hover();
  await carolsChat.locator('..').getByTestId('mute-button').click();
  await bob.page.getByRole('menuitem', { name: 'For 1 hour' }).click();
  await expect(carolsChat.getByTestId('muted-icon')).toBeVisible();
  await expect(bob.page).toHaveTitle(/^\(1\) /);
  await expect(carolsChat.locator('..').getByTestId('mute-button')).toHaveAttribute(
    'aria-label',
    /^Muted until \d{1,2}:\d{2}/,
  );

  await send(carol.page, 'More from Carol');
  await expect(carolsChat.getByTestId('unread-badge')).toContainText('2');
  await expect(bob.page).toHaveTitle(/^\(1\) /);
  await send(carol.page, `@${bob.username} this one matters`);
  await expect(carolsChat.getByTestId('mention-badge')).toBeVisible();
  await expect(bob.page).toHaveTitle(/^\(2\) /);
});

/** Document -> first paint of the shell with 1.5 s latency: 300 ms is the issue's target. */
const FIRST_PAINT_BOUND_MS = 1_000;

test('with 1.5 s of added latency the shell paints before the app, and a clicked chat shows its skeleton at once', async ({
  browser,
}) => {
  // Three sign-ups, then a cold load where every one of ~50 requests waits 1.5 s: more than the
  // default 30 s on a loaded 2-core machine, though each step keeps its own bound.
  test.setTimeout(90_000);
  const alice = await signUp(browser, 'Alice Slow', { viewport: { width: 1280, height: 800 } });
  const bob = await signUp(browser, 'Bob Slow');
  const carol = await signUp(browser, 'Carol Slow');
  for (const other of [bob, carol]) {
    await startChatWith(alice.page, other);
    await send(alice.page, `Hi ${other.displayName}`);
  }
  // A new tab: a cold load, as on a first visit (nothing of the previous page to hold).
  const page = await alice.context.newPage();
  const cdp = await alice.context.newCDPSession(page);
  await cdp.send('Network.enable');
  // As on a first visit: nothing comes from the cache.
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 1_500,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });

  // The shell is on screen while the app's code is still on its way. The page's first paint
  // (the shell and its skeleton rows) comes within 300 ms of the document's arrival: it waits
  // for neither styles.css nor the scripts, each another 1.5 s away. (Chrome's emulated latency
  // holds the document's body back until `responseEnd`.)
  await page.goto('/', { waitUntil: 'commit' });
  await expect(page.getByTestId('boot-shell')).toBeVisible();
  await expect(page.locator('.boot-rows i').first()).toBeVisible();
  await expect(page.getByTestId('account-menu-button')).toHaveCount(0);
  const paint = await page.evaluate(async () => {
    const painted = () => performance.getEntriesByName('first-paint')[0];
    while (!painted()) await new Promise((resolve) => setTimeout(resolve, 20));
    const [navigation] = performance.getEntriesByType(
      'navigation',
    ) as PerformanceNavigationTiming[];
    const styles = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(
      (entry) => /\/styles-[\w-]+\.css$/.test(entry.name),
    );
    return {
      arrived: navigation.responseEnd,
      firstPaint: painted().startTime,
      stylesLoaded: styles ? styles.responseEnd : null,
    };
  });
  const toPaint = paint.firstPaint - paint.arrived;
  console.log(
    `document arrived -> first paint with 1.5 s latency: ${toPaint.toFixed(0)} ms (target 300) ` +
      `(styles.css ${paint.stylesLoaded === null ? 'not there yet' : `there ${(paint.stylesLoaded - paint.arrived).toFixed(0)} ms after the document`})`,
  );
  // The target is 300 ms; the bound leaves headroom for a loaded shared CI machine and still
  // fails a paint that waits one more round trip (1.5 s) for anything.
  expect(toPaint).toBeLessThan(FIRST_PAINT_BOUND_MS);
  const item = page.getByTestId('conversation-item').filter({ hasText: bob.displayName });
  await expect(item).toBeVisible({ timeout: 30_000 });

  // A click on a chat whose code and messages are not loaded: its skeleton within 300 ms.
  await page.evaluate(() => {
    const times: { click?: number; skeleton?: number } = {};
    (window as unknown as { openTimes: typeof times }).openTimes = times;
    document.addEventListener('click', () => (times.click ??= performance.now()), true);
    new MutationObserver(() => {
      if (document.querySelector('[data-testid="chat-skeleton"]')) {
        times.skeleton ??= performance.now();
      }
    }).observe(document.body, { childList: true, subtree: true });
  });
  await item.click();
  await expect(page.getByTestId('chat-skeleton').first()).toBeVisible();
  await expect(page.getByTestId('account-menu-button')).toBeVisible();
  const times = await page.evaluate(
    () => (window as unknown as { openTimes: { click: number; skeleton: number } }).openTimes,
  );
  const elapsed = times.skeleton - times.click;
  console.log(`click -> chat skeleton with 1.5 s latency: ${elapsed.toFixed(0)} ms`);
  expect(elapsed).toBeLessThan(300);
  await expect(page.getByTestId('chat-title')).toHaveText(bob.displayName, { timeout: 30_000 });
  await expect(page.getByTestId('chat-skeleton')).toHaveCount(0, { timeout: 30_000 });
});
