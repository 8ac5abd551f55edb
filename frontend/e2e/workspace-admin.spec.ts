import { expect } from '@playwright/test';

import { password, registerThroughForm, test, uniqueUsername } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

// This spec needs a server whose first person it knows and whose registration mode it may
// change: it runs its own API on a fresh database, so the shared one stays open for the others.
let server: OwnServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  server = await startOwnServer('admin');
});
test.afterAll(async () => {
  await server?.stop();
});

test('the first user is admin, makes registration invite-only, invites someone who registers through the link, deactivates them and their open app signs out saying why', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const adminContext = await browser.newContext({ baseURL: server.baseURL });
  const admin = await adminContext.newPage();

  // A new server's first person becomes its admin.
  const adminName = uniqueUsername();
  await admin.goto('/register');
  await registerThroughForm(admin, adminName, 'Ada Admin');
  await expect(admin).toHaveURL('/');
  await admin.getByTestId('account-menu-button').click();
  await admin.getByTestId('admin-menu-item').click();
  await expect(admin).toHaveURL('/admin/people');
  const person = (username: string) =>
    admin.locator(`[data-testid="person-row"][data-username="${username}"]`);
  await expect(person(adminName).getByTestId('badge-admin')).toBeVisible();

  // Registration becomes invite-only.
  await admin.getByTestId('admin-tab-settings').click();
  await admin.getByTestId('mode-invite').click();
  await admin.getByTestId('save-settings').click();
  await expect(admin.getByText('Settings saved')).toBeVisible();

  // A visitor without an invite is told one is needed.
  const memberContext = await browser.newContext({ baseURL: server.baseURL });
  const member = await memberContext.newPage();
  await member.goto('/register');
  await expect(member.getByTestId('invite-needed')).toContainText('by invitation');
  await expect(member.getByTestId('register-form')).toHaveCount(0);

  // The admin makes a one-person invite and copies its link.
  await admin.getByTestId('admin-tab-invites').click();
  await admin.getByTestId('create-invite').click();
  const link = await admin.getByTestId('invite-link').inputValue();
  expect(link).toMatch(new RegExp(`^${server.baseURL}/invite/[\\w-]+$`));
  await expect(admin.getByTestId('invite-uses-text').first()).toHaveText('0 of 1 used');

  // The link opens the sign-up page for this workspace; registering through it works.
  await member.goto(link);
  await expect(member.getByRole('heading', { name: 'Join Chat' })).toBeVisible();
  const memberName = uniqueUsername();
  await registerThroughForm(member, memberName, 'Max Member');
  await expect(member).toHaveURL('/');
  await expect(member.getByTestId('account-menu-button')).toContainText('Max Member');

  // The link is used up now.
  const visitor = await (await browser.newContext({ baseURL: server.baseURL })).newPage();
  await visitor.goto(link);
  await expect(visitor.getByTestId('invite-invalid')).toBeVisible();

  // The admin deactivates them, after confirming.
  await admin.getByTestId('admin-tab-people').click();
  await admin.getByTestId('people-search').fill(memberName);
  await expect(admin.getByTestId('person-row')).toHaveCount(1);
  const row = person(memberName);
  await row.getByTestId('person-actions').click();
  await admin.getByTestId('deactivate').click();
  const confirm = admin.getByRole('alertdialog');
  await expect(confirm).toContainText('Deactivate Max Member?');
  await confirm.getByTestId('confirm-button').click();
  await expect(row.getByTestId('badge-deactivated')).toBeVisible();

  // Their open app is signed out at once, saying why.
  await expect(member).toHaveURL(/\/sign-in\?(.*&)?reason=deactivated/, { timeout: 15_000 });
  await expect(member.getByTestId('form-error')).toHaveText(
    'Your account was deactivated. Ask an admin of this workspace to restore it.',
  );
  // Signing in again is refused with the same explanation.
  await member.getByTestId('username').fill(memberName);
  await member.getByTestId('password').fill(password);
  await member.getByTestId('submit').click();
  await expect(member.getByTestId('form-error')).toContainText('Your account was deactivated');
  await expect(member).toHaveURL(/\/sign-in/);

  // The audit log tells the story, newest first.
  await admin.getByTestId('admin-tab-audit').click();
  await expect(admin.getByTestId('audit-event').first()).toContainText(
    `Ada Admin deactivated @${memberName}`,
  );
});
