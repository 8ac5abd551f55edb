import { expect, type Page } from '@playwright/test';

import { message, messageAction, signUp, startChatWith, test } from './helpers';

// With E2E_SHOTS_DIR set, the screens are also saved at 1280x800 and 390x844 for looking at.
const dir = process.env['E2E_SHOTS_DIR'];
const desktop = { viewport: { width: 1280, height: 800 } } as const;

async function shot(page: Page, name: string): Promise<void> {
  if (!dir) return;
  await expect(page.locator('.mdc-dialog--opening, .mat-menu-panel-animating')).toHaveCount(0);
  await page.screenshot({ path: `${dir}/scheduling-${name}.png` });
}

/** `YYYY-MM-DDTHH:mm:ss`, `seconds` from now in the page's own time zone. */
function localIn(page: Page, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const at = new Date(Date.now() + s * 1000);
    const pad = (n: number) => String(n).padStart(2, '0');
    return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
  }, seconds);
}

test('schedule a message a few seconds ahead and see it arrive in another browser', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const alice = await signUp(browser, 'Alice Liddell', desktop);
  const bob = await signUp(browser, 'Bob Builder', desktop);
  await startChatWith(alice.page, bob);
  await alice.page.getByTestId('composer').fill('Hello first');
  await alice.page.getByTestId('composer').press('Enter');
  await startChatWith(bob.page, alice);
  await expect(message(bob.page, 'Hello first')).toBeVisible();

  // One to cancel, far ahead, from a preset.
  const composer = alice.page.getByTestId('composer');
  await composer.fill('Never mind this one');
  await alice.page.getByTestId('schedule-button').click();
  const picker = alice.page.getByRole('dialog', { name: 'Schedule message' });
  await shot(alice.page, 'picker-desktop');
  await picker.getByTestId('schedule-preset').filter({ hasText: 'In 3 hours' }).click();
  await expect(picker).toBeHidden();
  await expect(composer).toHaveValue('');
  const strip = alice.page.getByTestId('scheduled-strip');
  await expect(strip.getByTestId('scheduled-item')).toHaveText([/Never mind this one/]);

  // One a few seconds ahead, at a time of one's own.
  await composer.fill('Standup in five minutes');
  await alice.page.getByTestId('schedule-button').click();
  await picker.getByTestId('schedule-custom').fill(await localIn(alice.page, 8));
  await picker.getByTestId('schedule-confirm').click();
  await expect(picker).toBeHidden();
  await expect(strip.getByTestId('scheduled-item')).toHaveCount(2);
  await shot(alice.page, 'strip-desktop');

  await strip
    .getByTestId('scheduled-item')
    .filter({ hasText: 'Never mind this one' })
    .getByTestId('scheduled-cancel')
    .click();
  await expect(strip.getByTestId('scheduled-item')).toHaveText([/Standup in five minutes/]);

  // Bob sees it arrive; Alice's strip empties as it is sent.
  await expect(message(bob.page, 'Standup in five minutes')).toBeVisible({ timeout: 30_000 });
  await expect(message(alice.page, 'Standup in five minutes')).toBeVisible();
  await expect(alice.page.getByTestId('scheduled-strip')).toHaveCount(0);
  await expect(message(bob.page, 'Never mind this one')).toHaveCount(0);

  // Bob asks to be reminded of it from the message menu.
  await messageAction(bob.page, 'Standup in five minutes', 'Remind me…');
  const remind = bob.page.getByRole('dialog', { name: 'Remind me about this message' });
  await shot(bob.page, 'remind-desktop');
  await remind.getByTestId('schedule-custom').fill(await localIn(bob.page, 5));
  await remind.getByTestId('schedule-confirm').click();
  await expect(remind).toBeHidden();
  // The reminders bot writes to him: its conversation appears in his list.
  await expect(
    bob.page.getByTestId('conversation-item').filter({ hasText: 'Reminders' }),
  ).toBeVisible({ timeout: 30_000 });
  await shot(bob.page, 'reminder-desktop');
});

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

test('on a phone: the picker, the strip, and Remind me in the action sheet', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };
  const dark = { ...phone, colorScheme: 'dark' } as const;
  const alice = await signUp(browser, 'Alice Liddell', dark);
  const bob = await signUp(browser, 'Bob Builder', phone);
  await startChatWith(alice.page, bob);
  const composer = alice.page.getByTestId('composer');
  await composer.fill('Lunch at noon?');
  await composer.press('Enter');
  await composer.fill('Reminder: bring the slides');
  await alice.page.getByTestId('schedule-button').click();
  const picker = alice.page.getByRole('dialog', { name: 'Schedule message' });
  await expect(picker.getByTestId('schedule-preset')).toHaveCount(4);
  await shot(alice.page, 'picker-phone-dark');
  await picker.getByTestId('schedule-preset').filter({ hasText: 'Tomorrow at 9:00' }).click();
  await expect(alice.page.getByTestId('scheduled-item')).toHaveText([/bring the slides/]);
  await shot(alice.page, 'strip-phone-dark');

  await longPress(alice.page, 'Lunch at noon?');
  await alice.page.getByTestId('sheet-remind').click();
  const remind = alice.page.getByRole('dialog', { name: 'Remind me about this message' });
  await expect(remind.getByTestId('schedule-preset')).toHaveCount(4);
  await shot(alice.page, 'remind-phone-dark');
  await remind.getByTestId('schedule-preset').filter({ hasText: 'In 20 minutes' }).click();
  await expect(remind).toBeHidden();
});
