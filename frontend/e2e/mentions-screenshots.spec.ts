import { type Browser, expect, type Page } from '@playwright/test';

import { createGroup, message, send, signUp, test } from './helpers';

// Mentions and mute, for looking at them, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/mentions-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const desktop = { viewport: { width: 1280, height: 800 } } as const;
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } as const;

async function onPhone(browser: Browser, page: Page): Promise<Page> {
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...phone, storageState });
  const opened = await context.newPage();
  await opened.goto(page.url());
  return opened;
}

test('mentions screenshots', async ({ browser }) => {
  test.setTimeout(120_000);
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${dir}/mentions-${name}.png` });

  const alice = await signUp(browser, 'Alice Liddell', desktop);
  const bob = await signUp(browser, 'Bob Builder', desktop);
  const carol = await signUp(browser, 'Carol Danvers', desktop);
  await createGroup(alice.page, 'Release crew', [bob, carol]);
  await createGroup(alice.page, 'Lunch', [bob]);
  await alice.page.getByTestId('conversation-item').filter({ hasText: 'Release crew' }).click();

  const composer = alice.page.getByTestId('composer');
  await composer.pressSequentially('Ship it @');
  await expect(alice.page.getByTestId('mention-option')).toHaveCount(3);
  await shot(alice.page, 'autocomplete-desktop');
  const alicePhone = await onPhone(browser, alice.page);
  await alicePhone.getByTestId('composer').pressSequentially('Hey @c');
  await expect(alicePhone.getByTestId('mention-option')).toHaveCount(1);
  await shot(alicePhone, 'autocomplete-phone');

  await composer.press('Enter');
  await composer.pressSequentially('and @here, release notes are **done**');
  await composer.press('Enter');
  await send(alice.page, `@${carol.username} can you tag it?`);
  await alice.page.getByTestId('conversation-item').filter({ hasText: 'Lunch' }).click();
  await send(alice.page, 'Pizza at 12?');

  // Bob: @ badge on Release crew, Lunch muted with a quiet badge.
  const lunch = bob.page.getByTestId('conversation-item').filter({ hasText: 'Lunch' });
  await expect(lunch.getByTestId('unread-badge')).toBeVisible();
  await lunch.hover();
  await lunch.locator('..').getByTestId('mute-button').click();
  await bob.page.getByRole('menuitem', { name: 'Until I turn it back on' }).click();
  await expect(lunch.getByTestId('muted-icon')).toBeVisible();
  const crew = bob.page.getByTestId('conversation-item').filter({ hasText: 'Release crew' });
  await expect(crew.getByTestId('mention-badge')).toBeVisible();
  await crew.hover();
  await shot(bob.page, 'list-desktop');
  const bobPhone = await onPhone(browser, bob.page);
  await expect(bobPhone.getByTestId('mention-badge')).toBeVisible();
  await shot(bobPhone, 'list-phone');

  await crew.click();
  await expect(message(bob.page, 'can you tag it?').locator('.mention')).toBeVisible();
  await shot(bob.page, 'messages-desktop');
  await bobPhone.getByTestId('conversation-item').filter({ hasText: 'Release crew' }).click();
  await expect(message(bobPhone, 'can you tag it?').locator('.mention')).toBeVisible();
  await shot(bobPhone, 'messages-phone');
});
