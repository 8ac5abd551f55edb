import { type Browser, expect, type Page } from '@playwright/test';

import { message, messageAction, send, signUp, test } from './helpers';

// With E2E_SHOTS_DIR set, the screens are also saved at 1280x800 and 390x844 for looking at.
const dir = process.env['E2E_SHOTS_DIR'];
const desktop = { viewport: { width: 1280, height: 800 } } as const;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

/** Dialogs and menus fade in: wait until they are done. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.mdc-dialog--opening, .mat-menu-panel-animating')).toHaveCount(0);
}

async function shot(page: Page, name: string): Promise<void> {
  if (!dir) return;
  await settled(page);
  await page.screenshot({ path: `${dir}/channels-${name}.png` });
}

async function onPhone(browser: Browser, page: Page): Promise<Page> {
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...phone, storageState });
  return context.newPage();
}

function channelRow(page: Page, title: string) {
  return page.getByTestId('channel-row').filter({ hasText: `#${title}` });
}

test('browse, create and join a channel; reply in a thread from two browsers', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const title = `design-${Date.now().toString(36)}`;
  const alice = await signUp(browser, 'Alice Liddell', desktop);
  const bob = await signUp(browser, 'Bob Builder', desktop);

  // Alice creates the channel from the browser and lands in it.
  await alice.page.getByTestId('browse-channels-button').click();
  const aliceBrowser = alice.page.getByRole('dialog', { name: 'Channels' });
  await expect(channelRow(alice.page, 'general')).toBeVisible();
  await aliceBrowser.getByTestId('create-channel').click();
  await aliceBrowser.getByTestId('channel-title').fill(title);
  await aliceBrowser.getByTestId('channel-topic').fill('Pixels and typefaces');
  await shot(alice.page, 'create-desktop');
  await aliceBrowser.getByTestId('channel-create-submit').click();
  await expect(aliceBrowser).toBeHidden();
  await expect(alice.page.getByTestId('chat-title')).toHaveText(`#${title}`);
  await expect(alice.page.getByTestId('chat-subtitle')).toHaveText('Pixels and typefaces');

  // Bob finds it by searching, sees what it is about and who is in it, and joins.
  await bob.page.getByTestId('browse-channels-button').click();
  const bobBrowser = bob.page.getByRole('dialog', { name: 'Channels' });
  await bobBrowser.getByTestId('channel-search').fill(title.slice(0, 10));
  const row = channelRow(bob.page, title);
  await expect(row).toContainText('Pixels and typefaces');
  await expect(row.getByTestId('channel-members')).toHaveText('1 member');
  await expect(channelRow(bob.page, 'general')).toHaveCount(0);
  await shot(bob.page, 'browser-desktop');
  await row.getByTestId('channel-join').click();
  await expect(bobBrowser).toBeHidden();
  await expect(bob.page.getByTestId('chat-title')).toHaveText(`#${title}`);
  await expect(
    bob.page.getByTestId('conversation-item').filter({ hasText: `#${title}` }),
  ).toBeVisible();

  // A root message; Bob replies in its thread.
  await send(alice.page, 'Which typeface for the headings?');
  await expect(message(bob.page, 'Which typeface for the headings?')).toBeVisible();
  await messageAction(bob.page, 'Which typeface for the headings?', 'Reply in thread');
  const bobThread = bob.page.getByRole('dialog', { name: 'Thread' });
  await expect(bobThread.getByTestId('thread-root')).toContainText('Which typeface');
  await bobThread.getByTestId('thread-input').fill('Inter, at 600');
  await bobThread.getByTestId('thread-input').press('Enter');
  await expect(bobThread.getByTestId('thread-reply')).toHaveText([/Inter, at 600/]);

  // Alice sees the count move live under the root, not the reply in the timeline.
  const aliceSummary = alice.page.getByTestId('thread-summary');
  await expect(aliceSummary).toContainText('1 reply');
  await expect(message(alice.page, 'Inter, at 600')).toHaveCount(0);
  // She wrote the root, so she follows the thread: the reply is unread in Threads.
  await expect(alice.page.getByTestId('threads-unread')).toHaveText('1');
  await shot(alice.page, 'summary-desktop');

  // Alice opens the thread and answers; Bob's open panel gets it live, the count says 2.
  await aliceSummary.click();
  const aliceThread = alice.page.getByRole('dialog', { name: 'Thread' });
  await expect(aliceThread.getByTestId('thread-reply')).toHaveText([/Inter, at 600/]);
  await expect(alice.page.getByTestId('threads-unread')).toHaveCount(0);
  await aliceThread.getByTestId('thread-input').fill('Agreed, and 400 for the body');
  await aliceThread.getByTestId('thread-also').click();
  await aliceThread.getByTestId('thread-send').click();
  await expect(bobThread.getByTestId('thread-reply')).toHaveText([
    /Inter, at 600/,
    /Agreed, and 400 for the body/,
  ]);
  await shot(alice.page, 'thread-desktop');
  // Sent to the conversation too: it shows in Bob's timeline.
  await alice.page.keyboard.press('Escape');
  await expect(aliceThread).toBeHidden();
  await expect(aliceSummary).toContainText('2 replies');
  await bob.page.keyboard.press('Escape');
  await expect(message(bob.page, 'Agreed, and 400 for the body')).toBeVisible();
  await expect(bob.page.getByTestId('thread-summary')).toContainText('2 replies');

  // Bob closed the panel: Alice's next reply is unread for him, first in his Threads.
  await alice.page.getByTestId('thread-summary').click();
  await aliceThread.getByTestId('thread-input').fill('Shipping it');
  await aliceThread.getByTestId('thread-input').press('Enter');
  await expect(bob.page.getByTestId('threads-unread')).toHaveText('1');
  await bob.page.getByTestId('threads-link').click();
  const followed = bob.page.getByTestId('followed-thread').first();
  await expect(followed).toContainText('Which typeface for the headings?');
  await expect(followed).toContainText('3 replies');
  await expect(followed.getByTestId('thread-unread')).toHaveText('1');
  await shot(bob.page, 'threads-desktop');
  await followed.click();
  await expect(bobThread.getByTestId('thread-reply')).toHaveCount(3);
  await expect(bob.page.getByTestId('threads-unread')).toHaveCount(0);
  await bob.page.keyboard.press('Escape');

  if (dir) {
    const phonePage = await onPhone(browser, bob.page);
    await phonePage.goto('/');
    await phonePage.getByTestId('browse-channels-button').click();
    await expect(channelRow(phonePage, title)).toBeVisible();
    await shot(phonePage, 'browser-phone');
    await channelRow(phonePage, title)
      .getByRole('button', { name: `Open #${title}` })
      .click();
    await expect(phonePage.getByTestId('chat-title')).toHaveText(`#${title}`);
    await expect(phonePage.getByTestId('thread-summary')).toBeVisible();
    await shot(phonePage, 'channel-phone');
    await phonePage.getByTestId('thread-summary').click();
    await expect(phonePage.getByTestId('thread-reply')).toHaveCount(3);
    await shot(phonePage, 'thread-phone');
  }
});
