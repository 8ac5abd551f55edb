import { expect } from '@playwright/test';

import { LinkPreviewSite } from './link-preview-site';
import { message, send, signUp, startChatWith, test } from './helpers';

const site = new LinkPreviewSite();
test.beforeAll(() => site.start());
test.afterAll(() => site.close());

test('a pasted link gets its preview card, in both browsers', async ({ browser }) => {
  const link = site.add('/trails/alps', {
    title: 'Ten trails in the Alps',
    description: 'Routes for every level, with maps and the huts along the way.',
    siteName: 'Trail Guide',
    image: '/cover.svg',
  });
  // The images come from the site's https host, whose certificate is self-signed.
  const alice = await signUp(browser, 'Alice Example', { ignoreHTTPSErrors: true });
  const bob = await signUp(browser, 'Bob Example', { ignoreHTTPSErrors: true });
  await startChatWith(alice.page, bob);
  // Bob's list has the chat from its first message on.
  await send(alice.page, `Weekend plan: ${link}`);
  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
  for (const page of [alice.page, bob.page]) {
    const card = message(page, 'Weekend plan').getByTestId('link-preview');
    await expect(card.getByTestId('link-preview-site')).toHaveText('Trail Guide');
    const title = card.getByRole('link', { name: 'Ten trails in the Alps' });
    await expect(title).toHaveAttribute('href', link);
    await expect(title).toHaveAttribute('target', '_blank');
    await expect(title).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(card.getByTestId('link-preview-description')).toContainText('Routes for every');
    const image = card.getByTestId('link-preview-image');
    await expect(image).toHaveAttribute('src', `${site.imageBase}/cover.svg`);
    await expect(image).toHaveAttribute('loading', 'lazy');
    await expect
      .poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
  }

  // A page whose image is gone: the card stays, without the picture.
  const broken = site.add('/trails/lost', {
    title: 'A trail that moved',
    description: 'Its picture is gone.',
    image: '/missing.png',
  });
  await send(alice.page, `And ${broken}`);
  const card = message(bob.page, 'And ').getByTestId('link-preview');
  await expect(card.getByRole('link', { name: 'A trail that moved' })).toBeVisible();
  await expect(card.getByTestId('link-preview-site')).toHaveText('127.0.0.1');
  await expect(card.getByTestId('link-preview-image')).toHaveCount(0);
});

test('the tab title counts a message that arrives in a background conversation', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Reader');
  const bob = await signUp(browser, 'Bob Reader');
  const carol = await signUp(browser, 'Carol Writer');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Reading this one');
  // Bob reads conversation A (with Alice)...
  await bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName }).click();
  await expect(message(bob.page, 'Reading this one')).toBeVisible();
  await expect(bob.page).toHaveTitle('Chats · Chat');

  // ...while one message arrives in conversation B (with Carol).
  await startChatWith(carol.page, bob);
  await send(carol.page, 'One for the background');
  await expect(bob.page).toHaveTitle('(1) Chats · Chat');
  await expect(
    bob.page.getByTestId('conversation-item').filter({ hasText: carol.displayName }),
  ).toContainText('One for the background');

  await bob.page.getByTestId('conversation-item').filter({ hasText: carol.displayName }).click();
  await expect(message(bob.page, 'One for the background')).toBeVisible();
  await expect(bob.page).toHaveTitle('Chats · Chat');
});
