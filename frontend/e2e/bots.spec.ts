import { type BrowserContextOptions, expect, type Locator, type Page } from '@playwright/test';

import { send, signUp, test } from './helpers';

const question = "I'm 180 cm and 75 kg, which T-shirt size?";
const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
};

/** What a bot reply looked like each time the page changed, recorded in the page. */
interface ReplyState {
  readonly status: string | null;
  readonly text: string;
  /** The caret (or, before the first word, the typing dots) was on screen. */
  readonly streamingShown: boolean;
}

declare global {
  interface Window {
    replyStates?: ReplyState[];
  }
}

/**
 * Records every state of the bot's messages as it renders: a reply streams in a fraction of a
 * second, too fast to catch by polling, but not for a MutationObserver.
 */
async function recordReplies(page: Page): Promise<void> {
  await page.evaluate(() => {
    const states: ReplyState[] = [];
    window.replyStates = states;
    const record = () => {
      for (const reply of document.querySelectorAll<HTMLElement>(
        '[data-testid="message"][data-status]',
      )) {
        const body = reply.querySelector('[data-testid="message-body"]');
        const marker = reply.querySelector('.md-caret, [data-testid="reply-typing"]');
        const state: ReplyState = {
          status: reply.getAttribute('data-status'),
          text: body?.textContent ?? '',
          streamingShown: marker !== null && marker.checkVisibility(),
        };
        const last = states.at(-1);
        if (
          !last ||
          last.status !== state.status ||
          last.text !== state.text ||
          last.streamingShown !== state.streamingShown
        ) {
          states.push(state);
        }
      }
    };
    new MutationObserver(record).observe(document.body, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
  });
}

/** The bot's replies in the open conversation (people's messages have no status). */
const botReplies = (page: Page): Locator => page.locator('[data-testid="message"][data-status]');

async function askSizebotFromSuggestion(page: Page): Promise<Locator> {
  await expect(page.getByTestId('conversations-empty')).toBeVisible();
  const suggestion = page.locator('[data-testid="bot-suggestion"][data-bot="sizebot"]');
  await expect(suggestion).toContainText('Ask SizeBot for your size');
  await suggestion.click();

  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('chat-title')).toHaveText('SizeBot');
  await expect(page.locator('.header [data-testid="bot-badge"]')).toHaveText('BOT');

  await recordReplies(page);
  await send(page, question);

  const reply = botReplies(page);
  await expect(reply).toHaveAttribute('data-status', 'complete', { timeout: 20_000 });
  return reply;
}

/** The reply streamed: shown as streaming (caret or dots) while its text grew, then complete. */
async function expectStreamedThenComplete(page: Page, reply: Locator): Promise<string> {
  const states = (await page.evaluate(() => window.replyStates)) ?? [];
  const streaming = states.filter((s) => s.status === 'streaming');
  expect(
    streaming.some((s) => s.streamingShown),
    JSON.stringify(states),
  ).toBe(true);
  const lengths = [...new Set(streaming.map((s) => s.text.length))];
  expect(lengths.length, JSON.stringify(states)).toBeGreaterThan(1);
  expect(lengths, 'the text only grows').toEqual([...lengths].sort((a, b) => a - b));
  expect(states.at(-1)?.status).toBe('complete');

  // Markdown: the size is in bold; the caret and the Stop button are gone.
  await expect(reply.locator('[data-testid="message-body"] strong').first()).toHaveText(
    /^(XXS|XS|S|M|L|XL|XXL|3XL|\d+XL)\b/,
  );
  await expect(reply.locator('.md-caret')).toHaveCount(0);
  await expect(reply.getByTestId('stop-reply')).toHaveCount(0);
  // Right after the question: no quote of it.
  await expect(reply.getByTestId('reply-quote')).toHaveCount(0);
  const text = (await reply.getByTestId('message-body').textContent()) ?? '';
  // What was streamed is what stays: never the text twice.
  expect(streaming.at(-1)?.text.length ?? 0).toBeLessThanOrEqual(text.length);
  return text;
}

async function expectOnceAfterReload(page: Page, text: string): Promise<void> {
  await page.reload();
  await expect(page.getByTestId('chat-title')).toHaveText('SizeBot');
  await expect(botReplies(page)).toHaveCount(1);
  await expect(botReplies(page)).toHaveAttribute('data-status', 'complete');
  await expect(botReplies(page).getByTestId('message-body')).toHaveText(text);
  await expect(page.getByTestId('message')).toHaveCount(2);
}

test('a new user asks SizeBot from the suggestion and sees the reply stream in', async ({
  browser,
}) => {
  const sam = await signUp(browser, 'Sam Sizes', desktop);
  const reply = await askSizebotFromSuggestion(sam.page);
  const text = await expectStreamedThenComplete(sam.page, reply);

  // The conversation list shows the chat with its badge and the reply as plain text.
  const item = sam.page.getByTestId('conversation-item').filter({ hasText: 'SizeBot' });
  await expect(item.getByTestId('bot-badge')).toBeVisible();
  await expect(item.getByTestId('conversation-preview')).not.toContainText('**');

  await expectOnceAfterReload(sam.page, text);
  await sam.context.close();
});

test('on a phone the suggestion, the streaming reply and the reload work too', async ({
  browser,
}) => {
  const pat = await signUp(browser, 'Pat Phone', phone);
  const reply = await askSizebotFromSuggestion(pat.page);
  const text = await expectStreamedThenComplete(pat.page, reply);

  // Nothing is wider than the screen.
  const overflow = await pat.page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await expect(reply).toBeInViewport();

  await expectOnceAfterReload(pat.page, text);
  await pat.context.close();
});

test('the new chat dialog lists the bots and opens a chat with one', async ({ browser }) => {
  const kim = await signUp(browser, 'Kim Dialog', desktop);
  await kim.page.getByTestId('new-chat-button').click();
  const dialog = kim.page.getByRole('dialog', { name: 'New chat' });
  const bots = dialog.getByTestId('bot-result');
  await expect(bots).toHaveCount(2);
  const sizebot = bots.filter({ hasText: 'SizeBot' });
  await expect(sizebot.getByTestId('bot-badge')).toHaveText('BOT');
  await expect(sizebot).toContainText('size advice');

  await dialog.getByTestId('user-search').fill('size');
  await expect(bots).toHaveCount(1);
  await bots.click();
  await expect(dialog).toBeHidden();
  await expect(kim.page.getByTestId('chat-title')).toHaveText('SizeBot');
  // An empty chat with a bot suggests what to ask.
  await expect(kim.page.getByTestId('bot-prompt').first()).toBeVisible();
  await kim.context.close();
});
