import { type Browser, expect, type Page } from '@playwright/test';

import { message, send, signUp, startChatWith, test } from './helpers';

// Presence and search, for looking at them, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/presence-search-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const desktop = { viewport: { width: 1280, height: 800 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

async function onPhone(browser: Browser, page: Page, colorScheme: 'light' | 'dark') {
  const storageState = await page.context().storageState();
  const context = await browser.newContext({ ...phone, colorScheme, storageState });
  return context.newPage();
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`presence and search screenshots (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${dir}/presence-search-${name}-${colorScheme}.png` });

    const alice = await signUp(browser, 'Alice Liddell', { ...desktop, colorScheme });
    const bob = await signUp(browser, 'Bob Builder', { ...desktop, colorScheme });
    const carol = await signUp(browser, 'Carol Danvers', { ...desktop, colorScheme });
    const dave = await signUp(browser, 'Dave Offline', { ...desktop, colorScheme });

    await startChatWith(alice.page, bob);
    await send(alice.page, 'Hi Bob! Are you coming to the meetup on Thursday?');
    await send(alice.page, 'The meetup starts at 19:00, the talks at 19:30.');
    await startChatWith(carol.page, bob);
    await send(carol.page, 'Bob, did you get the slides for the meetup?');
    await startChatWith(dave.page, bob);
    await send(dave.page, 'I will not make it to the meetup, sorry.');
    await dave.context.close();

    // Bob's list: Alice and Carol online, Dave gone.
    const list = bob.page.getByTestId('conversation-item');
    await expect(list).toHaveCount(3);
    // Dave goes offline once the server's grace is over.
    await expect(bob.page.getByTestId('presence-dot')).toHaveCount(2, { timeout: 15_000 });
    await expect(list.filter({ hasText: 'Dave Offline' }).getByTestId('presence-dot')).toHaveCount(
      0,
    );
    await shot(bob.page, 'list-desktop');
    const bobPhone = await onPhone(browser, bob.page, colorScheme);
    await bobPhone.goto('/');
    await expect(bobPhone.getByTestId('presence-dot')).toHaveCount(2);
    await shot(bobPhone, 'list-mobile');

    // The header: online, typing, last seen.
    await list.filter({ hasText: 'Alice Liddell' }).click();
    await expect(bob.page.getByTestId('chat-subtitle')).toHaveText('online');
    await shot(bob.page, 'header-online');
    await alice.page.getByTestId('composer').pressSequentially('Just a sec', { delay: 60 });
    await expect(bob.page.getByTestId('typing-indicator')).toBeVisible();
    await shot(bob.page, 'header-typing');
    await list.filter({ hasText: 'Dave Offline' }).click();
    await expect(bob.page.getByTestId('chat-subtitle')).toHaveText(/^last seen /, {
      timeout: 15_000,
    });
    await shot(bob.page, 'header-last-seen');

    // The search, with results.
    await bob.page.keyboard.press('Control+k');
    const search = bob.page.getByRole('dialog', { name: 'Search' });
    await search.getByTestId('search-input').fill('meetup');
    await expect(search.getByTestId('search-hit')).toHaveCount(4);
    await search.getByTestId('search-input').press('ArrowDown');
    await shot(bob.page, 'search-desktop');
    await search.getByTestId('search-input').fill('zzzz nothing');
    await expect(search.getByTestId('search-empty')).toBeVisible();
    await shot(bob.page, 'search-empty');
    await search.getByTestId('search-input').fill('carol');
    await expect(search.getByTestId('search-conversation')).toHaveCount(1);
    await expect(search.getByTestId('search-hit')).toHaveCount(0);
    await expect(search.getByText('Searching…')).toBeHidden();
    await shot(bob.page, 'search-names');
    await search.getByTestId('search-input').fill('talks');
    await search.getByTestId('search-hit').first().click();
    await expect(message(bob.page, 'the talks at 19:30')).toHaveClass(/highlighted/);
    await bob.page.waitForTimeout(300);
    await shot(bob.page, 'flashed-desktop');

    await bobPhone.getByTestId('search-button').click();
    const phoneSearch = bobPhone.getByRole('dialog', { name: 'Search' });
    await phoneSearch.getByTestId('search-input').fill('meetup');
    await expect(phoneSearch.getByTestId('search-hit')).toHaveCount(4);
    await shot(bobPhone, 'search-mobile');
    await phoneSearch.getByTestId('search-hit').filter({ hasText: 'starts at' }).click();
    await expect(message(bobPhone, 'The meetup starts at 19:00')).toHaveClass(/highlighted/);
    await shot(bobPhone, 'flashed-mobile');

    for (const person of [alice, bob, carol]) await person.context.close();
  });
}
