import { type Browser, expect, type Page } from '@playwright/test';

import { createGroup, message, messageAction, send, signUp, test } from './helpers';

// With E2E_SHOTS_DIR set, the screens are also saved at 1280x800 and 390x844 for looking at.
const dir = process.env['E2E_SHOTS_DIR'];
const desktop = { viewport: { width: 1280, height: 800 } } as const;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

async function shot(page: Page, name: string): Promise<void> {
  if (!dir) return;
  await expect(page.locator('.mdc-dialog--opening, .mat-menu-panel-animating')).toHaveCount(0);
  await page.screenshot({ path: `${dir}/pins-${name}.png` });
}

/** The same person on a phone (another context with their session). */
async function onPhone(browser: Browser, page: Page): Promise<Page> {
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...phone, storageState });
  return context.newPage();
}

/** Holds a finger on a message's bubble until its actions sheet is up. */
async function longPress(page: Page, text: string): Promise<void> {
  const bubble = message(page, text).locator('.bubble');
  const box = (await bubble.boundingBox())!;
  const point = {
    pointerType: 'touch',
    pointerId: 1,
    isPrimary: true,
    bubbles: true,
    clientX: box.x + box.width / 2,
    clientY: box.y + box.height / 2,
  };
  await bubble.dispatchEvent('pointerdown', point);
  await expect(page.getByTestId('action-sheet')).toBeVisible();
  await bubble.dispatchEvent('pointerup', point);
}

async function openConversation(page: Page, title: string): Promise<void> {
  await page.getByTestId('conversation-item').filter({ hasText: title }).click();
  await expect(page.getByTestId('chat-title')).toHaveText(title);
}

test('pin a message and see the pinned bar in another browser; save it and find it in Saved; forward it with attribution; unpin it live', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const suffix = Date.now().toString(36);
  const [planning, elsewhere] = [`Planning ${suffix}`, `Elsewhere ${suffix}`];
  const alice = await signUp(browser, 'Alice Liddell', desktop);
  const bob = await signUp(browser, 'Bob Builder', desktop);
  await createGroup(alice.page, elsewhere, [bob]);
  await createGroup(alice.page, planning, [bob]);
  await send(alice.page, 'The launch is on Friday at 10');
  await send(alice.page, 'Bring the banners');
  await openConversation(bob.page, planning);
  await expect(message(bob.page, 'Bring the banners')).toBeVisible();

  // Alice pins; Bob's pinned bar appears live, with the count and the latest pin.
  await messageAction(alice.page, 'The launch is on Friday', 'Pin');
  const bar = bob.page.getByTestId('pinned-bar');
  await expect(bar.getByTestId('pinned-count')).toHaveText('1 pinned message');
  await expect(bar.getByTestId('pinned-latest')).toContainText('The launch is on Friday at 10');
  await shot(bob.page, 'bar-desktop');
  // The menu now offers Unpin.
  const pinned = message(alice.page, 'The launch is on Friday');
  await pinned.hover();
  await pinned.getByTestId('message-menu-button').click();
  await expect(alice.page.getByRole('menuitem', { name: 'Unpin' })).toBeVisible();
  await alice.page.keyboard.press('Escape');

  // The list of pins; choosing one jumps to the message, flashed.
  await bar.click();
  await expect(bob.page.getByTestId('pinned-item')).toHaveText([/The launch is on Friday/]);
  await shot(bob.page, 'list-desktop');
  await bob.page.getByTestId('pinned-item').click();
  await expect(message(bob.page, 'The launch is on Friday')).toHaveClass(/highlighted/);

  // Bob saves it; Saved lists it (only his), and opens it where it was written.
  await messageAction(bob.page, 'The launch is on Friday', 'Save');
  await bob.page.getByTestId('saved-link').click();
  await expect(bob.page).toHaveURL('/saved');
  const saved = bob.page.getByTestId('saved-message');
  await expect(saved).toHaveCount(1);
  await expect(saved).toContainText(planning);
  await expect(saved).toContainText('The launch is on Friday at 10');
  await shot(bob.page, 'saved-desktop');
  await alice.page.getByTestId('saved-link').click();
  await expect(alice.page.getByTestId('saved-empty')).toBeVisible();
  await saved.click();
  await expect(bob.page.getByTestId('chat-title')).toHaveText(planning);
  await expect(message(bob.page, 'The launch is on Friday')).toHaveClass(/highlighted/);

  // Alice forwards the message into the other group, with a comment.
  await openConversation(alice.page, planning);
  await messageAction(alice.page, 'The launch is on Friday', 'Forward…');
  const dialog = alice.page.getByRole('dialog', { name: 'Forward message' });
  await expect(dialog.getByTestId('forward-original')).toContainText('The launch is on Friday');
  await dialog.getByTestId('forward-search').fill('elsewhere');
  await expect(dialog.getByTestId('forward-choice')).toHaveCount(1);
  await dialog.getByTestId('forward-choice').click();
  await dialog.getByTestId('forward-comment').fill('For the record');
  await shot(alice.page, 'forward-desktop');
  await dialog.getByTestId('forward-submit').click();
  await expect(dialog).toBeHidden();

  // Bob finds it there, saying whom it is forwarded from.
  await openConversation(bob.page, elsewhere);
  const forwarded = message(bob.page, 'The launch is on Friday at 10');
  await expect(forwarded.getByTestId('forwarded-from')).toHaveText('Forwarded from Alice Liddell');
  await expect(message(bob.page, 'For the record')).toBeVisible();
  await shot(bob.page, 'forwarded-desktop');

  if (dir) {
    await bob.page.emulateMedia({ colorScheme: 'dark' });
    await openConversation(bob.page, planning);
    await bob.page.getByTestId('pinned-bar').click();
    await shot(bob.page, 'list-desktop-dark');
    await alice.page.emulateMedia({ colorScheme: 'dark' });
    await messageAction(alice.page, 'Bring the banners', 'Forward…');
    await shot(alice.page, 'forward-desktop-dark');
    await alice.page.keyboard.press('Escape');
    const bobPhone = await onPhone(browser, bob.page);
    await bobPhone.goto('/');
    await openConversation(bobPhone, planning);
    await expect(bobPhone.getByTestId('pinned-bar')).toBeVisible();
    await shot(bobPhone, 'bar-phone');
    await bobPhone.getByTestId('pinned-bar').click();
    await shot(bobPhone, 'list-phone');
    await bobPhone.getByTestId('pinned-bar').click();
    await longPress(bobPhone, 'Bring the banners');
    await shot(bobPhone, 'sheet-phone');
    await bobPhone.keyboard.press('Escape');
    await bobPhone.goto('/saved');
    await expect(bobPhone.getByTestId('saved-message')).toHaveCount(1);
    await shot(bobPhone, 'saved-phone');
    const alicePhone = await onPhone(browser, alice.page);
    await alicePhone.goto('/');
    await openConversation(alicePhone, planning);
    await longPress(alicePhone, 'Bring the banners');
    await alicePhone.getByTestId('sheet-forward').click();
    await expect(alicePhone.getByRole('dialog', { name: 'Forward message' })).toBeVisible();
    await shot(alicePhone, 'forward-phone');
  }

  // Alice unpins; Bob's pinned bar goes away live, without a reload.
  await openConversation(bob.page, planning);
  await expect(bob.page.getByTestId('pinned-bar')).toBeVisible();
  await openConversation(alice.page, planning);
  await messageAction(alice.page, 'The launch is on Friday', 'Unpin');
  await expect(bob.page.getByTestId('pinned-bar')).toBeHidden();
  await expect(message(bob.page, 'The launch is on Friday at 10')).toBeVisible();
});

test('in-chat search finds a reply in a thread and opens the thread', async ({ browser }) => {
  test.setTimeout(90_000);
  const title = `Meetups ${Date.now().toString(36)}`;
  const alice = await signUp(browser, 'Alice Liddell', desktop);
  const bob = await signUp(browser, 'Bob Builder', desktop);
  await createGroup(alice.page, title, [bob]);
  await send(alice.page, 'Where shall we meet on Thursday?');
  await openConversation(bob.page, title);
  await messageAction(bob.page, 'Where shall we meet', 'Reply in thread');
  const bobThread = bob.page.getByRole('dialog', { name: 'Thread' });
  await bobThread.getByTestId('thread-input').fill('At the lighthouse cafe');
  await bobThread.getByTestId('thread-input').press('Enter');
  await expect(bobThread.getByTestId('thread-reply')).toHaveText([/lighthouse cafe/]);
  // The reply is not in the timeline: only the search finds it there.
  await expect(message(alice.page, 'lighthouse')).toHaveCount(0);

  await alice.page.getByTestId('chat-search-button').click();
  const search = alice.page.getByRole('dialog', { name: `Search in ${title}` });
  await expect(search.getByTestId('search-input')).toBeFocused();
  await expect(search.getByTestId('search-input')).toHaveAttribute(
    'placeholder',
    `Search in ${title}`,
  );
  await search.getByTestId('search-input').fill('lighthouse');
  const hit = search.getByTestId('search-hit').filter({ hasText: 'lighthouse' });
  await expect(hit).toHaveCount(1);
  await expect(hit.getByTestId('search-hit-thread')).toHaveText('in a thread');
  // Scoped: no conversations or people in the results.
  await expect(search.getByTestId('search-conversation')).toHaveCount(0);
  await shot(alice.page, 'search-desktop');
  await hit.click();
  const aliceThread = alice.page.getByRole('dialog', { name: 'Thread' });
  await expect(aliceThread.getByTestId('thread-root')).toContainText('Where shall we meet');
  await expect(aliceThread.getByTestId('thread-reply')).toHaveText([/lighthouse cafe/]);
  await expect(alice.page).not.toHaveURL(/inThread=/);

  if (dir) {
    const alicePhone = await onPhone(browser, alice.page);
    await alicePhone.goto('/');
    await openConversation(alicePhone, title);
    await alicePhone.getByTestId('chat-search-button').click();
    await alicePhone.getByTestId('search-input').fill('lighthouse');
    await expect(alicePhone.getByTestId('search-hit')).toHaveCount(1);
    await shot(alicePhone, 'search-phone');
  }
});
