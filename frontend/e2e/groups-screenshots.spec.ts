import { type Browser, expect, type Page } from '@playwright/test';

import { fillNewGroup, message, send, signUp, test } from './helpers';

// Groups, for looking at them, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/groups-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const colorScheme = 'dark';
const desktop = { viewport: { width: 1280, height: 800 }, colorScheme } as const;
const phone = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  colorScheme,
} as const;

/** Dialogs and menus fade in: wait until they are done. */
async function settled(page: Page): Promise<void> {
  await expect(page.locator('.mdc-dialog--opening, .mat-menu-panel-animating')).toHaveCount(0);
}

async function onPhone(browser: Browser, page: Page): Promise<Page> {
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...phone, storageState });
  return context.newPage();
}

test('groups screenshots (dark)', async ({ browser }) => {
  test.setTimeout(120_000);
  const shot = async (page: Page, name: string) => {
    await settled(page);
    await page.screenshot({ path: `${dir}/groups-${name}.png` });
  };

  const alice = await signUp(browser, 'Alice Liddell', desktop);
  const bob = await signUp(browser, 'Bob Builder', desktop);
  const carol = await signUp(browser, 'Carol Danvers', desktop);
  const dave = await signUp(browser, 'Dave Grohl', desktop);

  // The dialog, two people picked, searching for a third.
  const dialog = await fillNewGroup(alice.page, 'Weekend trip', [bob, carol]);
  await dialog.getByTestId('member-search').fill('');
  await expect(
    dialog.getByTestId('member-result').filter({ hasText: dave.username }),
  ).toBeVisible();
  await alice.page.mouse.move(0, 0);
  await shot(alice.page, 'dialog-desktop');
  await dialog.getByTestId('create-group').click();
  await expect(dialog).toBeHidden();

  // A few changes and messages: the system lines between the bubbles.
  await send(alice.page, 'Who is driving on Saturday?');
  await alice.page.getByTestId('group-info-button').click();
  const panel = alice.page.getByRole('dialog', { name: 'Group info' });
  await panel.getByTestId('add-members').click();
  await panel.getByTestId('member-search').fill(dave.username);
  await panel
    .getByTestId('member-result')
    .filter({ hasText: `@${dave.username}` })
    .click();
  await panel.getByTestId('add-members-confirm').click();
  await expect(panel.getByTestId('group-member')).toHaveCount(4);
  const bobRow = panel.locator(`[data-member="${bob.username}"]`);
  await bobRow.getByTestId('member-menu-button').click();
  await alice.page.getByRole('menuitem', { name: 'Make admin' }).click();
  await expect(bobRow.getByTestId('member-role')).toHaveText('Admin');
  const daveRow = panel.locator(`[data-member="${dave.username}"]`);
  await daveRow.getByTestId('member-menu-button').click();
  await expect(alice.page.getByRole('menuitem', { name: 'Remove from group' })).toBeVisible();
  await shot(alice.page, 'info-desktop');
  await alice.page.keyboard.press('Escape');
  await panel.getByTestId('group-rename').click();
  await panel.getByTestId('group-title-input').fill('Ski weekend');
  await shot(alice.page, 'info-rename-desktop');
  await panel.getByTestId('group-title-input').press('Enter');
  await expect(panel.getByTestId('group-info-title')).toHaveText('Ski weekend');
  await panel.getByTestId('group-info-close').click();

  await bob.page.getByTestId('conversation-item').filter({ hasText: 'Ski weekend' }).click();
  await send(bob.page, 'I can drive, I have room for three.');
  await expect(alice.page.getByTestId('system-line')).toHaveCount(4);
  await expect(message(alice.page, 'I can drive')).toBeVisible();
  await shot(alice.page, 'system-lines-desktop');

  // Bob, an admin, on his phone: the timeline, the panel as a full screen.
  const bobPhone = await onPhone(browser, bob.page);
  await bobPhone.goto(new URL(bob.page.url()).pathname);
  await expect(bobPhone.getByTestId('system-line')).toHaveCount(4);
  await shot(bobPhone, 'system-lines-mobile');
  await bobPhone.getByTestId('group-info-button').click();
  await expect(bobPhone.getByRole('dialog', { name: 'Group info' })).toBeVisible();
  await shot(bobPhone, 'info-mobile');
  await bobPhone.getByTestId('group-info-close').click();

  await bobPhone.getByTestId('back-button').click();
  await bobPhone.getByTestId('new-group-button').click();
  const phoneDialog = bobPhone.getByRole('dialog', { name: 'New group' });
  await expect(phoneDialog.getByTestId('member-result').first()).toBeVisible();
  await phoneDialog.getByTestId('create-group').click();
  await expect(phoneDialog.getByTestId('members-error')).toBeVisible();
  await shot(bobPhone, 'dialog-mobile-invalid');
  await phoneDialog.getByRole('button', { name: 'Cancel' }).click();

  // Dave is removed while he looks at the group.
  await dave.page.getByTestId('conversation-item').filter({ hasText: 'Ski weekend' }).click();
  await alice.page.getByTestId('group-info-button').click();
  await panel.locator(`[data-member="${dave.username}"]`).getByTestId('member-menu-button').click();
  await alice.page.getByRole('menuitem', { name: 'Remove from group' }).click();
  await alice.page.getByRole('alertdialog').getByTestId('confirm-button').click();
  await expect(dave.page.getByText('You were removed from “Ski weekend”')).toBeVisible();
  await expect(dave.page.locator('.mat-mdc-snack-bar-container')).toHaveCSS('opacity', '1');
  await shot(dave.page, 'removed-desktop');

  for (const person of [alice, bob, carol, dave]) await person.context.close();
  await bobPhone.context().close();
});
