import { expect, type Page } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

test('bob sees alice online, then when she was last seen once she has left', async ({
  browser,
}) => {
  const alice = await signUp(browser, 'Alice Online');
  const bob = await signUp(browser, 'Bob Watching');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Are you there?');

  const item = bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName });
  const dot = item.getByTestId('presence-dot');
  await expect(dot).toBeVisible();
  await expect(dot).toHaveAttribute('aria-label', 'Online');
  await item.click();
  await expect(bob.page.getByTestId('chat-subtitle')).toHaveText('online');
  await expect(bob.page.locator('.header').getByTestId('presence-dot')).toBeVisible();

  // Gone for good once the server's grace after the last socket is over.
  await alice.page.close();
  await expect(bob.page.getByTestId('chat-subtitle')).toHaveText(/^last seen /, {
    timeout: 15_000,
  });
  await expect(dot).toBeHidden();

  await alice.context.close();
  await bob.context.close();
});

/** A word no other test writes: what the search looks for. */
function uniqueWord(): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let word = 'zq';
  for (let i = 0; i < 8; i++) word += letters[Math.floor(Math.random() * letters.length)];
  return word;
}

async function sendMany(page: Page, prefix: string, count: number): Promise<void> {
  for (let i = 1; i <= count; i++) await send(page, `${prefix} ${i}`);
}

test('bob finds a message with Ctrl+K and opens the conversation at it, flashed', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const word = uniqueWord();
  const alice = await signUp(browser, 'Alice Writer');
  const bob = await signUp(browser, 'Bob Searcher');
  await startChatWith(alice.page, bob);
  await send(alice.page, 'Hello Bob');
  await send(alice.page, `Shall we meet at the ${word} café tomorrow?`);
  // More than a page after it, so that it opens in the middle of the conversation. Both write:
  // each has a limit on messages a minute.
  await sendMany(alice.page, 'Filler from Alice', 28);
  const bobsItem = bob.page.getByTestId('conversation-item').filter({ hasText: alice.displayName });
  await bobsItem.click();
  await sendMany(bob.page, 'Filler from Bob', 26);
  // From the start: the conversation not loaded yet.
  await bob.page.goto('/');
  await expect(bobsItem).toBeVisible();

  await bob.page.keyboard.press('Control+k');
  const search = bob.page.getByRole('dialog', { name: 'Search' });
  await expect(search).toBeVisible();
  await search.getByTestId('search-input').fill(word);
  const hit = search.getByTestId('search-hit').filter({ hasText: word });
  await expect(hit).toHaveCount(1);
  await expect(hit.locator('mark')).toHaveText(word);
  await expect(search.getByTestId('search-group')).toHaveText(alice.displayName);

  // Nothing else matches: the hit is the first option, Enter opens it.
  await expect(hit).toHaveAttribute('aria-selected', 'true');
  await search.getByTestId('search-input').press('Enter');
  await expect(search).toBeHidden();
  await expect(bob.page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  const target = message(bob.page, word);
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/highlighted/);
  // The newest messages are not loaded around it: they come page by page further down, and
  // then new ones show live.
  await expect(message(bob.page, 'Filler from Bob 26')).toHaveCount(0);
  await expect(bob.page.getByTestId('jump-to-latest')).toBeVisible();
  const list = bob.page.getByTestId('message-list');
  await expect(async () => {
    await list.evaluate((element) => element.scrollTo({ top: element.scrollHeight }));
    await expect(message(bob.page, 'Filler from Bob 26')).toBeInViewport({ timeout: 1_000 });
  }).toPass();
  await expect(bob.page.getByTestId('jump-to-latest')).toBeHidden();
  await send(alice.page, 'Still there?');
  await expect(message(bob.page, 'Still there?')).toBeInViewport();
  await expect(bob.page.getByTestId('message')).toHaveCount(57);

  // "/" opens the search too (not while typing); a hit loaded already is scrolled back to.
  await bob.page.getByTestId('message-list').focus();
  await bob.page.keyboard.press('/');
  await expect(search.getByTestId('search-input')).toBeFocused();
  await search.getByTestId('search-input').fill(word);
  await expect(hit).toHaveCount(1);
  await hit.click();
  await expect(target).toBeInViewport();
  await expect(target).toHaveClass(/highlighted/);
  await bob.page.getByTestId('jump-to-latest').click();
  await expect(message(bob.page, 'Still there?')).toBeInViewport();

  await alice.context.close();
  await bob.context.close();
});
