import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';

import { type APIRequestContext, type CDPSession, expect } from '@playwright/test';

import { password, test, uniqueUsername } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

/** Target P8: the sign-in page, then the chat list after signing in, with an empty cache. */
const FIRST_VISIT_BUDGET_BYTES = 350_000;
/**
 * P8 asks for sign-in click -> chat list visible within 300 ms. The figure is always measured and
 * printed; the assertion allows headroom for a loaded shared 2-core CI machine (see docs/web-client.md).
 */
const SIGN_IN_TO_LIST_TARGET_MS = 300;
const SIGN_IN_TO_LIST_BOUND_MS = 1_000;

interface Transfer {
  readonly url: string;
  readonly category: string;
  readonly encoding: string | undefined;
  /** The body's size as sent (Content-Length), when the server said it. */
  readonly bodyBytes: number;
  /** Headers and body on the wire. */
  readonly bytes: number;
}

const CATEGORIES: Record<string, string> = {
  Document: 'html',
  Script: 'js',
  Stylesheet: 'css',
  Font: 'fonts',
  Image: 'images',
  XHR: 'api',
  Fetch: 'api',
  Preflight: 'api',
};

/**
 * Every response's bytes on the wire (headers included) as Chrome counts them, and every
 * WebSocket frame received: nothing the browser downloads escapes the sum.
 */
async function recordTransfers(cdp: CDPSession): Promise<Transfer[]> {
  const transfers: Transfer[] = [];
  const responses = new Map<string, Omit<Transfer, 'bytes'>>();
  cdp.on('Network.responseReceived', ({ requestId, type, response }) => {
    const header = (name: string) =>
      Object.entries(response.headers).find(([key]) => key.toLowerCase() === name)?.[1];
    // Icon files the UI draws with (there should be none); the tab's favicon is not one.
    const icon = /\.svg$|symbols/i.test(response.url) && !/\/favicon\.svg$/.test(response.url);
    const category = icon ? 'icons' : (CATEGORIES[type] ?? 'other');
    const encoding = header('content-encoding');
    const bodyBytes = Number(header('content-length') ?? 0);
    responses.set(requestId, { url: response.url, category, encoding, bodyBytes });
  });
  cdp.on('Network.loadingFinished', ({ requestId, encodedDataLength }) => {
    const response = responses.get(requestId) ?? {
      url: requestId,
      category: 'other',
      encoding: undefined,
      bodyBytes: 0,
    };
    transfers.push({ ...response, bytes: encodedDataLength });
  });
  cdp.on('Network.webSocketFrameReceived', ({ response }) => {
    const bytes = Buffer.byteLength(response.payloadData);
    transfers.push({
      url: 'websocket',
      category: 'socket',
      encoding: undefined,
      bodyBytes: bytes,
      bytes,
    });
  });
  await cdp.send('Network.enable');
  return transfers;
}

/** Someone with one conversation, so the chat list has a row to show. */
async function userWithAConversation(request: APIRequestContext): Promise<string> {
  const register = async (displayName: string) => {
    const username = uniqueUsername();
    const res = await request.post('/api/v1/auth/register', {
      data: { username, password, displayName },
    });
    expect(res.status()).toBe(201);
    const body = (await res.json()) as { user: { id: string }; accessToken: string };
    return { username, id: body.user.id, token: body.accessToken };
  };
  // The friend first: the workspace's first person is its admin, and the visitor is a member.
  const friend = await register('Old Friend');
  const me = await register('First Visitor');
  const headers = { authorization: `Bearer ${friend.token}` };
  const conversation = await request.post('/api/v1/conversations', {
    headers,
    data: { type: 'direct', userId: me.id },
  });
  expect(conversation.ok()).toBe(true);
  const { id } = (await conversation.json()) as { id: string };
  const sent = await request.post(`/api/v1/conversations/${id}/messages`, {
    headers,
    data: { clientMessageId: crypto.randomUUID(), body: 'Welcome back!' },
  });
  expect(sent.status()).toBe(201);
  return me.username;
}

const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/**
 * A workspace of its own: what a newcomer downloads must not depend on how many people the other
 * specs put in #general (a channel's summary lists every member; see docs/web-client.md).
 */
let server: OwnServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startOwnServer('first_visit');
});
test.afterAll(async () => {
  await server?.stop();
});

test('first visit: sign-in page, then the chat list, within 350 kB and 300 ms', async ({
  browser,
  playwright,
}, testInfo) => {
  const context = await browser.newContext({ baseURL: server.baseURL });
  const page = await context.newPage();
  // Set up through the API in the test's own request context: none of it is counted.
  const request = await playwright.request.newContext({ baseURL: server.baseURL });
  const username = await userWithAConversation(request);
  await request.dispose();

  const transfers = await recordTransfers(await page.context().newCDPSession(page));
  await page.goto('/sign-in');
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);

  // Marks in the page's own clock: the click, and the frame the first list row renders in.
  await page.evaluate(() => {
    document
      .querySelector('[data-testid="submit"]')
      ?.addEventListener('click', () => performance.mark('sign-in-click'), { capture: true });
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="conversation-item"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => performance.mark('chat-list-visible'));
    }).observe(document.body, { childList: true, subtree: true });
  });
  await page.getByTestId('submit').click();
  await expect(
    page.getByTestId('conversation-item').filter({ hasText: 'Welcome back!' }),
  ).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByName('chat-list-visible').length > 0);
  const signInToListMs = await page.evaluate(
    () => performance.measure('sign-in', 'sign-in-click', 'chat-list-visible').duration,
  );
  // Where those milliseconds went: every fetch between the click and the list, from the click.
  const timeline = await page.evaluate(() => {
    const [click] = performance.getEntriesByName('sign-in-click');
    const [shown] = performance.getEntriesByName('chat-list-visible');
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.startTime >= click.startTime && r.startTime <= shown.startTime)
      .map(
        (r) =>
          `    ${(r.startTime - click.startTime).toFixed(0)}-${(r.responseEnd - click.startTime).toFixed(0)} ms ${new URL(r.name).pathname}`,
      );
  });
  // What the list triggers after it shows (presence, the socket) belongs to the visit too.
  await page.waitForLoadState('networkidle');

  const byCategory = new Map<string, number>();
  for (const { category, bytes } of transfers) {
    byCategory.set(category, (byCategory.get(category) ?? 0) + bytes);
  }
  const total = transfers.reduce((sum, t) => sum + t.bytes, 0);
  // The icons travel inside the main bundle; this is their share of it.
  const iconSource = readFileSync(
    join(__dirname, '../src/app/core/icons/icon-svgs.generated.ts'),
    'utf8',
  );
  const report = [
    `first visit: ${kB(total)} in ${transfers.length} responses (budget ${kB(FIRST_VISIT_BUDGET_BYTES)})`,
    ...[...byCategory].map(([category, bytes]) => `  ${category}: ${kB(bytes)}`),
    `  (icons inside js: about ${kB(brotliCompressSync(iconSource).length)} br)`,
    `sign-in click -> chat list visible: ${signInToListMs.toFixed(0)} ms (target ${SIGN_IN_TO_LIST_TARGET_MS} ms)`,
    ...timeline,
    ...transfers.map((t) => `    ${t.bytes} B ${t.encoding ?? '-'} ${t.url}`),
  ].join('\n');
  console.log(report);
  await testInfo.attach('first-visit', { body: report, contentType: 'text/plain' });

  // Every script and stylesheet came precompressed (the build leaves files under 1 kB as they are).
  const uncompressed = transfers.filter(
    (t) => (t.category === 'js' || t.category === 'css') && !t.encoding && t.bodyBytes >= 1024,
  );
  expect(uncompressed.map((t) => t.url)).toEqual([]);
  // No icon font or icon files: the SVGs are in the bundle; only Latin woff2 Roboto.
  expect(byCategory.get('icons') ?? 0).toBe(0);
  const fonts = transfers.filter((t) => t.category === 'fonts').map((t) => t.url);
  for (const font of fonts) expect(font).toMatch(/\/roboto-latin-\d00-normal-[^/]+\.woff2$/);

  await context.close();
  expect(total).toBeLessThanOrEqual(FIRST_VISIT_BUDGET_BYTES);
  expect(signInToListMs).toBeLessThanOrEqual(SIGN_IN_TO_LIST_BOUND_MS);
});
