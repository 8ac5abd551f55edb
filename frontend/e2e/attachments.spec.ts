import { expect } from '@playwright/test';

import { attach, gradientPng } from './attachment-files';
import { send, signUp, startChatWith, test } from './helpers';

test('an image one person sends shows as a thumbnail for the other and opens in the lightbox; a file is a download chip', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Liddell');
  const bob = await signUp(browser, 'Bob Builder');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Photos from the trip');
  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();

  await attach(alice.page, 'beach.png', 'image/png', gradientPng(800, 500));
  // Files alone can be sent: Send is enabled with an empty box.
  await alice.page.getByTestId('send-button').click();
  await expect(alice.page.getByTestId('upload-item')).toHaveCount(0);

  const thumbnail = bob.page.getByTestId('attachment-image');
  await expect(thumbnail).toHaveAttribute('data-status', 'ready');
  // The box keeps the image's proportions (800x500 -> 240x150) before and after it loads.
  await expect(thumbnail.locator('img')).toBeVisible();
  const box = (await thumbnail.boundingBox())!;
  expect(Math.round(box.width)).toBe(240);
  expect(Math.round(box.height)).toBe(150);

  await thumbnail.click();
  const lightbox = bob.page.getByTestId('lightbox');
  await expect(lightbox.getByTestId('lightbox-image')).toBeVisible();
  expect(
    await lightbox
      .getByTestId('lightbox-image')
      .evaluate((img: HTMLImageElement) => img.naturalWidth),
  ).toBe(800);
  await bob.page.keyboard.press('Escape');
  await expect(lightbox).toBeHidden();

  await attach(alice.page, 'notes.txt', 'text/plain', Buffer.from('remember the sunscreen'));
  await alice.page.getByTestId('composer').fill('and the list');
  await alice.page.getByTestId('composer').press('Enter');
  const chip = bob.page.getByTestId('attachment-file');
  await expect(chip).toContainText('notes.txt');
  await expect(chip).toContainText('22 bytes');
  const download = bob.page.waitForEvent('download');
  await chip.click();
  expect((await download).suggestedFilename()).toBe('notes.txt');
});

test('a file over the limit is refused before uploading, and says why', async ({ browser }) => {
  const alice = await signUp(browser, 'Alice Liddell');
  const bob = await signUp(browser, 'Bob Builder');
  await startChatWith(alice.page, bob);
  await alice.page.getByTestId('attach-input').setInputFiles({
    name: 'huge.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(25 * 1024 * 1024 + 1),
  });
  await expect(alice.page.getByTestId('upload-error')).toHaveText('Too large: the limit is 25 MB.');
  await expect(alice.page.getByTestId('send-button')).toBeDisabled();
});

test('"Upload photo" sets a square avatar that the other person sees', async ({ browser }) => {
  const alice = await signUp(browser, 'Alice Liddell');
  const bob = await signUp(browser, 'Bob Builder');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'New photo soon');
  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();

  await alice.page.getByTestId('account-menu-button').click();
  await alice.page.getByRole('menuitem', { name: 'Profile' }).click();
  const dialog = alice.page.getByRole('dialog', { name: 'Profile' });
  await dialog.getByTestId('upload-photo-input').setInputFiles({
    name: 'me.png',
    mimeType: 'image/png',
    buffer: gradientPng(300, 200),
  });
  // Previewed from the file; stored only when Save is pressed, together with the new name.
  const preview = dialog.getByTestId('profile-preview').locator('img');
  await expect(preview).toHaveAttribute('src', /^data:image\/png;base64,/);
  await dialog.getByTestId('display-name').fill('Alice L.');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const own = alice.page.locator('img[src^="/api/v1/avatars/"]').first();
  await expect(own).toHaveAttribute('src', /^\/api\/v1\/avatars\/[0-9a-f-]{36}\/[a-z0-9]{16}$/);
  const src = (await own.getAttribute('src'))!;

  // Live on the other side (user:updated), and served as a 256 px square.
  await expect(bob.page.locator(`img[src="${src}"]`).first()).toBeVisible();
  expect(
    await bob.page
      .locator(`img[src="${src}"]`)
      .first()
      .evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight]),
  ).toEqual([256, 256]);
});
