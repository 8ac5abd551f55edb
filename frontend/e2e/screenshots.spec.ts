import { type Browser, expect, type Page } from '@playwright/test';

import { message, messageAction, send, signUp, startChatWith, test } from './helpers';

// A tour of the chat for looking at it, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const desktop = { viewport: { width: 1280, height: 800 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function onPhone(browser: Browser, page: Page, colorScheme: 'light' | 'dark') {
  // The same session in a second, phone-sized browser.
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...phone, colorScheme, storageState });
  return context.newPage();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`chat screenshots (${colorScheme})`, async ({ browser }) => {
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${dir}/chat-${name}-${colorScheme}.png` });

    const alice = await signUp(browser, 'Alice Liddell', { ...desktop, colorScheme });
    const bob = await signUp(browser, 'Bob Builder', { ...desktop, colorScheme });
    const alicePhone = await onPhone(browser, alice.page, colorScheme);
    const bobPhone = await onPhone(browser, bob.page, colorScheme);
    await alicePhone.goto('/');

    await expect(alice.page.getByTestId('conversations-empty')).toBeVisible();
    await expect(alicePhone.getByTestId('conversations-empty')).toBeVisible();
    await shot(alice.page, 'empty-desktop');
    await shot(alicePhone, 'empty-mobile');

    for (const page of [alice.page, alicePhone]) {
      await page.getByTestId('new-chat-button').click();
      await page.getByTestId('user-search').fill('Bob');
      await expect(page.getByTestId('user-result').first()).toBeVisible();
    }
    await shot(alice.page, 'new-chat-desktop');
    await shot(alicePhone, 'new-chat-mobile');
    await alicePhone.keyboard.press('Escape');
    await alice.page.keyboard.press('Escape');

    await startChatWith(alice.page, bob);
    await send(alice.page, 'Hi Bob!');
    await send(alice.page, 'Are you coming to the meetup on Thursday?');
    await send(
      alice.page,
      'We could share a taxi from the station. It leaves at 18:40, which should give us ' +
        'enough time to grab a coffee before the first talk starts.',
    );

    await bobPhone.goto('/');
    const unread = bob.page.getByTestId('unread-badge');
    await expect(unread).toContainText('3');
    await expect(bobPhone.getByTestId('unread-badge')).toContainText('3');
    await shot(bob.page, 'list-unread-desktop');
    await shot(bobPhone, 'list-unread-mobile');

    await bob.page.getByTestId('conversation-item').first().click();
    await send(bob.page, 'Hello there!');
    await send(bob.page, 'Yes, see you there.\nI will bring the slides.');
    await messageAction(alice.page, 'I will bring the slides', 'Reply');
    await send(alice.page, 'Great, thanks!');
    await send(alice.page, 'A message that will be deleted');
    await messageAction(alice.page, 'A message that will be deleted', 'Delete');
    await alice.page.getByRole('alertdialog').getByTestId('confirm-button').click();
    await messageAction(alice.page, 'Are you coming', 'Edit');
    // The text to edit first, or typing could be overwritten by it.
    await expect(alice.page.getByTestId('composer')).toHaveValue(
      'Are you coming to the meetup on Thursday?',
    );
    await send(alice.page, 'Are you coming to the meetup on Thursday evening?');
    await expect(
      message(alice.page, 'Thursday evening').getByTestId('edited-marker'),
    ).toBeVisible();

    await alicePhone.getByTestId('conversation-item').first().click();
    await bob.page.getByTestId('composer').pressSequentially('Sure', { delay: 50 });
    await expect(alice.page.getByTestId('typing-indicator')).toBeVisible();
    await expect(alicePhone.getByTestId('typing-indicator')).toBeVisible();
    await expect(message(alice.page, 'Great, thanks!').getByTestId('read-tick')).toHaveAttribute(
      'data-state',
      'read',
    );
    await shot(alice.page, 'conversation-desktop');
    await shot(alicePhone, 'conversation-mobile');
    await shot(bob.page, 'conversation-other-side-desktop');

    await messageAction(alice.page, 'Hello there', 'Reply');
    await alice.page.getByTestId('composer').fill('Typing a reply…');
    await expect(alice.page.getByRole('menu')).toBeHidden();
    await shot(alice.page, 'composer-reply-desktop');

    await alice.context.setOffline(true);
    await expect(alice.page.getByTestId('reconnect-banner')).toBeVisible();
    await shot(alice.page, 'offline-desktop');
    await alice.context.setOffline(false);
    await expect(alice.page.getByTestId('reconnect-banner')).toBeHidden();

    for (const context of browser.contexts()) await context.close();
  });
}
