import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type BrowserContext, expect, type Page } from '@playwright/test';

import { FakeModel } from './fake-model';
import { message, password, test, uniqueUsername } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

/**
 * A corpus of XSS payloads through every place a person's text appears — message, display
 * name, group title, channel topic, file name, link preview, bot reply, search hit, and the
 * shop widget (its name, greeting, the visitor's text and the bot's answer) — and no script
 * runs (the hand-off inbox too): every payload calls `__xss(place)`, which records the place; the pages' CSP reports no
 * violation (nothing even tried); and the rendered DOM holds no event-handler attribute,
 * `javascript:` URL or frame. Each place's text is also checked to show literally, so the test
 * knows the payload was rendered and not dropped on the way.
 *
 * Its own API: the assistant needs a model (a fake one on this machine answers with payloads),
 * and link previews need to reach this machine's test site.
 */

const corpus = (place: string): string[] => [
  `<script>__xss('${place}:script')</script>`,
  `<img src=x onerror="__xss('${place}:img')">`,
  `<svg/onload=__xss('${place}:svg')>`,
  `[click me](javascript:__xss('${place}:mdlink'))`,
  `<a href="javascript:__xss('${place}:a')">tap</a>`,
  `<iframe srcdoc="<script>parent.__xss('${place}:iframe')</script>"></iframe>`,
  `{{constructor.constructor('__xss("${place}:ng")')()}}`,
  `<math><mtext><table><mglyph><style><img src=x onerror=__xss('${place}:mxss')>`,
  `![x](x" onerror="__xss('${place}:mdimg'))`,
  `<details open ontoggle=__xss('${place}:details')>`,
  `\`<img src=x onerror=__xss('${place}:code')>\``,
  `**<img src=x onerror=__xss('${place}:bold')>** _<svg onload=__xss('${place}:em')>_`,
];
/** For fields too short for the corpus: one payload that runs as soon as it is parsed. */
const short = (place: string) => `<img src=x onerror=__xss('${place}')>`;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Probe {
  readonly ran: string[];
  readonly violations: string[];
  readonly dialogs: string[];
}

/** Records scripts that ran, CSP violations and dialogs in every page of the context. */
async function probe(context: BrowserContext): Promise<Probe> {
  const found: Probe = { ran: [], violations: [], dialogs: [] };
  await context.exposeFunction('__xss', (place: string) => found.ran.push(place));
  await context.exposeFunction('__cspViolation', (what: string) => found.violations.push(what));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { __cspViolation(what: string): void }).__cspViolation(
        `${e.violatedDirective} ${e.blockedURI} ${e.sample}`,
      ),
    );
  });
  context.on('page', (page) =>
    page.on('dialog', (dialog) => {
      found.dialogs.push(dialog.message());
      void dialog.dismiss();
    }),
  );
  return found;
}

/** What in the rendered body (shadow roots included) could run script. */
function scriptCapable(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    const walk = (root: ParentNode) => {
      for (const el of Array.from(root.querySelectorAll('*'))) {
        for (const attr of Array.from(el.attributes)) {
          if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}="${attr.value}"`);
          if (/^\s*javascript:/i.test(attr.value)) found.push(`${el.tagName} ${attr.name}`);
          if (attr.name === 'srcdoc') found.push(`${el.tagName} srcdoc`);
        }
        if (['IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) found.push(el.tagName);
        if (el.tagName === 'SCRIPT' && !(el as HTMLScriptElement).src) found.push('inline SCRIPT');
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document.body);
    return found;
  });
}

async function rest<T>(
  base: string,
  path: string,
  init: { method?: string; token?: string; json?: unknown; form?: FormData } = {},
): Promise<T> {
  const headers: Record<string, string> = {};
  if (init.token) headers['authorization'] = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, {
    method: init.method ?? (init.json !== undefined || init.form ? 'POST' : 'GET'),
    headers,
    body: init.form ?? (init.json !== undefined ? JSON.stringify(init.json) : undefined),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

interface Account {
  token: string;
  id: string;
  username: string;
}

async function register(base: string, displayName: string): Promise<Account> {
  const username = uniqueUsername();
  const res = await rest<{ accessToken: string; user: { id: string } }>(base, '/auth/register', {
    json: { username, displayName, password },
  });
  return { token: res.accessToken, id: res.user.id, username };
}

async function signIn(context: BrowserContext, who: Account): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/sign-in`);
  await page.getByTestId('username').fill(who.username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
  await expect(page).toHaveURL(`${server.baseURL}/`);
  return page;
}

let sent = 0;
function say(base: string, who: Account, conversationId: string, body: object): Promise<unknown> {
  return rest(base, `/conversations/${conversationId}/messages`, {
    token: who.token,
    json: { clientMessageId: `xss-${Date.now()}-${sent++}`, ...body },
  });
}

let model: FakeModel;
let alice: Account;
let bob: Account;
let server: OwnServer;
let site: Server;
let siteUrl: string;
const pages = new Map<string, string>();

test.beforeAll(async () => {
  test.setTimeout(120_000);
  model = await FakeModel.start();
  site = createServer((req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'http://x').pathname);
    if (page) res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  server = await startOwnServer('xss', {
    LLM_BASE_URL: model.baseUrl,
    LINK_PREVIEW_ALLOW_PRIVATE: 'true',
  });
  // The first person on a server is its admin: Alice also sets up the shop's widget.
  alice = await register(server.baseURL, short('name'));
  bob = await register(server.baseURL, 'Bob Reader');
});
test.afterAll(async () => {
  await server?.stop();
  await model?.close();
  site?.closeAllConnections();
  await new Promise((resolve) => site?.close(resolve));
});

test('no script runs from a person’s text anywhere in the app, and the CSP reports nothing', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const base = server.baseURL;

  const group = await rest<{ id: string }>(base, '/conversations', {
    token: alice.token,
    json: { type: 'group', title: short('group'), memberIds: [bob.id] },
  });
  const messages = corpus('message');
  for (const body of messages) await say(base, alice, group.id, { body });

  pages.set(
    '/article',
    `<!doctype html><html><head><title>${escapeHtml(short('page-title'))}</title>
    <meta property="og:title" content="${escapeHtml(short('preview-title'))}">
    <meta property="og:description" content="${escapeHtml(short('preview-description'))}">
    <meta property="og:site_name" content="${escapeHtml(short('preview-site'))}">
    </head><body>article</body></html>`,
  );
  await say(base, alice, group.id, { body: `Read this ${siteUrl}/article` });

  const form = new FormData();
  const fileName = `${short('file')}.txt`;
  form.append('file', new Blob(['hello'], { type: 'text/plain' }), fileName);
  const file = await rest<{ id: string }>(base, `/conversations/${group.id}/attachments`, {
    token: alice.token,
    form,
  });
  await say(base, alice, group.id, { attachmentIds: [file.id] });

  const channel = await rest<{ id: string }>(base, '/conversations', {
    token: alice.token,
    json: { type: 'channel', title: `xss-${uniqueUsername()}`, topic: short('topic') },
  });
  await rest(base, `/conversations/${channel.id}/join`, { token: bob.token, method: 'POST' });

  const bots = await rest<{ id: string; username: string }[]>(base, '/bots', { token: bob.token });
  const assistant = bots.find((b) => b.username === 'assistant')!;
  const botChat = await rest<{ id: string }>(base, '/conversations', {
    token: bob.token,
    json: { type: 'direct', userId: assistant.id },
  });
  model.queue({ text: `Here you are:\n\n${corpus('bot').join('\n\n')}`, delayMs: 0 });
  await say(base, bob, botChat.id, { body: 'Show me some markup' });

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const found = await probe(context);
  const page = await signIn(context, bob);

  // The list: the group's title, and each conversation's last line.
  const groupItem = page.getByTestId('conversation-item').filter({ hasText: "__xss('group')" });
  await expect(groupItem).toBeVisible();
  await groupItem.click();
  await expect(page.getByTestId('chat-title')).toHaveText(short('group'));
  await expect(message(page, "__xss('message:script')")).toBeVisible();
  await expect(page.getByTestId('message')).toHaveCount(messages.length + 2);
  // The sender's name as written, the preview card and the file's name.
  await expect(page.getByText(short('name')).first()).toBeVisible();
  const preview = message(page, 'Read this').getByTestId('link-preview');
  await expect(preview).toContainText("__xss('preview-title')");
  await expect(preview).toContainText("__xss('preview-description')");
  await expect(page.getByText(fileName)).toBeVisible();
  expect(await scriptCapable(page)).toEqual([]);

  await page.getByTestId('conversation-item').filter({ hasText: '#xss-' }).click();
  await expect(page.getByTestId('chat-subtitle')).toHaveText(short('topic'));
  expect(await scriptCapable(page)).toEqual([]);

  await page.getByTestId('conversation-item').filter({ hasText: 'Assistant' }).click();
  const reply = page.locator('[data-testid="message"][data-status]');
  await expect(reply.getByTestId('message-body')).toContainText("__xss('bot:script')");
  await expect(reply).not.toHaveAttribute('data-status', 'streaming');
  expect(await scriptCapable(page)).toEqual([]);

  // Search shows each hit with its words marked.
  await page.keyboard.press('Control+k');
  const search = page.getByRole('dialog', { name: 'Search' });
  await search.getByTestId('search-input').fill('onerror');
  await expect(search.getByTestId('search-hit').first()).toBeVisible();
  await expect(search.getByTestId('search-hit').filter({ hasText: 'message:bold' })).toHaveCount(1);
  expect(await scriptCapable(page)).toEqual([]);

  expect(found).toEqual({ ran: [], violations: [], dialogs: [] });
});

test('no script runs from the shop widget’s texts, the visitor’s question, the bot’s answer or the agent’s inbox', async ({
  browser,
}) => {
  const base = server.baseURL;
  const widget = await rest<{ id: string }>(base, '/widgets', {
    token: alice.token,
    json: {
      name: short('widget-name'),
      botUsername: 'assistant',
      allowedOrigins: [siteUrl],
      greeting: short('greeting'),
      handoff: true,
    },
  });
  pages.set(
    '/shop',
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head>
    <body><h1>Shop</h1><script src="${base}/widget.js" data-widget="${widget.id}"
      data-context="${escapeHtml(JSON.stringify({ product: short('context'), category: 'tops' }))}" async></script>
    </body></html>`,
  );

  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const found = await probe(context);
  const page = await context.newPage();
  await page.goto(`${siteUrl}/shop`);
  const widgetHost = page.locator('chat-widget');
  await widgetHost.getByRole('button', { name: 'Open chat' }).click();
  const panel = widgetHost.getByRole('dialog');
  await expect(panel).toContainText("__xss('greeting')");
  await expect(panel).toContainText("__xss('widget-name')");

  model.queue({ text: corpus('widget-bot').join('\n\n'), delayMs: 0 });
  const input = panel.getByLabel('Your message');
  await input.fill(corpus('visitor').join(' '));
  await input.press('Enter');
  await expect(panel).toContainText("__xss('visitor:script')");
  await expect(panel).toContainText("__xss('widget-bot:details')");
  expect(await scriptCapable(page)).toEqual([]);

  // The visitor asks for a person: an agent reads the page's context and the transcript.
  await panel.getByRole('button', { name: 'Talk to a person' }).click();
  await expect(panel.getByText('Waiting for a person…')).toBeVisible();
  await rest(base, `/admin/users/${bob.id}`, {
    method: 'PATCH',
    token: alice.token,
    json: { support: true },
  });
  const agentContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const agentFound = await probe(agentContext);
  const agent = await signIn(agentContext, bob);
  await agent.goto(`${base}/inbox`);
  const row = agent.getByTestId('inbox-row').filter({ hasText: "__xss('context')" });
  await expect(row).toContainText("__xss('widget-name')");
  await row.click();
  const transcript = agent.getByRole('list', { name: 'What the visitor and the bot said' });
  await expect(transcript).toContainText("'visitor:mxss'");
  await expect(transcript).toContainText("'widget-bot:bold'");
  expect(await scriptCapable(agent)).toEqual([]);

  expect(found).toEqual({ ran: [], violations: [], dialogs: [] });
  expect(agentFound).toEqual({ ran: [], violations: [], dialogs: [] });
});

test('the probe itself sees markup that would run: the CSP blocks it and reports it', async ({
  browser,
}) => {
  const context = await browser.newContext();
  const found = await probe(context);
  const page = await context.newPage();
  await page.goto(`${server.baseURL}/sign-in`);
  await page.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', `<img src=x onerror="__xss('injected')">`),
  );
  await expect.poll(() => found.violations.length).toBeGreaterThan(0);
  expect(found.ran).toEqual([]);
  expect(await scriptCapable(page)).toEqual([`IMG onerror="__xss('injected')"`]);
});
