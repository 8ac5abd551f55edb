import { expect } from '@playwright/test';

import { FakeModel } from './fake-model';
import { message, send, signUp, test } from './helpers';
import { type OwnServer, startOwnServer } from './own-server';

// The assistant needs a model that answers slowly enough to be stopped: this spec runs its own
// API with LLM_BASE_URL pointing at a fake model on this machine.
let model: FakeModel;
let server: OwnServer;
test.beforeAll(async () => {
  test.setTimeout(90_000);
  model = await FakeModel.start();
  server = await startOwnServer('stopregen', { LLM_BASE_URL: model.baseUrl });
});
test.afterAll(async () => {
  await server?.stop();
  await model?.close();
});

const slowAnswer =
  'Paris is the capital of France, and it has been for a very long time, since the days when ' +
  'the kings of the Franks chose it over every other city along the Seine and beyond it.';

test('Stop shows Stopped, and Regenerate replaces the text in the same message', async ({
  browser,
}) => {
  const { page } = await signUp(browser, 'Alice Stops', { baseURL: server.baseURL });
  await page.getByTestId('new-chat-button').click();
  const dialog = page.getByRole('dialog', { name: 'New chat' });
  const assistant = dialog.locator('[data-testid="bot-result"][data-bot="assistant"]');
  await expect(assistant.getByTestId('bot-unavailable')).toHaveCount(0);
  await assistant.click();
  await expect(page.getByTestId('chat-title')).toHaveText('Assistant');

  model.queue(
    { text: slowAnswer, delayMs: 150 },
    { text: 'Paris. Short and complete this time.', delayMs: 20 },
  );
  await send(page, 'What is the capital of France?');
  const reply = page.locator('[data-testid="message"][data-status]');
  await expect(reply).toHaveCount(1);
  await expect(reply).toHaveAttribute('data-status', 'streaming');
  await expect(reply.getByTestId('message-body')).toContainText('Paris is the');
  const replyId = await reply.getAttribute('data-message-id');

  await reply.getByTestId('stop-reply').click();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(reply.getByTestId('reply-stopped')).toHaveText(/Stopped/);
  const stoppedText = (await reply.getByTestId('message-body').textContent()) ?? '';
  expect(stoppedText.length).toBeGreaterThan(0);
  expect(slowAnswer.startsWith(stoppedText.trim())).toBe(true);
  expect(stoppedText.trim().length).toBeLessThan(slowAnswer.length);
  // Stopped stays stopped after a reload: it is what the server stored.
  await page.reload();
  await expect(reply).toHaveAttribute('data-status', 'stopped');
  await expect(reply.getByTestId('reply-stopped')).toBeVisible();

  const regenerate = reply.getByTestId('retry-reply');
  await expect(regenerate).toHaveText(/Regenerate/);
  await regenerate.click();
  await expect(reply).toHaveAttribute('data-status', 'complete');
  await expect(reply.getByTestId('message-body')).toHaveText(
    'Paris. Short and complete this time.',
  );
  await expect(reply.getByTestId('reply-stopped')).toHaveCount(0);
  // The same message, rewritten: still one reply, with the same id.
  await expect(reply).toHaveCount(1);
  expect(await reply.getAttribute('data-message-id')).toBe(replyId);
  await expect(message(page, 'Paris is the capital')).toHaveCount(0);
  expect(model.requests).toBe(2);
});
