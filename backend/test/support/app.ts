import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type AppConfig, loadConfig } from '../../src/config/app-config';
import { createApp } from '../../src/create-app';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** Base URL of the listening server, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots the real application, as `main.ts` does, on a random port against the run's
 * Postgres and Redis (DATABASE_URL / REDIS_URL, set up by scripts/with-services.mjs).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  if (!process.env.DATABASE_URL || !process.env.REDIS_URL) {
    throw new Error('DATABASE_URL and REDIS_URL must be set: run tests with `npm test -w backend`');
  }
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    NODE_ENV: 'test',
    // Tests share one address and one Redis: only the rate-limit tests use real limits.
    RATE_LIMIT_AUTH_PER_MINUTE: '100000',
    RATE_LIMIT_REQUESTS_PER_MINUTE: '1000000',
    RATE_LIMIT_REQUESTS_PER_MINUTE_PER_IP: '1000000',
    // Uploaded files go to a throwaway folder, never the checkout's .data/.
    UPLOADS_DIR: join(tmpdir(), `chat-test-uploads-${process.pid}`),
    ...process.env,
    ...env,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return { app, config, url: url.replace('[::1]', '127.0.0.1'), close: () => app.close() };
}
