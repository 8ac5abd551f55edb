import { type BrowserContextOptions, expect, type Page } from '@playwright/test';

import { send, signUp, test } from './helpers';

// A tour of the bots for looking at it, not a check: runs only with E2E_SHOTS_DIR set, e.g.
// E2E_SHOTS_DIR=/tmp/shots node scripts/with-services.mjs node scripts/e2e.mjs e2e/bot-screenshots.spec.ts
const dir = process.env['E2E_SHOTS_DIR'];
const sizes: Record<string, BrowserContextOptions> = {
  desktop: { viewport: { width: 1280, height: 800 } },
  'desktop-dark': { viewport: { width: 1280, height: 800 }, colorScheme: 'dark' },
  mobile: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true },
};

/**
 * Holds the bot's socket frames back, to release them on cue: a reply streams too fast to
 * photograph otherwise. `failNext` turns the next final update into a failure.
 */
interface BotFrames {
  hold: boolean;
  failNext: boolean;
  /** Sends the first `count` held deltas (all by default), then, unless `hold`, the rest. */
  release(count?: number): void;
}

async function gateBotFrames(page: Page): Promise<BotFrames> {
  const held: { frame: string; delta: boolean }[] = [];
  let forward: (frame: string) => void = () => undefined;
  const frames: BotFrames = {
    hold: false,
    failNext: false,
    release(count = Infinity) {
      let deltas = 0;
      while (held.length > 0) {
        const next = held[0];
        if (next.delta ? deltas >= count : frames.hold) break;
        if (next.delta) deltas++;
        held.shift();
        forward(next.frame);
      }
    },
  };
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    forward = (frame) => ws.send(frame);
    server.onMessage((frame) => {
      if (typeof frame !== 'string' || !frame.startsWith('42[')) return ws.send(frame);
      const [event, payload] = JSON.parse(frame.slice(2)) as [string, Record<string, unknown>];
      const delta = event === 'message:delta';
      const final = event === 'message:updated' && payload['kind'] === 'bot';
      if (final && frames.failNext) {
        frames.failNext = false;
        const failed = {
          ...payload,
          status: 'failed',
          failureReason: 'The model server answered 503',
          body: String(payload['body']).split(' ').slice(0, 4).join(' '),
        };
        return ws.send(`42${JSON.stringify([event, failed])}`);
      }
      if ((delta || final) && (frames.hold || held.length > 0)) {
        return void held.push({ frame, delta });
      }
      ws.send(frame);
    });
  });
  return frames;
}

for (const [size, options] of Object.entries(sizes)) {
  test(`bot screenshots (${size})`, async ({ browser }) => {
    const shot = (name: string) => page.screenshot({ path: `${dir}/bots-${name}-${size}.png` });

    const person = await signUp(browser, 'Robin Example', options);
    const page = person.page;
    const frames = await gateBotFrames(page);
    await page.reload();

    await expect(page.getByTestId('bot-suggestion')).toHaveCount(2);
    await shot('empty');

    await page.getByTestId('new-chat-button').click();
    await expect(page.getByTestId('bot-result')).toHaveCount(2);
    await expect(
      page.getByTestId('user-result').or(page.getByTestId('no-results')).first(),
    ).toBeVisible();
    await shot('new-chat');
    await page.keyboard.press('Escape');

    await page.locator('[data-testid="bot-suggestion"][data-bot="sizebot"]').click();
    await expect(page.getByTestId('bot-prompt').first()).toBeVisible();
    await shot('chat-intro');

    const reply = page.locator('[data-testid="message"][data-status]').last();
    frames.hold = true;
    await send(page, "I'm 180 cm and 75 kg, which T-shirt size?");
    await expect(reply.getByTestId('reply-typing')).toBeVisible();
    await expect(page.getByTestId('replying-indicator')).toBeVisible();
    // Everything the bot wrote arrives meanwhile, and waits.
    await page.waitForTimeout(1_000);
    await shot('reply-waiting');

    frames.release(2);
    await expect(reply.locator('.md-caret')).toBeVisible();
    await shot('reply-streaming');

    frames.hold = false;
    frames.release();
    await expect(reply).toHaveAttribute('data-status', 'complete');
    await shot('reply-complete');

    frames.failNext = true;
    await send(page, 'And which shoe size for a 27 cm foot?');
    await expect(page.getByTestId('retry-reply')).toBeVisible();
    await shot('reply-failed');

    await page.goto('/');
    await page.getByTestId('new-chat-button').click();
    await page.getByTestId('bot-result').filter({ hasText: 'Assistant' }).click();
    await expect(page.getByTestId('chat-title')).toHaveText('Assistant');
    await send(page, 'What can you do?');
    await expect(page.locator('[data-testid="message"][data-status]')).toHaveAttribute(
      'data-status',
      /complete|failed/,
      { timeout: 20_000 },
    );
    await shot('assistant');

    await person.context.close();
  });
}
