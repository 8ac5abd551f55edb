import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  expect,
  type Locator,
  type Page,
  test as base,
} from '@playwright/test';

/**
 * Playwright's test, with every browser context a test opened closed when it ends (the
 * failure screenshots are taken before). People's contexts come from `browser.newContext()`,
 * which lives as long as the worker: left open, every finished test's pages would keep their
 * sockets and timers running and load the machine for the tests after it.
 */
export const test = base.extend<{ closeContexts: void }>({
  closeContexts: [
    async ({ browser }, use) => {
      await use();
      await Promise.all(browser.contexts().map((context) => context.close()));
    },
    { auto: true },
  ],
});

export const password = 'correct horse battery staple';

/** Unique per run and per test: the e2e database lives as long as the run. */
export function uniqueUsername(): string {
  return `u${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 3).toString(36)}`;
}

/** Fills in and submits the registration form the page shows. */
export async function registerThroughForm(
  page: Page,
  username: string,
  displayName: string,
): Promise<void> {
  await expect(page.getByTestId('register-form')).toBeVisible();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('display-name').fill(displayName);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('submit').click();
}

export interface Person {
  readonly context: BrowserContext;
  readonly page: Page;
  readonly username: string;
  readonly displayName: string;
}

/** A person in their own browser (own storage, own socket), registered and on the chat home. */
export async function signUp(
  browser: Browser,
  displayName: string,
  options: BrowserContextOptions = {},
): Promise<Person> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const username = uniqueUsername();
  await page.goto('/register');
  await registerThroughForm(page, username, displayName);
  await expect(page).toHaveURL('/');
  return { context, page, username, displayName };
}

/** Opens "New chat", finds the person by username and opens the conversation with them. */
export async function startChatWith(page: Page, other: Person): Promise<void> {
  await page.getByTestId('new-chat-button').click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  await dialog.getByTestId('user-search').fill(other.username);
  await dialog
    .getByTestId('user-result')
    .filter({ hasText: `@${other.username}` })
    .click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('chat-title')).toHaveText(other.displayName);
}

/**
 * Opens "New group", names it and picks the people by username, leaving the dialog open.
 * The dialog focuses its first field once it has opened: typing starts only after that, or
 * the focus could move into the name field while a username is being typed.
 */
export async function fillNewGroup(
  page: Page,
  title: string,
  people: readonly Person[],
): Promise<Locator> {
  await page.getByTestId('new-group-button').click();
  const dialog = page.getByRole('dialog', { name: 'New group' });
  await expect(page.locator('.mdc-dialog--opening')).toHaveCount(0);
  await expect(dialog.getByTestId('group-title')).toBeFocused();
  await dialog.getByTestId('group-title').fill(title);
  for (const person of people) {
    await dialog.getByTestId('member-search').fill(person.username);
    await dialog
      .getByTestId('member-result')
      .filter({ hasText: `@${person.username}` })
      .click();
  }
  await expect(dialog.getByTestId('picked-member')).toHaveCount(people.length);
  return dialog;
}

/** Creates a group with these people; it then opens. */
export async function createGroup(
  page: Page,
  title: string,
  people: readonly Person[],
): Promise<void> {
  const dialog = await fillNewGroup(page, title, people);
  await dialog.getByTestId('create-group').click();
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/\/c\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('chat-title')).toHaveText(title);
}

/** Types a message into the composer and sends it with Enter. */
export async function send(page: Page, text: string): Promise<void> {
  const composer = page.getByTestId('composer');
  await composer.fill(text);
  await composer.press('Enter');
  await expect(composer).toHaveValue('');
}

/** The message whose own text (not a quote of another) contains `text`. */
export function message(page: Page, text: string): Locator {
  return page
    .getByTestId('message')
    .filter({ has: page.getByTestId('message-body').filter({ hasText: text }) });
}

/** Opens a message's menu (the ⋮ button that shows on hover) and picks an action. */
export async function messageAction(page: Page, text: string, action: string): Promise<void> {
  const target = message(page, text);
  await target.hover();
  await target.getByTestId('message-menu-button').click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
}
