import { readFile } from 'node:fs/promises';

import { expect } from '@playwright/test';

import { signUp, test } from './helpers';

test('exporting my data shows its progress, then downloads a ZIP by its link', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const { page } = await signUp(browser, 'Ezra Export');
  await page.goto('/settings/security');
  const section = page.getByTestId('export-section');
  await expect(section).toContainText('Export your data');

  await section.getByTestId('export-start').click();
  // Small accounts build in well under a poll: either the progress or the result shows.
  await expect(section.getByTestId('export-ready')).toContainText('Your archive is ready', {
    timeout: 20_000,
  });
  await expect(section.getByTestId('export-ready')).toContainText('The link works until');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    section.getByTestId('export-download').click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^chat-export-\d{4}-\d{2}-\d{2}\.zip$/);
  const bytes = await readFile(await download.path());
  // A ZIP starts with a local file header.
  expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));

  // A reload finds the same ready export, and a new one can be made.
  await page.reload();
  await expect(page.getByTestId('export-ready')).toBeVisible();
  await expect(page.getByTestId('export-start')).toContainText('Make a new export');
});
