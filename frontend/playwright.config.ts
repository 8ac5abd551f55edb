import { defineConfig } from '@playwright/test';

// Runs against an already started stack (the API serves the built SPA); nothing is downloaded:
// Debian's Chromium is used as installed.
export default defineConfig({
  testDir: 'e2e',
  // The *-screenshots specs take pictures of the UI for people to look at and check nothing: they
  // are part of a run only when E2E_SHOTS_DIR says where to write them.
  testIgnore: process.env['E2E_SHOTS_DIR'] ? [] : ['**/*screenshots.spec.ts'],
  reporter: 'list',
  use: {
    baseURL: process.env['E2E_BASE_URL'] ?? 'http://localhost:3000',
    headless: true,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
});
